"""Bargaining over rule sets: party utilities, the Pareto frontier, and the solutions that
bargaining theory picks from a disagreement point.

The solution functions are pure: they take the utilities of a finite set of candidates (each a
concrete rule set that was simulated) and return the index of the chosen one.

- Nash: maximise (u1 - d1)(u2 - d2) over candidates that leave both better off than d.
- Asymmetric Nash: maximise (u1 - d1)^alpha (u2 - d2)^(1 - alpha); alpha is party 1's power.
- Kalai-Smorodinsky: the frontier point whose gains are most nearly proportional to each party's
  largest feasible gain (maximise the smaller of the two normalised gains).
- Egalitarian: maximise the smaller of the two absolute gains.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ridersim.files import write_atomic

#: utility of each party: a weighted sum of KPIs (weights per KPI)
DEFAULT_UTILITIES = {
    # workers: net yuan per online hour after vehicle costs, less 10 per share of rider-days under the minimum wage, less crash risk
    "riders": {"worker_net_after_costs_per_online_hour_mean": 1.0, "share_rider_days_below_min_wage": -10.0,
               "crashes_per_million_orders": -0.01},
    # platform: contribution margin per order x orders served, in thousand yuan a day
    "platform": {"platform_net_revenue_yuan": 0.001},
    # customers: minutes to the door and yuan of fee, both costs
    "customers": {"ctd_mean_min": -1.0, "customer_fee_mean_yuan": -1.0},
}


def default_utilities(trade: str = "food") -> dict:
    """The parties' default utilities for a trade. Couriers bargain with their franchise station,
    which pays them; in the other trades the workers' counterparty is the platform."""
    weights = {party: dict(terms) for party, terms in DEFAULT_UTILITIES.items()}
    if trade == "courier":
        weights["platform"] = {"balance_station_yuan": 0.001}
    return weights


def utilities(frame: pd.DataFrame, weights: dict = None) -> pd.DataFrame:
    """One column per party: the weighted sum of its KPIs (NaN KPIs count as 0)."""
    weights = weights or DEFAULT_UTILITIES
    out = pd.DataFrame(index=frame.index)
    for party, terms in weights.items():
        total = pd.Series(0.0, index=frame.index)
        for kpi, w in terms.items():
            if kpi not in frame:
                raise KeyError(f"utility of {party}: no KPI named {kpi}")
            total = total + w * frame[kpi].fillna(0.0)
        out[party] = total
    return out


def pareto_front(u1, u2) -> np.ndarray:
    """Mask of candidates no other candidate beats on both (and strictly on one)."""
    u1, u2 = np.asarray(u1, float), np.asarray(u2, float)
    mask = np.ones(len(u1), bool)
    for i in range(len(u1)):
        dominated = (u1 >= u1[i]) & (u2 >= u2[i]) & ((u1 > u1[i]) | (u2 > u2[i]))
        mask[i] = not dominated.any()
    return mask


def _gains(u1, u2, d):
    g1 = np.asarray(u1, float) - d[0]
    g2 = np.asarray(u2, float) - d[1]
    return g1, g2, (g1 > 0) & (g2 > 0)


def nash(u1, u2, d, alpha: float = 0.5) -> int | None:
    """Index of the (asymmetric, for alpha != 0.5) Nash solution; None if nobody beats d."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}")
    g1, g2, ok = _gains(u1, u2, d)
    if not ok.any():
        return None
    # logs keep the product of powers well behaved
    score = np.where(ok, alpha * np.log(np.where(ok, g1, 1)) + (1 - alpha) * np.log(np.where(ok, g2, 1)), -np.inf)
    return int(np.argmax(score))


def kalai_smorodinsky(u1, u2, d) -> int | None:
    g1, g2, ok = _gains(u1, u2, d)
    if not ok.any():
        return None
    front = pareto_front(u1, u2) & ok
    best1, best2 = g1[ok].max(), g2[ok].max()
    score = np.where(front, np.minimum(g1 / best1, g2 / best2), -np.inf)
    return int(np.argmax(score))


def egalitarian(u1, u2, d) -> int | None:
    g1, g2, ok = _gains(u1, u2, d)
    if not ok.any():
        return None
    return int(np.argmax(np.where(ok, np.minimum(g1, g2), -np.inf)))


def robustness(per_draw: pd.DataFrame, disagreement_per_draw: pd.DataFrame, parties=("riders", "platform")) -> pd.Series:
    """For each candidate, the share of uncertainty draws in which it beats the disagreement
    point for both parties (the same draw on both sides)."""
    joined = per_draw.join(disagreement_per_draw, on="draw", rsuffix="_d")
    wins = np.ones(len(joined), bool)
    for p in parties:
        wins &= (joined[p] > joined[f"{p}_d"]).to_numpy()
    return joined.assign(win=wins).groupby("point").win.mean()


@dataclass
class Bargain:
    candidates: pd.DataFrame        # per lever point: utilities, frontier, robustness, rule set
    disagreement: tuple[float, float]
    solutions: dict[str, int | None]  # solution name -> point
    parties: tuple[str, str]
    alpha: float


def analyse(frame: pd.DataFrame, info: dict, weights: dict = None, alpha: float = 0.5,
            parties=("riders", "platform"), disagreement: pd.DataFrame | None = None) -> Bargain:
    """From a sweep's runs: utilities per candidate rule set, the frontier and the solutions.

    The disagreement point is the baseline (point 0) under the same draws, unless runs of a
    fallback scenario are given (`disagreement`: a frame like `frame` with columns draw and KPIs).
    """
    if weights is None:
        weights = default_utilities(info.get("baseline", {}).get("trade", "food"))
    u = utilities(frame, weights)
    runs = pd.concat([frame[["point", "draw", "replication", "changes"]], u], axis=1)
    party_cols = list(u.columns)
    per_draw = runs.groupby(["point", "draw"])[party_cols].mean().reset_index()
    per_point = runs.groupby("point")[party_cols].mean()
    if disagreement is None:
        base_draws = per_draw[per_draw.point == 0].set_index("draw")[party_cols]
        d = tuple(float(per_point.loc[0, p]) for p in parties)
    else:
        du = pd.concat([disagreement[["draw"]], utilities(disagreement, weights)], axis=1)
        base_draws = du.groupby("draw")[party_cols].mean()
        d = tuple(float(du[p].mean()) for p in parties)
    uncertain = set(info.get("uncertainties", []))
    rules = runs.groupby("point").changes.first().map(
        lambda text: {k: v for k, v in json.loads(text).items() if k not in uncertain})
    candidates = per_point.copy()
    candidates["rule_set"] = rules
    candidates["frontier"] = pareto_front(candidates[parties[0]], candidates[parties[1]])
    candidates["robustness"] = robustness(per_draw, base_draws, parties)
    # the baseline is the disagreement point, not a deal
    pool = candidates.drop(index=0) if disagreement is None else candidates
    u1, u2 = pool[parties[0]].to_numpy(), pool[parties[1]].to_numpy()
    pick = lambda i: None if i is None else int(pool.index[i])  # noqa: E731
    solutions = {
        "nash": pick(nash(u1, u2, d, 0.5)),
        "asymmetric-nash": pick(nash(u1, u2, d, alpha)),
        "kalai-smorodinsky": pick(kalai_smorodinsky(u1, u2, d)),
        "egalitarian": pick(egalitarian(u1, u2, d)),
    }
    return Bargain(candidates, d, solutions, tuple(parties), alpha)


def write_proposals(bargain: Bargain, info: dict, out_dir) -> dict[str, str]:
    """Each solution as a proposal file (a diff over the sweep's baseline) that `compare` accepts."""
    import os
    from pathlib import Path

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, point in bargain.solutions.items():
        if point is None:
            continue
        rule_set = bargain.candidates.loc[point, "rule_set"]
        doc = {"extends": os.path.relpath(info["baseline_path"], out_dir),
               "name": f"{info['name']}-{name}",
               "description": f"The {name} solution of the {info['name']} sweep (candidate {point}).",
               "changes": rule_set,
               "sources": {path: f"{name} bargaining solution over the {info['name']} sweep" for path in rule_set}}
        file = out_dir / f"{name}.json"
        write_atomic(file, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        written[name] = str(file)
    return written
