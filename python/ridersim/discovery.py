"""Scenario discovery: under which uncertainties does a proposal stop paying off?

Over a sweep, each draw of the uncertainties gives a proposal's payoff against the baseline's
rules (the same draw and seeds: common random numbers). PRIM, the patient rule induction method
of Friedman and Fisher (1999) as scenario discovery uses it (Bryant and Lempert 2010), then peels
the uncertainty space to the box where the cases of interest (the proposal fails) are densest:

- **coverage**: the share of all failures that fall inside the box;
- **density**: the share of the box's draws that are failures.

Each peel removes the `alpha` share of the remaining draws from one end of one uncertainty,
whichever raises the density most, until fewer than `min_support` of the draws are left; the box
returned is the least peeled one on the way within two points of the highest density whose
coverage is at least `min_coverage`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Box:
    limits: dict[str, tuple[float, float]]   # uncertainty -> (low, high) of the box
    coverage: float
    density: float
    support: int                              # draws inside the box
    trajectory: pd.DataFrame                  # coverage and density of every peel
    extent: dict[str, tuple[float, float]]    # the draws' own range of each uncertainty

    def describe(self) -> str:
        """The box in words, naming only the uncertainties it restricts."""
        parts = []
        for name, (low, high) in self.limits.items():
            full = self.extent[name]
            if low <= full[0] and high >= full[1]:
                continue
            if low <= full[0]:
                parts.append(f"{name} <= {high:.4g}")
            elif high >= full[1]:
                parts.append(f"{name} >= {low:.4g}")
            else:
                parts.append(f"{low:.4g} <= {name} <= {high:.4g}")
        where = " and ".join(parts) if parts else "anywhere (no uncertainty narrows it)"
        return f"{where} (holds {self.coverage:.0%} of those draws; {self.density:.0%} of the draws inside are such)"


def prim(x: pd.DataFrame, y, alpha: float = 0.05, min_support: float = 0.05, min_coverage: float = 0.5) -> Box:
    """The PRIM box of the cases `y` (booleans) in the uncertainty space `x` (one column each)."""
    y = np.asarray(y, dtype=bool)
    if len(y) != len(x) or len(y) == 0:
        raise ValueError("x and y need the same, non-zero number of rows")
    if not y.any():
        raise ValueError("no case of interest: the proposal pays off under every draw")
    values = x.to_numpy(dtype=float)
    inside = np.ones(len(y), dtype=bool)
    total = y.sum()
    limits = {c: (float(values[:, j].min()), float(values[:, j].max())) for j, c in enumerate(x.columns)}
    steps = [(dict(limits), y.sum() / total, y.mean(), int(inside.sum()))]
    while inside.sum() > max(min_support * len(y), 1):
        best = None
        for j, column in enumerate(x.columns):
            v = values[inside, j]
            for end in ("low", "high"):
                cut = np.quantile(v, alpha) if end == "low" else np.quantile(v, 1 - alpha)
                keep = inside & ((values[:, j] > cut) if end == "low" else (values[:, j] < cut))
                if keep.sum() == inside.sum() or keep.sum() == 0:
                    continue
                density = y[keep].mean()
                if best is None or density > best[0]:
                    best = (density, keep, column, end, cut)
        if best is None:
            break
        density, inside, column, end, cut = best
        low, high = limits[column]
        limits[column] = (float(cut), high) if end == "low" else (low, float(cut))
        steps.append((dict(limits), y[inside].sum() / total, float(density), int(inside.sum())))
    trajectory = pd.DataFrame([{"coverage": c, "density": d, "support": s} for _, c, d, s in steps])
    eligible = [i for i, (_, c, _, _) in enumerate(steps) if c >= min_coverage]
    # the densest box, or the least peeled one within two points of that density (peeling on
    # past the plateau only loses coverage)
    densest = max(steps[i][2] for i in eligible)
    pick = min(i for i in eligible if steps[i][2] >= densest - 0.02)
    chosen, coverage, density, support = steps[pick]
    extent = {c: (float(values[:, j].min()), float(values[:, j].max())) for j, c in enumerate(x.columns)}
    return Box(chosen, float(coverage), float(density), support, trajectory, extent)


def payoffs(frame: pd.DataFrame, info: dict, point: int, kpi: str) -> pd.DataFrame:
    """A rule set's payoff under each draw of a sweep: its KPI less the baseline's (point 0), mean
    over the replications, with the draw's uncertainty values (a sweep's `read_results`)."""
    uncertainties = list(info["uncertainties"])
    if not uncertainties:
        raise ValueError("the sweep has no uncertainties to discover anything in")
    if kpi not in frame.columns:
        raise KeyError(f"no KPI {kpi!r} in the sweep's results")
    mean = frame.groupby(["point", "draw"])[kpi].mean()
    if point not in mean.index.get_level_values(0):
        raise KeyError(f"no point {point} in the sweep (points 0-{frame.point.max()})")
    change = (mean.loc[point] - mean.loc[0]).rename("payoff")
    draws = frame[frame.point == point].groupby("draw")[uncertainties].first()
    return draws.join(change)


def discover(frame: pd.DataFrame, info: dict, point: int, kpi: str, threshold: float = 0.0, **options) -> Box:
    """Under which uncertainties rule set `point` fails: its payoff in `kpi` below `threshold`."""
    table = payoffs(frame, info, point, kpi)
    return prim(table[list(info["uncertainties"])], table.payoff < threshold, **options)
