"""Calibration by the method of simulated moments.

A scenario's parameters (dotted keys with bounds) are chosen so that the simulated KPIs (the
moments) come as close as possible to target values, weighted by the targets' precision:

    J(theta) = g(theta)' W g(theta),   g = mean KPI over R replications - target,   W = diag(1 / se^2)

Every evaluation runs the same R seeds (common random numbers), so J is a deterministic function
of theta and the optimiser (scipy's bounded Nelder-Mead) does not chase noise. The parameters'
standard errors come from the sandwich formula with the Jacobian G of the moments by central
differences:

    V = (G'WG)^-1 G'W Omega W G (G'WG)^-1,   Omega = diag(se^2) + Var(simulated moments) / R

A parameter that moves no target (its column of G is nearly zero against the targets' errors) is
not identified by these targets: the report says so instead of giving it a standard error.
"""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ridersim.files import spreadsheet_safe, staged_folder, write_atomic
from ridersim.scenario import Scenario


class CalibrationError(ValueError):
    """A targets file or a parameter that cannot be used; the message names where and what is allowed."""


@dataclass(frozen=True)
class Target:
    kpi: str
    value: float
    se: float          # the target's standard error; the weight is 1 / se^2
    source: str


@dataclass(frozen=True)
class Parameter:
    key: str
    low: float
    high: float


@dataclass
class Fit:
    scenario: Scenario
    targets: list[Target]
    parameters: list[Parameter]
    estimate: dict[str, float]
    standard_errors: dict[str, float]       # NaN where the parameter is not identified
    simulated: dict[str, float]             # mean over the replications at the estimate
    simulated_interval: dict[str, tuple[float, float]]  # 95% interval of that mean
    objective: float
    evaluations: int
    replications: int
    seed: int
    warnings: list[str] = field(default_factory=list)

    def table(self):
        """Each target against the simulated value, its interval and the gap in standard errors."""
        import pandas as pd
        rows = []
        for t in self.targets:
            lo, hi = self.simulated_interval[t.kpi]
            sim = self.simulated[t.kpi]
            rows.append({"kpi": t.kpi, "target": t.value, "se": t.se, "simulated": sim, "low95": lo, "high95": hi,
                         "z": (sim - t.value) / t.se, "source": t.source})
        return pd.DataFrame(rows)


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise CalibrationError(f"{where}: expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise CalibrationError(f"{where}: expected a finite number, got {text!r}")
    return value


#: a targets file is a few dozen rows; a larger one is a mistake (the wrong file), refused before reading
MAX_TARGETS_BYTES = 5_000_000


def load_targets(path: str | os.PathLike) -> list[Target]:
    """Targets from a CSV file with the columns kpi, value, and se or weight (1/se^2), and source.
    A byte-order mark (as spreadsheets save CSV) is read as such."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CalibrationError(f"{path}: cannot read the targets ({error.strerror})") from None
    if size > MAX_TARGETS_BYTES:
        raise CalibrationError(f"{path}: {size / 1e6:.1f} MB is too large for a file of targets "
                               f"(at most {MAX_TARGETS_BYTES / 1e6:.0f} MB: one row per target)")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
            header = rows[0].keys() if rows else []
    except OSError as error:
        raise CalibrationError(f"{path}: cannot read the targets ({error.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise CalibrationError(f"{path}: not a CSV file of targets ({error})") from None
    missing = [c for c in ("kpi", "value") if c not in header]
    if not rows or missing or not ({"se", "weight"} & set(header)):
        raise CalibrationError(f"{path}: needs a header with kpi, value, se or weight, and source, and one row per target")
    targets = []
    seen = set()
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        kpi = (row.get("kpi") or "").strip()
        if not kpi:
            raise CalibrationError(f"{where}: kpi is empty")
        value = _number(row.get("value"), f"{where}: value")
        se_text, weight_text = (row.get("se") or "").strip(), (row.get("weight") or "").strip()
        if se_text:
            se = _number(se_text, f"{where}: se")
        elif weight_text:
            weight = _number(weight_text, f"{where}: weight")
            se = 1.0 / math.sqrt(weight) if weight > 0 else 0.0
        else:
            raise CalibrationError(f"{where}: give se (a standard error > 0) or weight (> 0)")
        if se <= 0:
            raise CalibrationError(f"{where}: se must be > 0 (weight > 0)")
        if kpi in seen:
            raise CalibrationError(f"{where}: {kpi} is a target twice")
        seen.add(kpi)
        targets.append(Target(kpi, value, se, (row.get("source") or "").strip()))
    return targets


def parse_parameter(text: str) -> Parameter:
    """KEY=LOW:HIGH, a dotted lever key and its bounds."""
    key, sep, bounds = text.partition("=")
    low_text, sep2, high_text = bounds.partition(":")
    if not sep or not sep2 or not key.strip():
        raise CalibrationError(f"--fit {text!r}: expected KEY=LOW:HIGH, for example rules.pay.base_per_order_yuan=5:9")
    low = _number(low_text, f"--fit {key}: LOW")
    high = _number(high_text, f"--fit {key}: HIGH")
    if not low < high:
        raise CalibrationError(f"--fit {key}: LOW must be below HIGH, got {low:g}:{high:g}")
    return Parameter(key.strip(), low, high)


class _Runner:
    """Runs (scenario text, seed) pairs: in this process, or on a Dask cluster."""

    def __init__(self, dask: str | None = None):
        self.client = self.cluster = None
        if dask:
            from distributed import Client, LocalCluster
            if dask.startswith("local:"):
                from ridersim.sweep import _local_workers
                self.cluster = LocalCluster(n_workers=_local_workers(dask), threads_per_worker=1, processes=True,
                                            dashboard_address=None, host="127.0.0.1")
                self.client = Client(self.cluster)
            else:
                try:
                    self.client = Client(dask, timeout="10s")
                except (OSError, TimeoutError, ValueError, TypeError) as error:
                    raise CalibrationError(f"cannot reach a Dask scheduler at {dask!r} ({error}); "
                                           "give its address as tcp://HOST:PORT, or local:N") from None

    def map(self, jobs: list[tuple[str, int]]) -> list[dict]:
        from ridersim.sweep import simulate
        if self.client is None:
            return [simulate(text, seed) for text, seed in jobs]
        futures = [self.client.submit(simulate, text, seed, pure=False) for text, seed in jobs]
        return self.client.gather(futures)

    def close(self):
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _check(scenario: Scenario, targets: list[Target], parameters: list[Parameter]) -> None:
    from ridersim.results import run
    keys = [p.key for p in parameters]
    if len(set(keys)) != len(keys):
        raise CalibrationError("--fit: a parameter is given twice")
    if not parameters:
        raise CalibrationError("--fit: give at least one parameter, KEY=LOW:HIGH")
    for p in parameters:
        for value in (p.low, p.high):
            scenario.with_changes({p.key: value})  # a ScenarioError names the key and what it allows
    probe = run(scenario.with_changes({"horizon.end_h": scenario.spec["horizon"]["start_h"] + 1}), seed=1).summary
    unknown = [t.kpi for t in targets if t.kpi not in probe]
    if unknown:
        raise CalibrationError(f"targets: unknown KPI(s) {', '.join(unknown)}; the KPIs are the keys of "
                               "ridersim.run(scenario).summary")


def _check_defined(targets: list[Target], sims: np.ndarray) -> None:
    """Refuses a target the scenario leaves undefined at the start (no number in any replication)."""
    undefined = [t.kpi for t, column in zip(targets, sims.T) if not np.any(np.isfinite(column))]
    if undefined:
        raise CalibrationError(f"targets: {', '.join(undefined)} is not defined for this scenario (no number in a "
                               "run of it: a share of a minimum wage the scenario does not set, a rate of something "
                               "that never happens); a fit to it would fit nothing")


def _integer_keys() -> set[str]:
    """The levers that take whole numbers: the optimiser's value is rounded for them."""
    from ridersim import _core
    return {lever["key"] for lever in _core.levers() if lever["type"] == "integer"}


def _lever_value(key: str, value: float, integer_keys: set[str]):
    return int(round(float(value))) if key in integer_keys else float(value)


def calibrate(scenario: Scenario, targets: list[Target], parameters: list[Parameter], replications: int = 4,
              seed: int = 1, max_evaluations: int = 80, dask: str | None = None, start: dict | None = None) -> Fit:
    """Fits `parameters` to `targets` by the method of simulated moments; see the module's doc."""
    from scipy.optimize import minimize

    _check(scenario, targets, parameters)
    whole = _integer_keys()
    seeds = [seed + r for r in range(replications)]
    low = np.array([p.low for p in parameters])
    span = np.array([p.high - p.low for p in parameters])
    target = np.array([t.value for t in targets])
    se = np.array([t.se for t in targets])
    runner = _Runner(dask)
    cache: dict[tuple, np.ndarray] = {}

    def moments(theta: np.ndarray) -> np.ndarray:
        """The replications' KPIs at theta, one row per replication."""
        key = tuple(_lever_value(p.key, v, whole) for p, v in zip(parameters, np.round(theta, 12)))
        if key not in cache:
            changed = scenario.with_changes({p.key: _lever_value(p.key, v, whole) for p, v in zip(parameters, theta)})
            text = changed.to_json(indent=None)
            summaries = runner.map([(text, s) for s in seeds])
            cache[key] = np.array([[s[t.kpi] for t in targets] for s in summaries], dtype=float)
        return cache[key]

    def objective(unit: np.ndarray) -> float:
        g = (np.nanmean(moments(low + span * unit), axis=0) - target) / se
        return float(np.dot(g, g)) if np.all(np.isfinite(g)) else 1e12

    def current(p: Parameter) -> float:
        if start and p.key in start:
            return start[p.key]
        node = scenario.spec
        for part in p.key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return float(node) if isinstance(node, (int, float)) and not isinstance(node, bool) else (p.low + p.high) / 2

    try:
        x0 = np.clip([(current(p) - p.low) / (p.high - p.low) for p in parameters], 0.0, 1.0)
        _check_defined(targets, moments(low + span * x0))  # the optimiser's first point: no extra run
        result = minimize(objective, x0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * len(parameters),
                          options={"maxfev": max_evaluations, "xatol": 1e-3, "fatol": 1e-4, "initial_simplex": None})
        theta = low + span * np.clip(result.x, 0.0, 1.0)
        sims = moments(theta)
        mean = np.nanmean(sims, axis=0)
        var_sim = np.nanvar(sims, axis=0, ddof=1) if replications > 1 else np.zeros(len(targets))
        # the Jacobian of the moments by central differences, 2% of each range, inside the bounds
        G = np.zeros((len(targets), len(parameters)))
        for j, p in enumerate(parameters):
            h = 0.02 * (p.high - p.low)
            up, down = theta.copy(), theta.copy()
            up[j] = min(p.high, theta[j] + h)
            down[j] = max(p.low, theta[j] - h)
            G[:, j] = (np.nanmean(moments(up), axis=0) - np.nanmean(moments(down), axis=0)) / (up[j] - down[j])
    finally:
        runner.close()

    W = np.diag(1.0 / se ** 2)
    Omega = np.diag(se ** 2 + var_sim / replications)
    warnings = []
    # a parameter moving every target by less than a hundredth of its se over its whole range
    reach = np.abs(G) * span[np.newaxis, :] / se[:, np.newaxis]
    identified = reach.max(axis=0) >= 0.01
    for j, p in enumerate(parameters):
        if not identified[j]:
            warnings.append(f"{p.key} moves no target (by under 1% of a target's standard error over {p.low:g}-{p.high:g}): "
                            "these targets do not identify it; it is left at the optimiser's value without a standard error")
    if len(parameters) > len(targets):
        warnings.append(f"{len(parameters)} parameters and {len(targets)} targets: at most {len(targets)} can be identified")
    errors = {p.key: math.nan for p in parameters}
    cols = np.flatnonzero(identified)
    if cols.size:
        Gi = G[:, cols]
        bread = np.linalg.pinv(Gi.T @ W @ Gi)
        V = bread @ Gi.T @ W @ Omega @ W @ Gi @ bread
        for k, j in enumerate(cols):
            errors[parameters[j].key] = float(math.sqrt(max(V[k, k], 0.0)))
    half = 1.96 * np.sqrt(var_sim / replications)
    if not result.success:
        warnings.append(f"the optimiser stopped before converging ({result.message}); raise --max-evaluations")
    return Fit(scenario=scenario, targets=targets, parameters=parameters,
               estimate={p.key: _lever_value(p.key, v, whole) for p, v in zip(parameters, theta)},
               standard_errors=errors,
               simulated={t.kpi: float(m) for t, m in zip(targets, mean)},
               simulated_interval={t.kpi: (float(m - h), float(m + h)) for t, m, h in zip(targets, mean, half)},
               objective=objective(np.clip(result.x, 0.0, 1.0)), evaluations=len(cache), replications=replications,
               seed=seed, warnings=warnings)


def _rounded(value: float, se: float) -> float:
    """The estimate to a sensible number of digits: two significant digits of its error."""
    if not math.isfinite(se) or se <= 0:
        return float(f"{value:.4g}")
    digits = max(0, 1 - int(math.floor(math.log10(se))))
    return round(value, digits)


def fitted_diff(fit: Fit, out_dir: str | os.PathLike, targets_name: str) -> dict:
    """The fit as a proposal-style diff over the calibrated scenario, with the fit as the source."""
    origin = fit.scenario.origin
    extends = os.path.relpath(origin, out_dir) if origin and not origin.startswith("<") else None
    changes, sources = {}, {}
    for p in fit.parameters:
        se = fit.standard_errors[p.key]
        changes[p.key] = _rounded(fit.estimate[p.key], se)
        error = f" +- {se:.3g}" if math.isfinite(se) else " (not identified by the targets)"
        sources[p.key] = (f"calibrated [D]: method of simulated moments to {targets_name} "
                          f"({fit.replications} replications from seed {fit.seed}, objective {fit.objective:.3g}){error}")
    doc = {"name": f"{fit.scenario.name}-fitted", "changes": changes, "sources": sources}
    if extends:
        doc = {"extends": extends, **doc}
    return doc


def report_markdown(fit: Fit, targets_name: str) -> str:
    lines = [f"# Calibration of {fit.scenario.name} to {targets_name}", "",
             f"Method of simulated moments: {fit.replications} replications from seed {fit.seed} at every "
             f"evaluation (common random numbers), {fit.evaluations} evaluations, objective "
             f"J = {fit.objective:.4g} (the sum of squared gaps in standard errors).", "",
             "| parameter | estimate | standard error | bounds |", "|---|---|---|---|"]
    for p in fit.parameters:
        se = fit.standard_errors[p.key]
        lines.append(f"| `{p.key}` | {fit.estimate[p.key]:.4g} | {'not identified' if not math.isfinite(se) else f'{se:.3g}'} "
                     f"| {p.low:g}-{p.high:g} |")
    lines += ["", "| target | published | se | simulated | 95% interval | gap (se) | source |", "|---|---|---|---|---|---|---|"]
    for _, row in fit.table().iterrows():
        lines.append(f"| `{row.kpi}` | {row.target:.4g} | {row.se:.3g} | {row.simulated:.4g} | "
                     f"{row.low95:.4g} to {row.high95:.4g} | {row.z:+.2f} | {row.source} |")
    if fit.warnings:
        lines += ["", "Warnings:", ""] + [f"- {w}" for w in fit.warnings]
    return "\n".join(lines) + "\n"


def write_fit(fit: Fit, out_dir: str | os.PathLike, targets_path: str | os.PathLike) -> list[Path]:
    """Writes fitted.json (the diff), fit.md and fit.csv into out_dir; returns the paths written."""
    out = Path(out_dir)
    name = Path(targets_path).name
    files = {"fitted.json": json.dumps(fitted_diff(fit, out, name), indent=2, ensure_ascii=False) + "\n",
             "fit.md": report_markdown(fit, name),
             # a source or a name that begins with = or + is text in a spreadsheet, never a formula
             "fit.csv": spreadsheet_safe(fit.table()).to_csv(index=False)}
    with staged_folder(out) as staging:  # all three or none
        for file, text in files.items():
            write_atomic(staging / file, text)
    return [out / file for file in files]
