"""Sweep throughput with 1 and 2 workers, local processes and a Dask LocalCluster, in one run.

    /usr/bin/python3 bench/sweep_throughput.py [--out docs/sweep-throughput.md]

Runs the default city's sweep spec with 100 rule sets x 2 draws x 1 replication, plus the
baseline under both draws (202 one-day runs of the default district), into fresh SQLite files and
reports runs per second and the load average before each executor; the ratio 2 workers / 1 worker
is the figure that carries over to other machines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
from ridersim import sweep  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out")
    parser.add_argument("--points", type=int, default=100, help="rule sets (default 100: 202 runs)")
    args = parser.parse_args(argv)
    spec_path = ROOT / "scenarios" / "sweeps" / "default-city.json"
    doc = json.loads(spec_path.read_text())
    doc["design"] = {"method": "lhs", "points": args.points, "draws": 2, "seed": 3}
    doc["replications"] = 1
    spec = sweep.spec_from_dict(doc, base_dir=spec_path.parent)
    n = len(sweep.tasks(spec))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for label, kwargs in [("local processes, 1 worker", {"jobs": 1}), ("local processes, 2 workers", {"jobs": 2}),
                              ("Dask LocalCluster, 1 worker", {"dask": "local:1"}),
                              ("Dask LocalCluster, 2 workers", {"dask": "local:2"})]:
            out = Path(tmp) / f"{len(rows)}.sqlite"
            load = os.getloadavg()[0]
            start = time.perf_counter()
            sweep.run_sweep(spec, out, **kwargs)
            seconds = time.perf_counter() - start
            rows.append((label, n, seconds, n / seconds, load))
            print(f"{label}: {n} runs in {seconds:.2f} s, {n / seconds:.1f} runs/s (load before: {load:.2f})", flush=True)
    lines = ["| executor | runs | seconds | runs per second | load average before |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {label} | {n} | {s:.2f} | {r:.2f} | {load:.2f} |" for label, n, s, r, load in rows]
    speedup_local = rows[1][3] / rows[0][3]
    speedup_dask = rows[3][3] / rows[2][3]
    lines.append("")
    lines.append(f"2 workers / 1 worker: {speedup_local:.2f}x with local processes, {speedup_dask:.2f}x on Dask "
                 "(wall time, including start-up of the workers and of the cluster).")
    print("\n".join(lines))
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
