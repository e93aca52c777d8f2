"""The like-for-like toy model (bench/toy/README.md), side by side in one run: a bare C++ event
loop, plain Python, SimPy, and ridersim configured as the toy, each in a process of its own.
Every implementation runs --repeat times (5 unless told), in rounds that take each in turn, so
that a change in the machine's load falls on all of them alike. Prints each one's median CPU
seconds, the ratio of its median against the bare loop's, and the mean delivery time (the
implementations agree on it); then, for ridersim, its ratio in each round.

    /usr/bin/python3 bench/toy.py [--repeat K] [N ...]    (default: 1000 10000; build first: tools/build)
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = ROOT / "build" / "default" / "bench" / "toy_bare"


def commands(n: int, seed: int) -> list[list[str]]:
    python = [sys.executable]
    return [[str(BARE), str(n), str(seed)],
            python + [str(ROOT / "bench" / "toy" / "toy_python.py"), str(n), str(seed)],
            python + [str(ROOT / "bench" / "toy" / "toy_simpy.py"), str(n), str(seed)],
            python + [str(ROOT / "bench" / "toy" / "toy_ridersim.py"), str(n), str(seed)]]


def one(command: list[str]) -> dict:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def total(row: dict) -> float:
    return row["setup_cpu_s"] + row["run_cpu_s"]


def main(sizes: list[int], repeat: int, seed: int = 1) -> None:
    if not BARE.exists():
        sys.exit(f"build the bare loop first: tools/build ({BARE} is missing)")
    print(f"{'couriers':>8} {'implementation':>14} {'orders':>7} {'delivered':>9} {'mean min':>8} "
          f"{'setup s':>8} {'run s':>8} {'total s':>8} {'x bare':>7}   (medians of {repeat} runs)")
    for n in sizes:
        rounds = [[one(c) for c in commands(n, seed)] for _ in range(repeat)]
        medians = []
        for k in range(len(rounds[0])):
            runs = [r[k] for r in rounds]
            # the same seed gives the same world and results in every round; only the times vary
            medians.append(dict(runs[0], setup_cpu_s=statistics.median(r["setup_cpu_s"] for r in runs),
                                run_cpu_s=statistics.median(r["run_cpu_s"] for r in runs),
                                total_cpu_s=statistics.median(total(r) for r in runs)))
        bare = medians[0]["total_cpu_s"]
        for r in medians:
            print(f"{n:>8} {r['implementation']:>14} {r['orders']:>7} {r['delivered']:>9} {r['mean_delivery_min']:>8.2f} "
                  f"{r['setup_cpu_s']:>8.4f} {r['run_cpu_s']:>8.4f} {r['total_cpu_s']:>8.4f} {r['total_cpu_s'] / bare:>7.2f}")
        by_round = " ".join(f"{total(r[3]) / total(r[0]):.2f}" for r in rounds)
        print(f"{n:>8} ridersim / bare C++, round by round: {by_round}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each implementation (default 5)")
    parser.add_argument("sizes", type=int, nargs="*", help="couriers (default: 1000 10000)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    if any(n < 1 for n in args.sizes):
        parser.error(f"every size must be at least 1 courier, got {args.sizes}")
    main(args.sizes or [1000, 10000], args.repeat)
