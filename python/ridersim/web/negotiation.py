"""The negotiation at the table: each side's offers in order, each a proposal file on disk with
its results, and the mediator's fair split over the offers explored so far.

An offer is a proposal file (``offers/NN-SIDE-NAME.json``) that ``ridersim compare`` reads as it
is: it extends the baseline kept beside it (``baselines/``), and notes who offered each change and
why. ``offers/log.json`` keeps the order.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ridersim import bargain
from ridersim.files import safe_name, write_atomic

SIDES = ("union", "platform", "mediator")


class OffersLog:
    def __init__(self, workspace: Path):
        self.workspace = Path(workspace)
        self.folder = self.workspace / "offers"
        self.baselines = self.workspace / "baselines"
        self._lock = threading.Lock()

    def entries(self) -> list[dict]:
        log = self.folder / "log.json"
        if not log.is_file():
            return []
        return json.loads(log.read_text(encoding="utf-8"))

    def _baseline_file(self, trade: str, spec: dict) -> Path:
        """The baseline an offer extends, kept in the workspace (one file per distinct baseline)."""
        text = json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        path = self.baselines / f"{safe_name(trade)}-{digest}.json"
        if not path.is_file():
            self.baselines.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text, inside=self.workspace)
        return path

    def add(self, side: str, comparison_id: str, request: dict, table_csv: str) -> dict:
        """Records an offer: its proposal file, its results, its line in the log."""
        if side not in SIDES:
            raise ValueError(f"side must be one of {', '.join(SIDES)}, got {side!r}")
        with self._lock:
            entries = self.entries()
            number = len(entries) + 1
            stem = f"{number:02d}-{side}-{safe_name(request['name'])[:60]}"
            baseline = self._baseline_file(request["trade"], request["baseline"])
            self.folder.mkdir(parents=True, exist_ok=True)
            note = f"{side} offer {number}" + (f": {request['reason']}" if request.get("reason") else "")
            doc = {"extends": f"../baselines/{baseline.name}", "name": request["name"],
                   "description": request.get("reason", ""), "changes": request["changes"],
                   "sources": {key: note for key in request["changes"]}}
            write_atomic(self.folder / f"{stem}.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
                         inside=self.workspace)
            write_atomic(self.folder / f"{stem}-results.csv", table_csv, inside=self.workspace)
            entry = {"number": number, "side": side, "name": request["name"], "reason": request.get("reason", ""),
                     "trade": request["trade"], "file": f"offers/{stem}.json", "results": f"offers/{stem}-results.csv",
                     "comparison": comparison_id, "changes": request["changes"],
                     "time": time.strftime("%Y-%m-%d %H:%M:%S")}
            write_atomic(self.folder / "log.json", json.dumps(entries + [entry], indent=1, ensure_ascii=False),
                         inside=self.workspace)
            return entry


#: those who pay but are not at the table
ABSENT = ("customers", "merchants")


def price_change(means: pd.DataFrame) -> float:
    """What customers and merchants together gain (+) or pay (-) through prices, in yuan over a
    run: the change in their joint money per job completed, times the jobs of the proposal.

    Together, because the baskets customers pay merchants cancel out (a different mix of baskets
    is not a price change); per job, because buying more at the same prices is not a cost shifted
    onto them, while paying more for each job is."""
    keys = [f"balance_{party}_yuan" for party in ABSENT if f"balance_{party}_yuan" in means.index]
    if not keys:
        return 0.0
    b0, b1 = (float(means.loc[keys, column].sum()) for column in ("baseline_mean", "proposal_mean"))
    n0, n1 = (float(means.loc["orders_delivered", c]) for c in ("baseline_mean", "proposal_mean"))
    if n0 <= 0 or n1 <= 0:
        return b1 - b0
    return (b1 / n1 - b0 / n0) * n1


def candidates(rows: list[tuple[str, dict, pd.DataFrame]], trade: str) -> pd.DataFrame:
    """One row per explored proposal of the same baseline and seeds: each party's utility, the
    change in what customers and merchants pay, and the disagreement point (the baseline); for an
    offer asked with the platform's response, each party's gain after it too (`riders_after`,
    `platform_after`: the offer after the response against the run it is held against).

    rows: (comparison id, its request, its KPI table)."""
    from ridersim.response import responded_name
    weights = bargain.default_utilities(trade)
    kpis = sorted({k for terms in weights.values() for k in terms})
    out = []
    for key, request, table in rows:
        own = table[table.proposal == request["name"]] if "proposal" in table else table
        means = own.set_index("kpi")
        row = {"id": key, "name": request["name"]}
        row.update(dict(means.proposal_mean.items()))
        row.update({f"baseline:{k}": v for k, v in means.baseline_mean.items()})
        row["change:absent"] = price_change(means)
        after = table[table.proposal == responded_name(request["name"])].set_index("kpi") if "proposal" in table else []
        if len(after):
            gained = {party: _utility(after.proposal_mean, kpis, weights)[party] -
                      _utility(after.baseline_mean, kpis, weights)[party] for party in ("riders", "platform")}
            row["riders_after"], row["platform_after"] = gained["riders"], gained["platform"]
        out.append(row)
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    for k in kpis:
        if k not in frame:
            frame[k] = np.nan
            frame[f"baseline:{k}"] = np.nan
    for column in ("riders_after", "platform_after"):
        if column not in frame:
            frame[column] = np.nan
    u = bargain.utilities(frame[kpis], weights)
    d = bargain.utilities(frame[[f"baseline:{k}" for k in kpis]].set_axis(kpis, axis=1), weights)
    frame["riders"], frame["platform"] = u["riders"], u["platform"]
    frame["riders_d"], frame["platform_d"] = d["riders"], d["platform"]
    return frame


def _utility(means: pd.Series, kpis: list[str], weights: dict) -> dict:
    """Each party's utility of one column of KPI means."""
    one = pd.DataFrame([{k: means.get(k, np.nan) for k in kpis}])
    u = bargain.utilities(one, weights)
    return {party: float(u[party].iloc[0]) for party in ("riders", "platform")}


def mediate(frame: pd.DataFrame, max_cost_shift_yuan: float | None) -> dict:
    """The bargaining solutions over the candidates, leaving out those that make customers and
    merchants pay more than the limit through prices (yuan over a run; None: no limit)."""
    if frame.empty:
        return {"solutions": {}, "allowed": [], "disagreement": (0.0, 0.0)}
    extra_cost = (-frame["change:absent"]).clip(lower=0.0)
    allowed = np.ones(len(frame), bool) if max_cost_shift_yuan is None else (extra_cost <= max_cost_shift_yuan).to_numpy()
    d = (float(frame.riders_d.iloc[0]), float(frame.platform_d.iloc[0]))
    pool = frame[allowed]
    u1, u2 = pool.riders.to_numpy(), pool.platform.to_numpy()
    pick = lambda i: None if i is None else str(pool.id.iloc[i])  # noqa: E731
    solutions = {"nash": pick(bargain.nash(u1, u2, d)), "kalai-smorodinsky": pick(bargain.kalai_smorodinsky(u1, u2, d)),
                 "egalitarian": pick(bargain.egalitarian(u1, u2, d))} if len(pool) else {}
    return {"solutions": solutions, "allowed": list(frame.id[allowed]), "disagreement": d,
            "extra_cost": dict(zip(frame.id, extra_cost))}
