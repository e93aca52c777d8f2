"""The megacity day against an earlier version of ridersim, in one run of this script.

    /usr/bin/python3 bench/megacity.py [--against REV] [--runs 5] [--orders 1000000 --riders 20000]

Builds the benchmark binary of REV (a git revision; default: the last commit before the
megacity work, 6ed1f00) in a temporary worktree, then runs it and this checkout's binary in
turns, `--runs` times each, on the same generated city (`ridersim bench`'s: the default
district's rider density, batched dispatch every 30 s). Prints the median CPU seconds of each,
their ratio, peak memory and bytes per order, and the load average before the runs. Also runs
this checkout at 10k, 100k, 1M and 2M orders for the growth with size (the median of
`--growth-runs` runs each).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "build" / "default" / "bench" / "ridersim_bench"


def build(revision: str, folder: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder / "src"), revision], check=True,
                   capture_output=True)
    build_dir = folder / "build"
    subprocess.run(["cmake", "-S", str(folder / "src"), "-B", str(build_dir), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DRIDERSIM_BUILD_TESTS=OFF", "-DRIDERSIM_BUILD_PYTHON=OFF"], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build_dir), "--target", "ridersim_bench"], check=True, capture_output=True)
    return build_dir / "bench" / "ridersim_bench"


def run(binary: Path, orders: int, riders: int) -> dict:
    done = subprocess.run([str(binary), "--orders", str(orders), "--riders", str(riders), "--seed", "1"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="6ed1f00")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--riders", type=int, default=20_000)
    parser.add_argument("--growth-runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not OURS.exists():
        print(f"build this checkout first (cmake --build --preset default): no {OURS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ridersim-bench-") as tmp:
        try:
            theirs = build(args.against, Path(tmp))
            load = os.getloadavg()
            results = {"ours": [], "theirs": []}
            for _ in range(args.runs):
                results["theirs"].append(run(theirs, args.orders, args.riders))
                results["ours"].append(run(OURS, args.orders, args.riders))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(Path(tmp) / "src")],
                           capture_output=True)
    lines = [f"load average before the runs: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
             "| version | orders | CPU s (each run) | median CPU s | peak RSS MB | bytes per order |",
             "|---|---:|---|---:|---:|---:|"]
    medians = {}
    for name, label in (("theirs", args.against), ("ours", "this checkout")):
        rows = results[name]
        cpu = [r["cpu_seconds"] for r in rows]
        medians[name] = statistics.median(cpu)
        rss = max(r["peak_rss_mb"] for r in rows)
        lines.append(f"| {label} | {rows[0]['orders']:,} | {', '.join(f'{c:.2f}' for c in cpu)} | {medians[name]:.2f} | "
                     f"{rss:.0f} | {rss * 1024 * 1024 / rows[0]['orders']:.0f} |")
        assert all(r["orders_delivered"] == rows[0]["orders_delivered"] for r in rows), "runs differ"
    lines.append("")
    lines.append(f"{args.against} / this checkout: {medians['theirs'] / medians['ours']:.2f}x (medians); orders "
                 f"delivered: {results['theirs'][0]['orders_delivered']:,} and {results['ours'][0]['orders_delivered']:,}")
    lines.append("")
    lines.append(f"growth with size, this checkout (median of {args.growth_runs} runs each):")
    lines.append("| orders | riders | CPU s | orders per CPU s | peak RSS MB | bytes per order |")
    lines.append("|---:|---:|---:|---:|---:|---:|")
    for orders in (10_000, 100_000, 1_000_000, 2_000_000):
        rows = sorted((run(OURS, orders, orders // 50) for _ in range(args.growth_runs)), key=lambda r: r["cpu_seconds"])
        r = rows[len(rows) // 2]
        lines.append(f"| {r['orders']:,} | {orders // 50:,} | {r['cpu_seconds']:.2f} | {r['orders_per_cpu_second']:,.0f} | "
                     f"{r['peak_rss_mb']:.0f} | {r['peak_rss_mb'] * 1024 * 1024 / r['orders']:.0f} |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
