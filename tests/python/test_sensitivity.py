"""Sobol and Morris indices, checked against the Ishigami function, whose indices are known exactly."""

import numpy as np
import pytest

from ridersim import sensitivity as sa

ISHIGAMI = {"x1": (-np.pi, np.pi), "x2": (-np.pi, np.pi), "x3": (-np.pi, np.pi)}


def test_sobol_recovers_the_ishigami_indices_within_their_intervals():
    found = sa.sobol(sa.ishigami, ISHIGAMI, n=4096, seed=3, bootstrap=300).set_index("factor")
    exact = sa.ishigami_indices().set_index("factor")
    for factor in exact.index:
        for index in ("S1", "ST"):
            low, high = found.loc[factor, f"{index}_low"], found.loc[factor, f"{index}_high"]
            # the interval covers the exact value, and is narrow enough to mean something
            assert low - 0.01 <= exact.loc[factor, index] <= high + 0.01, (factor, index, low, high)
            assert high - low < 0.15
    # x3 acts only with x1: no first-order share, a real total one
    assert abs(found.loc["x3", "S1"]) < 0.05 and found.loc["x3", "ST"] > 0.15


def test_morris_ranks_the_ishigami_factors_and_flags_the_interaction():
    effects = sa.morris(sa.ishigami, ISHIGAMI, r=100, levels=4, seed=2).set_index("factor")
    # x3 matters least on its own, and only through x1: its effects spread more than they average
    assert effects.mu_star.idxmin() == "x3"
    assert effects.loc["x3", "sigma"] > effects.loc["x3", "mu_star"]
    # x2 acts through sin^2: effects of both signs, a mean near 0 beside a large mu*
    assert abs(effects.loc["x2", "mu"]) < 0.25 * effects.loc["x2", "mu_star"]


def test_bad_bounds_are_refused():
    with pytest.raises(ValueError, match="x1: the low bound must be below the high one"):
        sa.sobol(sa.ishigami, {"x1": (1, 1), "x2": (0, 1), "x3": (0, 1)}, n=8)


def test_a_scenario_model_runs_the_levers(small_city):
    model = sa.scenario_model(small_city, ["rules.pay.base_per_order_yuan"], "rider_cost_per_order_yuan", seed=1)
    low, high = model(np.array([[4.0], [6.0]]))
    assert high - low == pytest.approx(2.0, abs=0.01)  # the piece rate is paid on every order


def test_the_plots_draw_the_indices_they_are_given():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from ridersim import plots
    found = sa.sobol(sa.ishigami, ISHIGAMI, n=512, seed=1, bootstrap=50)
    fig = plots.sobol(found)
    bars = [p.get_width() for p in fig.axes[0].patches]
    assert bars == pytest.approx(list(found.S1) + list(found.ST))
    plt.close(fig)
    effects = sa.morris(sa.ishigami, ISHIGAMI, r=20, seed=1)
    fig = plots.morris(effects)
    points = fig.axes[0].collections[0].get_offsets()
    assert np.allclose(points, effects[["mu_star", "sigma"]].to_numpy())
    plt.close(fig)
