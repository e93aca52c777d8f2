"""The benchmarks run (their figures are in docs/benchmarks.md; nothing here is timed)."""

import json
import subprocess

from conftest import ROOT


def test_the_toy_model_runs_in_all_four_implementations_and_they_agree():
    done = subprocess.run(["/usr/bin/python3", str(ROOT / "bench" / "toy.py"), "--repeat", "2", "1000"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    header, *lines, by_round = done.stdout.splitlines()
    assert header.endswith("(medians of 2 runs)")
    # ridersim's ratio to the bare loop in each round, each a positive number
    assert by_round.split(":")[0].split() == ["1000", "ridersim", "/", "bare", "C++,", "round", "by", "round"]
    assert len(by_round.split(":")[1].split()) == 2 and all(float(x) > 0 for x in by_round.split(":")[1].split())
    rows = [line.split() for line in lines]
    names = [" ".join(r[1:-7]) for r in rows]
    assert names == ["bare C++", "plain Python", "SimPy", "ridersim"]
    mean_minutes = [float(r[-5]) for r in rows]
    # SimPy drives plain Python's world and rules with its own event machinery: the same deliveries
    assert rows[1][-7:-4] == rows[2][-7:-4]
    # the same model: mean delivery times within a minute of each other (about 18)
    assert max(mean_minutes) - min(mean_minutes) < 1.0 and 16 < min(mean_minutes) < 20


def test_the_toy_benchmark_refuses_a_bad_argument():
    done = subprocess.run(["/usr/bin/python3", str(ROOT / "bench" / "toy.py"), "--repeat", "0", "1000"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--repeat must be at least 1, got 0" in done.stderr
    done = subprocess.run(["/usr/bin/python3", str(ROOT / "bench" / "toy.py"), "-5"], capture_output=True, text=True)
    assert done.returncode == 2 and "at least 1 courier" in done.stderr


def test_the_event_queue_gives_events_out_in_the_order_of_a_binary_heap():
    done = subprocess.run([str(ROOT / "build" / "default" / "bench" / "event_queue"), "2000"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout)
    assert out["same_order"] is True and out["workers"] == 2000 and out["events"] > 2 * 2000
    bad = subprocess.run([str(ROOT / "build" / "default" / "bench" / "event_queue"), "0"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "got 0" in bad.stderr


def test_streams_seeded_side_by_side_draw_what_streams_seeded_one_by_one_draw():
    done = subprocess.run([str(ROOT / "build" / "default" / "bench" / "stream_seeding"), "1000"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["same_draws"] is True
    bad = subprocess.run([str(ROOT / "build" / "default" / "bench" / "stream_seeding"), "12abc"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "12abc" in bad.stderr
