"""Dispatch policies: every policy serves the city and balances its books; a policy in Python."""

import numpy as np
import pandas as pd
import pytest

import ridersim
from conftest import ROOT

POLICIES = ridersim.policies()  # every policy registered in the core: a new one is covered without an edit


@pytest.fixture(scope="module")
def base():
    return ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")


def more_riders(base, factor=1.6):
    """The city with more riders: the default one is calibrated to riders who carry several orders
    at the peaks, so a policy that gives a rider one order at a time needs more of them."""
    types = [dict(t, count=int(t["count"] * factor)) for t in base.spec["riders"]["types"]]
    return base.with_changes({"riders.types": types})


@pytest.mark.parametrize("policy", POLICIES)
def test_every_policy_serves_the_city(base, policy):
    city = base if policy in ("bundling", "grab_market") else more_riders(base)
    r = ridersim.run(city.with_changes({"rules.dispatch.policy": policy}), seed=3)
    s = r.summary
    assert s["ledger_imbalance_fen"] == 0
    assert s["orders_delivered"] > 0.8 * s["orders_placed"]


def test_grab_market_widens_the_radius_for_orders_nobody_grabs(base):
    tight = base.with_changes({"rules.dispatch.policy": "grab_market", "rules.dispatch.grab_radius_km": 0.3,
                               "rules.dispatch.grab_radius_growth": 1.0})
    growing = tight.with_changes({"rules.dispatch.grab_radius_growth": 2.0})
    assert ridersim.run(growing, seed=1).summary["orders_delivered"] > ridersim.run(tight, seed=1).summary["orders_delivered"]


def test_score_priority_gives_more_orders_to_higher_scores(base):
    points = base.with_changes({"rules.dispatch.policy": "score_priority", "rules.lateness.sanction": "points",
                                "rules.lateness.points": {"base_score": 70, "minor": 2, "major": 4, "major_after_min": 5,
                                                          "recovered_on_time": 0.5},
                                "horizon.days": 3})
    riders = ridersim.run(points, seed=2).riders
    last_day = riders[riders.day == 2]
    previous = riders[riders.day < 2].groupby("rider_id").score.last()
    joined = last_day.set_index("rider_id").join(previous.rename("score_before"), how="inner")
    joined["per_hour"] = joined.orders / (joined.online_s / 3600)
    high = joined[joined.score_before >= joined.score_before.median()].per_hour.mean()
    low = joined[joined.score_before < joined.score_before.median()].per_hour.mean()
    assert high > low


def nearest_pairs(snapshot):
    """A greedy policy in Python: each order, oldest first, to the nearest free rider."""
    free = np.ones(len(snapshot["rider_id"]), dtype=bool)
    pairs = []
    for k, order in enumerate(snapshot["order_id"]):
        if not free.any():
            break
        d = np.hypot(snapshot["rider_x_m"] - snapshot["order_pickup_x_m"][k],
                     snapshot["rider_y_m"] - snapshot["order_pickup_y_m"][k])
        d[~free] = np.inf
        j = int(np.argmin(d))
        free[j] = False
        pairs.append((int(order), int(snapshot["rider_id"][j])))
    return pairs


def test_bundling_carries_several_orders_at_the_peaks_and_serves_more_than_one_at_a_time(base):
    bundled = ridersim.run(base, seed=5).summary
    single = ridersim.run(base.with_changes({"rules.dispatch.policy": "batched"}), seed=5).summary
    assert bundled["jobs_in_hand_at_peaks_mean"] > 1.5
    assert single["jobs_in_hand_at_peaks_mean"] == 1.0
    assert bundled["orders_per_rider_hour"] > single["orders_per_rider_hour"]
    assert bundled["orders_delivered"] > single["orders_delivered"]


def test_a_policy_written_in_python(base):
    base = more_riders(base)
    r = ridersim.run(base, seed=4, policy=nearest_pairs)
    assert r.summary["ledger_imbalance_fen"] == 0
    assert r.summary["orders_delivered"] > 0.8 * r.summary["orders_placed"]
    again = ridersim.run(base, seed=4, policy=nearest_pairs)
    assert again.summary_json() == r.summary_json()


def test_an_external_scenario_needs_a_policy(base):
    external = base.with_changes({"rules.dispatch.policy": "external"})
    with pytest.raises(ValueError, match="pass a dispatch policy"):
        ridersim.run(external, seed=1)
    assert ridersim.run(external, seed=1, policy=nearest_pairs).summary["orders_delivered"] > 0


def test_a_policy_that_fails_is_reported(base):
    def broken(snapshot):
        raise KeyError("no such thing")

    with pytest.raises(RuntimeError, match="the dispatch policy raised"):
        ridersim.run(base, seed=1, policy=broken)
    with pytest.raises(RuntimeError, match="not a waiting order and an idle rider"):
        ridersim.run(base, seed=1, policy=lambda s: [(10**6, 0)])
    with pytest.raises(RuntimeError, match="pairs"):
        ridersim.run(base, seed=1, policy=lambda s: [1, 2, 3])
    with pytest.raises(TypeError):
        ridersim.run(base, seed=1, policy=42)


def test_a_python_policy_dispatches_a_comparison(base):
    small = ridersim.Scenario.load(ROOT / "tests" / "data" / "small-city.json")
    raised = small.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="raised")
    mine = ridersim.run_comparison(small, [raised], replications=2, policy=nearest_pairs)
    theirs = ridersim.run_comparison(small, [raised], replications=2)
    # the policy ran (a different dispatch), and every run under it balances
    assert not mine.summaries.equals(theirs.summaries)
    assert (mine.summaries[mine.summaries.kpi == "ledger_imbalance_fen"].value == 0).all()
    again = ridersim.run_comparison(small, [raised], replications=2, policy=nearest_pairs)
    pd.testing.assert_frame_equal(mine.table, again.table)
