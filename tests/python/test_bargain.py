"""Bargaining solutions on analytic cases, where the answer is known in closed form."""

import math

import numpy as np
import pandas as pd
import pytest

from ridersim.bargain import egalitarian, kalai_smorodinsky, nash, pareto_front, robustness, utilities


def line(n=1001):
    u1 = np.linspace(0, 1, n)
    return u1, 1 - u1


def test_nash_on_a_linear_frontier_is_the_midpoint():
    u1, u2 = line()
    i = nash(u1, u2, (0.0, 0.0))
    assert (u1[i], u2[i]) == pytest.approx((0.5, 0.5))


@pytest.mark.parametrize("alpha", [0.2, 0.35, 0.7, 0.9])
def test_asymmetric_nash_moves_with_bargaining_power(alpha):
    # maximising u1^a (1 - u1)^(1 - a) on the line gives u1 = a
    u1, u2 = line()
    assert u1[nash(u1, u2, (0.0, 0.0), alpha)] == pytest.approx(alpha)


def test_the_disagreement_point_shifts_nash():
    u1, u2 = line()
    # from d = (0.2, 0): the gains split the remaining 0.8 equally -> u1 = 0.6
    assert u1[nash(u1, u2, (0.2, 0.0))] == pytest.approx(0.6)


def curve(n=20001):
    # a non-symmetric concave frontier: u2 = 2 (1 - u1^2), u1 in [0, 1]
    u1 = np.linspace(0, 1, n)
    return u1, 2 * (1 - u1 ** 2)


def test_kalai_smorodinsky_on_a_known_non_symmetric_set():
    # ideal point (1, 2): gains proportional -> u2 = 2 u1 -> u1^2 + u1 - 1 = 0 -> u1 = (sqrt(5) - 1) / 2
    u1, u2 = curve()
    i = kalai_smorodinsky(u1, u2, (0.0, 0.0))
    assert u1[i] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-3)
    assert u2[i] == pytest.approx(2 * u1[i], abs=2e-3)


def test_nash_and_egalitarian_on_the_same_set():
    u1, u2 = curve()
    # Nash: max u1 x 2 (1 - u1^2) -> u1 = 1 / sqrt(3)
    assert u1[nash(u1, u2, (0.0, 0.0))] == pytest.approx(1 / math.sqrt(3), abs=1e-3)
    # egalitarian: u1 = 2 (1 - u1^2) -> u1 = (sqrt(17) - 1) / 4
    assert u1[egalitarian(u1, u2, (0.0, 0.0))] == pytest.approx((math.sqrt(17) - 1) / 4, abs=1e-3)


def test_no_solution_when_nothing_beats_the_disagreement_point():
    u1, u2 = line()
    assert nash(u1, u2, (0.6, 0.6)) is None
    assert kalai_smorodinsky(u1, u2, (0.6, 0.6)) is None
    assert egalitarian(u1, u2, (0.6, 0.6)) is None
    with pytest.raises(ValueError):
        nash(u1, u2, (0, 0), alpha=1.5)


def test_pareto_front():
    u1 = np.array([1, 2, 3, 2, 0.5])
    u2 = np.array([3, 2, 1, 1, 3])
    assert pareto_front(u1, u2).tolist() == [True, True, True, False, False]


def test_utilities_and_robustness():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [10.0, np.nan]})
    u = utilities(frame, {"p": {"a": 2.0, "b": -0.5}})
    assert u.p.tolist() == [2.0 - 5.0, 4.0]
    with pytest.raises(KeyError, match="no KPI named c"):
        utilities(frame, {"p": {"c": 1.0}})
    per_draw = pd.DataFrame({"point": [1, 1, 2, 2], "draw": [0, 1, 0, 1], "riders": [2, 0, 2, 2],
                             "platform": [2, 2, 2, 0]})
    d = pd.DataFrame({"riders": [1, 1], "platform": [1, 1]}, index=pd.Index([0, 1], name="draw"))
    assert robustness(per_draw, d).to_dict() == {1: 0.5, 2: 0.5}
