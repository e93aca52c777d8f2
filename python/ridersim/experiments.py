"""Ready-made experiments across trades, for notebooks and reports."""

from __future__ import annotations

import pandas as pd

from ridersim.comparison import run_comparison, who_pays
from ridersim.scenario import Scenario


def commission_cut_by_trade(baselines: list[Scenario], points: float = 0.05, replications: int = 5,
                            seed: int = 1) -> pd.DataFrame:
    """One rule across the fare-based trades: the platform keeps `points` less of every fare.

    For each baseline (each must pay its workers from fares), the cut is compared with today's
    rules on common seeds. One row per trade: the take rate before and after, the change in the
    workers' net pay per online hour (after vehicle costs) with its interval, and the change in
    each party's money over a run (who pays).
    """
    rows = []
    for base in baselines:
        if base.pay_basis != "fare":
            raise ValueError(f"{base.name}: workers of trade {base.trade!r} are not paid from fares")
        rate = base.spec["rules"].get("commission", {}).get("worker_rate", 0.0)
        if rate < points:
            raise ValueError(f"{base.name}: the commission rate {rate:g} is below the cut of {points:g}")
        cut = base.with_changes({"rules.commission.worker_rate": round(rate - points, 6)}, name=f"{base.name}-cut")
        comparison = run_comparison(base, [cut], replications=replications, seed=seed, chance=False)
        t = comparison.table.set_index("kpi")
        net = t.loc["worker_net_after_costs_per_online_hour_mean"]
        row = {"trade": base.trade, "workers": base.words["workers"], "rate_before": rate, "rate_after": rate - points,
               "take_rate_before": t.loc["worker_take_rate", "baseline_mean"],
               "take_rate_after": t.loc["worker_take_rate", "proposal_mean"],
               "net_per_hour_before": net.baseline_mean, "net_per_hour_change": net.diff_mean,
               "net_per_hour_ci_low": net.ci_low, "net_per_hour_ci_high": net.ci_high}
        for r in who_pays(comparison).itertuples():
            row[f"change_{r.party}_yuan"] = r.change_yuan
        rows.append(row)
    return pd.DataFrame(rows)
