"""The benchmarks run (their figures are in docs/benchmarks.md; nothing here is timed)."""

import subprocess

from conftest import ROOT


def test_the_toy_model_runs_in_all_four_implementations_and_they_agree():
    done = subprocess.run(["/usr/bin/python3", str(ROOT / "bench" / "toy.py"), "1000"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    names = [" ".join(r[1:-7]) for r in rows]
    assert names == ["bare C++", "plain Python", "SimPy", "ridersim"]
    mean_minutes = [float(r[-5]) for r in rows]
    # SimPy drives plain Python's world and rules with its own event machinery: the same deliveries
    assert rows[1][-7:-4] == rows[2][-7:-4]
    # the same model: mean delivery times within a minute of each other (about 18)
    assert max(mean_minutes) - min(mean_minutes) < 1.0 and 16 < min(mean_minutes) < 20
