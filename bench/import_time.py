"""How long `import ridersim` takes, and a first run after it: best of five fresh interpreters.

    /usr/bin/python3 bench/import_time.py

Each figure is the wall time of a new /usr/bin/python3 process doing the step (the interpreter's
own start-up, measured with `pass`, is subtracted), so it is what a user waits for.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = {
    "import ridersim": "import ridersim",
    "import ridersim; load the baseline": "import ridersim; ridersim.Scenario.load('scenarios/baseline.json')",
    "import ridersim; one run (DataFrames ready)": "import ridersim; ridersim.run(ridersim.Scenario.load('scenarios/baseline.json').with_changes({'horizon.end_h': 8}), seed=1).orders",
}


def best_of(code: str, times: int = 5) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    interpreter = best_of("pass")
    print(f"interpreter start-up: {interpreter:.3f} s")
    for name, code in STEPS.items():
        print(f"{name}: {best_of(code) - interpreter:.3f} s")
