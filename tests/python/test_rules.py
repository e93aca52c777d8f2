"""Each shipped proposal does what its description says, on the same orders as the baseline."""

import numpy as np
import pytest

import ridersim
from conftest import ROOT

PROPOSALS = ROOT / "scenarios" / "proposals"


@pytest.fixture(scope="module")
def baseline_run():
    return ridersim.run(ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json"), seed=11)


def run(name):
    return ridersim.run(ridersim.Scenario.load(PROPOSALS / f"{name}.json"), seed=11)


def test_timeout_no_penalty_moves_lateness_from_cash_to_points(baseline_run):
    r = run("timeout-no-penalty")
    assert baseline_run.orders.penalty_fen.sum() > 0
    assert r.orders.penalty_fen.sum() == 0
    late = r.orders[r.orders.minutes_late > 0]
    assert (late.points_lost > 0).all()
    assert r.riders.score.min() < 70
    # a weaker sanction: riders violate less often to beat the clock
    assert r.summary["violations_per_1000_orders"] < baseline_run.summary["violations_per_1000_orders"]


def test_commission_cut_moves_money_from_platform_to_merchants(baseline_run):
    r = run("commission-cut")
    assert r.summary["commission_rate_effective"] == pytest.approx(0.109, abs=1e-4)
    assert baseline_run.summary["commission_rate_effective"] == pytest.approx(0.14, abs=1e-4)
    assert r.summary["platform_net_revenue_yuan"] < baseline_run.summary["platform_net_revenue_yuan"]


def test_hourly_floor_tops_up_to_25_yuan_per_online_hour():
    r = run("hourly-floor")
    d = r.riders
    topped = d[d.floor_topup_fen > 0]
    assert len(topped) > 0
    # after the top-up, net earnings equal the floor to the fen (rounding up)
    floor_fen = np.ceil(2500 * d.online_s / 3600 - 1e-6)
    assert (d.net_fen >= floor_fen - 1).all()
    assert ((topped.net_fen - floor_fen[topped.index]).abs() <= 1).all()


def test_eta_median_promises_later_and_is_late_less_often(baseline_run):
    r = run("eta-median")
    placed = baseline_run.orders.placed_s
    assert (r.orders.placed_s == placed).all()  # the same potential orders
    assert (r.orders.promised_s > baseline_run.orders.promised_s).all()
    assert r.summary["late_rate"] < baseline_run.summary["late_rate"]


def test_festival_surcharge_pays_surcharge_peak_fee_and_gated_multiplier():
    r = run("festival-surcharge")
    delivered = r.orders[r.orders.status == "delivered"]
    assert (delivered.pay_festival_fen == 200).all()
    # 10% of the order value, rounded half away from zero to the fen
    assert (delivered.peak_fee_fen == np.floor(delivered.basket_fen * 0.1 + 0.5)).all()
    d = r.riders
    gated = d[(d.online_s >= 7 * 3600) & (d.orders >= 0.93 * d.offers)]
    assert (d.loc[d.multiplier_fen > 0].index.isin(gated.index)).all()
    assert (gated.multiplier_fen > 0).any()


def test_safety_bonus_is_paid_only_on_clean_records():
    r = run("safety-bonus")
    delivered = r.orders[r.orders.status == "delivered"]
    assert set(delivered.safety_bonus_fen.unique()) <= {0, 150}
    assert (delivered.safety_bonus_fen == 150).sum() > 100


def test_every_proposal_balances_its_ledger():
    for path in sorted(PROPOSALS.glob("*.json")):
        assert ridersim.run(ridersim.Scenario.load(path), seed=2).summary["ledger_imbalance_fen"] == 0, path.name
