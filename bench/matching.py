"""The assignment solver against scipy.optimize.linear_sum_assignment on the same matrices.

    /usr/bin/python3 bench/matching.py [--quick] [--out docs/benchmarks.md]

Dense square (100 to 2000) and rectangular matrices (the dense Jonker-Volgenant solver), and
sparse k-nearest candidate graphs (the shape of a dispatch batch: shortest augmenting paths). For sparse graphs scipy gets the equivalent dense matrix: each row may also
take a private "unassigned" column at the penalty, and non-edges cost more than any solution
could gain from them. Every pair of optimal costs must be equal (the script fails otherwise);
the time ratio is scipy's time over ours, measured in the same process, best of three.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
from ridersim import _core  # noqa: E402


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def dense_case(n_rows, n_cols, rng):
    # the dense solver reads the numpy matrix in place (int64, C-contiguous: no copy)
    cost = rng.integers(0, 10_000, size=(n_rows, n_cols), dtype=np.int64)
    ours_t, ours = best_of(lambda: _core.solve_dense_assignment(cost))
    scipy_t, (r, c) = best_of(lambda: linear_sum_assignment(cost))
    scipy_cost = int(cost[r, c].sum())
    # the same matrix as a complete candidate graph goes to the dense solver too, with the same optimum
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    graph = _core.solve_assignment(n_rows, n_cols, rows, cols, cost.ravel(), int(cost.max()) + 1)
    assert graph[1] == ours[1], (graph[1], ours[1])
    return ours_t, scipy_t, ours[1], scipy_cost


def sparse_case(n_rows, n_cols, k, rng, penalty=1800):
    # points in a square; each row (order) joins its k nearest columns (riders), cost = distance
    orders = rng.uniform(0, 10_000, size=(n_rows, 2))
    riders = rng.uniform(0, 10_000, size=(n_cols, 2))
    d = np.hypot(orders[:, None, 0] - riders[None, :, 0], orders[:, None, 1] - riders[None, :, 1])
    nearest = np.argsort(d, axis=1)[:, :k]
    rows = np.repeat(np.arange(n_rows), k)
    cols = nearest.ravel()
    costs = np.ceil(d[rows, cols] / 4.0).astype(np.int64)  # seconds at 4 m/s
    ours_t, ours = best_of(lambda: _core.solve_assignment(n_rows, n_cols, rows, cols, costs, penalty))
    big = int(costs.max()) * (n_rows + 1) + penalty * (n_rows + 1)

    def scipy_run():
        dense = np.full((n_rows, n_cols + n_rows), big, dtype=np.int64)
        dense[rows, cols] = costs
        dense[np.arange(n_rows), n_cols + np.arange(n_rows)] = penalty
        r, c = linear_sum_assignment(dense)
        return int(dense[r, c].sum())

    scipy_t, scipy_cost = best_of(scipy_run)
    return ours_t, scipy_t, ours[2], scipy_cost


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (for tests)")
    parser.add_argument("--out", help="write the table as markdown here")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(20260318)
    cases = [("dense", 100, 100), ("dense", 500, 500), ("dense", 1000, 1000), ("dense", 2000, 2000),
             ("rectangular", 500, 1000), ("rectangular", 1000, 300),
             ("sparse k=8", 500, 1500), ("sparse k=8", 1000, 3000), ("sparse k=8", 2000, 6000),
             ("sparse k=8", 3000, 1000)]
    if args.quick:
        cases = [("dense", 60, 60), ("rectangular", 40, 90), ("rectangular", 90, 40), ("sparse k=8", 200, 500),
                 ("sparse k=8", 300, 100)]
    lines = ["| matrix | rows x cols | our cost | scipy cost | ours (ms) | scipy (ms) | scipy / ours |",
             "|---|---|---:|---:|---:|---:|---:|"]
    ok = True
    for kind, n_rows, n_cols in cases:
        if kind.startswith("sparse"):
            ours_t, scipy_t, ours_cost, scipy_cost = sparse_case(n_rows, n_cols, 8, rng)
        else:
            ours_t, scipy_t, ours_cost, scipy_cost = dense_case(n_rows, n_cols, rng)
        ok &= ours_cost == scipy_cost
        lines.append(f"| {kind} | {n_rows} x {n_cols} | {ours_cost} | {scipy_cost} | {1000 * ours_t:.1f} | "
                     f"{1000 * scipy_t:.1f} | {scipy_t / ours_t:.2f} |")
        print(lines[-1], flush=True)
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n")
    print("all optimal costs equal" if ok else "OPTIMAL COSTS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
