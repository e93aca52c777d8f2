"""Global sensitivity: which levers and uncertainties move a KPI, alone and with the others.

Sobol indices (Saltelli 2010): the first-order index S1 of a factor is the share of the output's
variance it explains alone, the total index ST the share it has a hand in, interactions included.
Both come from N base points drawn twice (matrices A and B, a scrambled Sobol sequence) and, for
each factor i, A with column i taken from B; S1 by Saltelli's estimator, ST by Jansen's, each with
a bootstrap interval.

Morris elementary effects: r one-at-a-time trajectories over a p-level grid; mu* (the mean
absolute effect) ranks factors cheaply, sigma (the effects' spread) flags nonlinearity and
interactions.

`sobol(model, bounds, n)` and `morris(model, bounds, r)` take any vectorised function of a
points x factors matrix; `scenario_model(scenario, keys, kpi)` makes one from a scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class Bounds:
    names: list[str]
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, bounds: dict[str, tuple[float, float]]) -> "Bounds":
        for name, (lo, hi) in bounds.items():
            if not lo < hi:
                raise ValueError(f"{name}: the low bound must be below the high one, got {lo}, {hi}")
        return cls(list(bounds), np.array([b[0] for b in bounds.values()], float),
                   np.array([b[1] for b in bounds.values()], float))

    def scale(self, unit: np.ndarray) -> np.ndarray:
        return self.low + unit * (self.high - self.low)


def saltelli_design(bounds: dict[str, tuple[float, float]], n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The points to run: A and B (n x d each) and the d matrices A with column i from B (d x n x d)."""
    from scipy.stats import qmc
    b = Bounds.of(bounds)
    d = len(b.names)
    base = qmc.Sobol(2 * d, scramble=True, seed=seed).random(n)
    a, bb = b.scale(base[:, :d]), b.scale(base[:, d:])
    ab = np.repeat(a[np.newaxis], d, axis=0)
    for i in range(d):
        ab[i, :, i] = bb[:, i]
    return a, bb, ab


def sobol_indices(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, names: list[str], bootstrap: int = 500,
                  seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """S1 and ST with percentile-bootstrap intervals, from the outputs at A (n), B (n) and A_B^i (d x n)."""
    rng = np.random.default_rng(seed)
    n = len(f_a)

    def estimate(idx):
        fa, fb, fab = f_a[idx], f_b[idx], f_ab[:, idx]
        var = np.var(np.concatenate([fa, fb]), ddof=1)
        s1 = np.mean(fb * (fab - fa), axis=1) / var           # Saltelli 2010
        st = 0.5 * np.mean((fa - fab) ** 2, axis=1) / var     # Jansen 1999
        return s1, st

    s1, st = estimate(np.arange(n))
    draws = [estimate(rng.integers(0, n, n)) for _ in range(bootstrap)]
    q = [(1 - level) / 2, (1 + level) / 2]
    s1_ci = np.quantile([d[0] for d in draws], q, axis=0)
    st_ci = np.quantile([d[1] for d in draws], q, axis=0)
    return pd.DataFrame({"factor": names, "S1": s1, "S1_low": s1_ci[0], "S1_high": s1_ci[1],
                         "ST": st, "ST_low": st_ci[0], "ST_high": st_ci[1]})


def sobol(model, bounds: dict[str, tuple[float, float]], n: int = 512, seed: int = 0, bootstrap: int = 500) -> pd.DataFrame:
    """Sobol indices of `model` (points x factors -> outputs) over `bounds`: n x (d + 2) evaluations."""
    a, b, ab = saltelli_design(bounds, n, seed)
    d = a.shape[1]
    f_a, f_b = np.asarray(model(a), float), np.asarray(model(b), float)
    f_ab = np.asarray(model(ab.reshape(d * n, d)), float).reshape(d, n)
    return sobol_indices(f_a, f_b, f_ab, list(bounds), bootstrap=bootstrap, seed=seed)


def morris(model, bounds: dict[str, tuple[float, float]], r: int = 20, levels: int = 4, seed: int = 0) -> pd.DataFrame:
    """Morris elementary effects: mu* and sigma of each factor from r trajectories ((d + 1) x r evaluations)."""
    b = Bounds.of(bounds)
    d = len(b.names)
    rng = np.random.default_rng(seed)
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels // 2) / (levels - 1)  # starting levels from which +delta stays inside
    effects = np.zeros((r, d))
    for t in range(r):
        x = rng.choice(grid, d)
        signs = np.ones(d)
        order = rng.permutation(d)
        points = [x.copy()]
        for i in order:
            x = x.copy()
            x[i] += delta * signs[i]
            points.append(x)
        y = np.asarray(model(b.scale(np.array(points))), float)
        for step, i in enumerate(order):
            effects[t, i] = (y[step + 1] - y[step]) / delta
    return pd.DataFrame({"factor": b.names, "mu_star": np.abs(effects).mean(axis=0), "mu": effects.mean(axis=0),
                         "sigma": effects.std(axis=0, ddof=1)})


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """The Ishigami function on [-pi, pi]^3, whose Sobol indices are known in closed form."""
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> pd.DataFrame:
    """The exact first-order and total indices of the Ishigami function."""
    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    return pd.DataFrame({"factor": ["x1", "x2", "x3"], "S1": [v1 / var, v2 / var, 0.0],
                         "ST": [(v1 + v13) / var, v2 / var, v13 / var]})


def scenario_model(scenario, keys: list[str], kpi: str, seed: int | None = None):
    """A model for `sobol` and `morris`: each point sets the lever keys and runs the scenario on
    one seed (common random numbers: the variation is the factors')."""
    from ridersim.results import run

    def model(points: np.ndarray) -> np.ndarray:
        return np.array([run(scenario.with_changes(dict(zip(keys, map(float, p)))), seed=seed).summary[kpi]
                         for p in points])
    return model
