"""Properties of every trade under random rule sets drawn from the lever schema: a set the schema
allows either runs or is refused with a clear error (never a crash or an internal error), the
ledger balances to the fen, the same seed gives the same run, and every KPI stays inside its
physical range."""

import math

import numpy as np
import pytest

import ridersim
from ridersim.scenario import value_at
from ridersim.schema import scenario_levers
from conftest import ROOT

TRADES = {"food": "baseline.json", "ride_hailing": "ride_hailing/baseline.json",
          "freight": "freight/baseline.json", "courier": "courier/baseline.json"}
EXAMPLES = 6
#: KPIs that are shares of something: between 0 and 1
SHARES = ("on_time_rate", "late_rate", "rider_utilisation_mean", "worker_utilisation", "empty_km_share",
          "share_rider_days_below_min_wage", "share_rider_days_over_10_online_hours",
          "share_rider_days_below_min_wage_floor_hours", "commission_rate_effective")


#: a table lever (tiers, bonuses) as a baseline sets it: drawn sets take it whole
TABLES = {}
for _path in TRADES.values():
    _spec = ridersim.Scenario.load(ROOT / "scenarios" / _path).spec
    for _key in ("rules.lateness.cash_tiers", "rules.threshold_bonuses", "rules.fare.multiplier_by_hour"):
        if value_at(_spec, _key) is not None:
            TABLES.setdefault(_key, value_at(_spec, _key))


def draw_changes(levers, rng) -> dict:
    """About a third of the levers, each at a value its schema allows: a choice, a flag, or a number
    between its bounds (an unbounded top is taken as four times the default or the bottom, plus one).
    A lever whose section has keys without a default (a multiplier's share) brings them along."""
    chosen = {key for key in levers.key if rng.random() <= 0.35 and not key.startswith("horizon")}
    required = {key for key, default in zip(levers.key, levers.default) if default is None}
    for key in list(chosen):
        section = key.rsplit(".", 1)[0]
        chosen |= {r for r in required if r.rsplit(".", 1)[0] == section}
    changes = {key: TABLES[key] for key in chosen if key in TABLES}
    for _, lever in levers.iterrows():
        if lever["key"] not in chosen:
            continue
        kind = lever["type"]
        if kind == "choice":
            choices = [c for c in lever["choices"] if c != "external"]
            changes[lever["key"]] = choices[rng.integers(len(choices))]
        elif kind == "boolean":
            changes[lever["key"]] = bool(rng.integers(2))
        elif kind in ("number", "money", "share", "integer"):
            low = lever["min"] if math.isfinite(lever["min"]) else 0.0
            default = lever["default"]
            default = default if default is not None and math.isfinite(default) else low
            high = lever["max"] if math.isfinite(lever["max"]) else 4 * max(abs(default), abs(low)) + 1
            high = min(high, low + 4 * max(abs(default), 1.0) + 10) if kind != "share" else high
            value = low + (high - low) * rng.random()
            changes[lever["key"]] = int(round(value)) if kind == "integer" else float(value)
    return changes


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
                                        for x, y in ((a[k], b[k]) for k in a))


@pytest.mark.parametrize("trade", list(TRADES))
def test_random_rule_sets_run_balanced_repeatable_and_in_range(trade):
    base = ridersim.Scenario.load(ROOT / "scenarios" / TRADES[trade])
    start = base.spec["horizon"]["start_h"]
    # a morning, and a dispatch budget small enough that a set whose dispatch explodes stops at once
    base = base.with_changes({"horizon.end_h": min(24, start + 5), "horizon.days": 1,
                              "budget": {"dispatch_work_per_job": 50_000, "min_dispatch_work": 2e7}})
    levers = scenario_levers(base)
    rng = np.random.default_rng([20261207, list(TRADES).index(trade)])
    ran = refused = 0
    for example in range(EXAMPLES):
        changes = draw_changes(levers, rng)
        try:
            scenario = base.with_changes(changes, name=f"random-{example}")
            first = ridersim.run(scenario, seed=example + 1).summary
        except ridersim.ScenarioError as error:
            # refused with the JSON path of what is wrong: a combination the compiler or the budget rules out
            assert str(error).startswith("scenario.") or "scenario." in str(error), (changes, error)
            refused += 1
            continue
        ran += 1
        where = f"{trade} example {example}: {changes}"
        assert first["ledger_imbalance_fen"] == 0, where
        assert same(first, ridersim.run(scenario, seed=example + 1).summary), where
        assert 0 <= first["orders_delivered"] <= first["orders_placed"], where
        for kpi in SHARES:
            value = first.get(kpi, math.nan)
            assert math.isnan(value) or -1e-9 <= value <= 1 + 1e-9, (kpi, value, where)
        for kpi in ("ctd_mean_min", "rider_days", "rider_online_hours", "crashes", "dispatch_work_per_job"):
            assert math.isnan(first[kpi]) or first[kpi] >= 0, (kpi, first[kpi], where)
        assert abs(sum(v for k, v in first.items() if k.startswith("balance_"))) < 0.01, where
    assert ran >= EXAMPLES // 2, f"{trade}: only {ran} of {EXAMPLES} drawn rule sets ran ({refused} refused)"
