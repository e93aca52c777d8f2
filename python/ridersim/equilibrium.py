"""A baseline as a fixed point of free entry: the reservation wages at which no worker type is
expected to grow or shrink.

Under free entry (docs/model.md) a member whose learned net pay per online hour e_i falls short of
the type's reservation wage w leaves with probability proportional to (w - e_i) / w, and the type
gains members in proportion to the sum of (e_i - w) / w over those above it. The expected flow is
zero when w is the mean of the members' e_i. A member's e_i follows the net pay after vehicle
costs per online hour of the days it works, so w starts as the mean of that over the type's
worker-days, solved in a few rounds (w also moves which offers crowd-sourced workers accept).
Members differ for good (where they log in, which shifts they work), so exits select the better
paid and the pool still creeps: w is then corrected from runs with free entry and without on the
same seeds, by each type's change in worker-days over the last fortnight x: w x (1 + x / 2), a
half step, since the pool answers the wage less than one for one and x is measured with noise.

    python3 -m ridersim.equilibrium scenarios/freight/baseline.json

prints the solved wages as a proposal-style diff.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from ridersim.results import run
from ridersim.scenario import Scenario


def mean_hourly_net(scenario: Scenario, days: int = 7, seeds=(11, 12)) -> dict[str, float]:
    """Each worker type's mean over its worker-days of net pay after vehicle costs per online hour."""
    frames = []
    for seed in seeds:
        d = run(scenario.with_changes({"horizon.days": days}), seed=seed).riders
        d = d[d.online_s > 0]
        frames.append(pd.DataFrame({"type": d.rider_type.astype(str),
                                    "per_hour": d.net_after_costs_fen / 100 / (d.online_s / 3600)}))
    days_of = pd.concat(frames)
    return {name: float(days_of[days_of.type == name].per_hour.mean()) for name in scenario.rider_type_names}


def fixed_point_wages(scenario: Scenario, days: int = 7, seeds=(11, 12), rounds: int = 3,
                      corrections: int = 0, entry_days: int = 56) -> dict[str, float]:
    """The reservation wage of each type (yuan an hour, to the fen) at which free entry leaves the
    scenario where it is: `rounds` of the mean hourly net, then `corrections` from runs of
    `entry_days` with free entry and without. A type that nets nothing has no wage to solve: it is refused."""
    wages: dict[str, float] = {}
    current = scenario
    for _ in range(rounds):
        wages = {name: round(value, 2) for name, value in mean_hourly_net(current, days, seeds).items()}
        low = {name: value for name, value in wages.items() if not value > 0}
        if low:
            raise ValueError("these worker types net nothing an hour after vehicle costs, so no reservation wage "
                             f"keeps them working: {low}; raise their pay or lower their costs")
        current = scenario.with_changes(_changes(scenario, wages))
    for _ in range(corrections):
        change = pool_change(current, entry_days, seeds)
        wages = {name: round(wages[name] * (1 + change[name] / 2), 2) for name in wages}
        current = scenario.with_changes(_changes(scenario, wages))
    return wages


def pool_change(scenario: Scenario, days: int = 56, seeds=(11, 12)) -> dict[str, float]:
    """Each type's worker-days over the last fortnight of `days` with free entry, against the same
    days without it on the same seeds (the same orders): what free entry moved, pooled."""
    static = scenario.with_changes({"horizon.days": days})
    free = static.with_changes({"riders.labour_supply.free_entry": True})
    totals = {"free": {}, "static": {}}
    for seed in seeds:
        for key, s in (("free", free), ("static", static)):
            d = run(s, seed=seed).riders
            d = d[(d.online_s > 0) & (d.day >= days - 14)]
            for name, n in d.rider_type.astype(str).value_counts().items():
                totals[key][name] = totals[key].get(name, 0) + n
    return {name: totals["free"].get(name, 0) / totals["static"][name] - 1 if totals["static"].get(name) else 0.0
            for name in scenario.rider_type_names}


def _changes(scenario: Scenario, wages: dict[str, float]) -> dict[str, float]:
    return {f"riders.types[{i}].reservation_wage_yuan_per_h": wages[name]
            for i, name in enumerate(scenario.rider_type_names)}


def at_fixed_point(scenario: Scenario, **options) -> Scenario:
    """The scenario with its reservation wages solved (see `fixed_point_wages`)."""
    return scenario.with_changes(_changes(scenario, fixed_point_wages(scenario, **options)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m ridersim.equilibrium", description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corrections", type=int, default=2, help="corrections from runs with free entry and without (default 2)")
    args = parser.parse_args(argv)
    scenario = Scenario.load(args.scenario)
    wages = fixed_point_wages(scenario, days=args.days, rounds=args.rounds, corrections=args.corrections)
    json.dump({"extends": args.scenario, "name": f"{scenario.name}-fixed-point", "changes": _changes(scenario, wages)},
              sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
