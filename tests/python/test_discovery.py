"""Scenario discovery: PRIM finds a box planted in known data, and over a sweep it names where a
rule set stops paying off."""

import numpy as np
import pandas as pd
import pytest

from ridersim import discovery, sweep

from conftest import ROOT


def test_prim_finds_the_box_the_failures_were_planted_in():
    rng = np.random.default_rng(5)
    x = pd.DataFrame({"a": rng.uniform(0, 1, 2000), "b": rng.uniform(0, 1, 2000), "c": rng.uniform(0, 1, 2000)})
    # fails (almost only) where a > 0.6 and b < 0.3; c is irrelevant
    y = ((x.a > 0.6) & (x.b < 0.3)) ^ (rng.uniform(0, 1, 2000) < 0.02)
    box = discovery.prim(x, y, min_coverage=0.7)
    assert box.limits["a"][0] == pytest.approx(0.6, abs=0.06)
    assert box.limits["b"][1] == pytest.approx(0.3, abs=0.06)
    assert box.limits["c"][0] < 0.1 and box.limits["c"][1] > 0.9   # c left alone
    assert box.density > 0.8 and box.coverage >= 0.7
    words = box.describe()
    assert "a >=" in words and "b <=" in words and "c" not in words.split("(")[0]


def test_prim_needs_a_case_of_interest():
    x = pd.DataFrame({"a": [0.1, 0.2]})
    with pytest.raises(ValueError, match="pays off under every draw"):
        discovery.prim(x, [False, False])


def test_discovery_over_a_sweep(tmp_path):
    spec = sweep.load_spec(ROOT / "tests" / "data" / "sweeps" / "small.json")
    out = tmp_path / "r.sqlite"
    sweep.run_sweep(spec, out, jobs=2)
    frame, info = sweep.read_results(out)
    table = discovery.payoffs(frame, info, point=1, kpi="rider_net_per_online_hour_p50")
    assert list(table.columns) == list(info["uncertainties"]) + ["payoff"]
    assert len(table) == spec.draws
    # a threshold above every payoff makes every draw a failure: the box is everything
    box = discovery.discover(frame, info, 1, "rider_net_per_online_hour_p50", threshold=table.payoff.max() + 1)
    assert box.coverage == 1.0 and box.density == 1.0
    with pytest.raises(KeyError, match="no point 99"):
        discovery.payoffs(frame, info, 99, "rider_net_per_online_hour_p50")


def test_the_plot_marks_the_chosen_box_on_the_trajectory():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from ridersim import plots
    rng = np.random.default_rng(6)
    x = pd.DataFrame({"a": rng.uniform(0, 1, 800), "b": rng.uniform(0, 1, 800)})
    box = discovery.prim(x, (x.a > 0.7).to_numpy(), min_coverage=0.7)
    fig = plots.discovery(box)
    line = fig.axes[0].lines[0].get_xydata()
    assert np.allclose(line, box.trajectory[["coverage", "density"]].to_numpy())
    assert np.allclose(fig.axes[0].collections[0].get_offsets(), [[box.coverage, box.density]])
    assert "a >=" in fig.axes[0].get_title()
    plt.close(fig)
