"""Sweeps: the design, resumable SQLite results, worker processes, a Dask LocalCluster, dying workers."""

import json
import os
import signal
import sqlite3
import threading
import time
import warnings

import pytest

from ridersim import sweep
from ridersim.scenario import value_at
from ridersim.bargain import analyse
from conftest import ROOT, cli

SPEC = ROOT / "tests" / "data" / "sweeps" / "small.json"


@pytest.fixture(scope="module")
def spec():
    return sweep.load_spec(SPEC)


def summaries(path):
    db = sqlite3.connect(str(path))
    rows = dict(db.execute("SELECT key, summary FROM runs").fetchall())
    db.close()
    return rows


def test_the_design_crosses_rule_sets_draws_and_replications(spec):
    tasks = sweep.tasks(spec)
    assert len(tasks) == (6 + 1) * 2 * 2
    assert len({t.key for t in tasks}) == len(tasks)
    # point 0 is the baseline; every point sees the same draws and the same seeds
    assert all(set(t.changes) == {"world.travel.detour_factor"} for t in tasks if t.point == 0)
    assert {t.seed for t in tasks if t.point == 3} == {t.seed for t in tasks if t.point == 0}
    values = {t.changes["rules.lateness.sanction"] for t in tasks if t.point > 0}
    assert values == {"cash", "none"}
    # a different design seed, a different design; the simulation seeds stay
    other = sweep.spec_from_dict({**json.loads(SPEC.read_text()), "design": {"method": "lhs", "points": 6, "draws": 2,
                                                                             "seed": 4}}, base_dir=SPEC.parent)
    assert sweep.lever_points(other) != sweep.lever_points(spec)
    assert {t.seed for t in sweep.tasks(other)} == {t.seed for t in tasks}


@pytest.mark.parametrize("change, message", [
    ({"levers": {"rules.pay.base_per_order_yuan": {"min": 5, "max": 3}}}, "sweep.levers.rules.pay.base_per_order_yuan.max: expected a number > min (5)"),
    ({"levers": {"rules.pay.bonus": {"min": 1, "max": 2}}}, "sweep.levers.rules.pay.bonus: does not make a valid scenario"),
    ({"levers": {"rules.lateness.sanction": {"values": ["cash", "jail"]}}}, 'expected one of "none", "cash", "points", got "jail"'),
    ({"design": {"method": "random"}}, 'sweep.design.method: expected one of "grid", "lhs", "sobol"'),
    ({"replications": 0}, "sweep.replications: expected a whole number >= 1 and <= 100000, got 0"),
    ({"levers": {}}, "sweep.levers: expected at least one lever"),
    ({"colour": "red"}, "sweep.colour: unknown key"),
])
def test_bad_specs_name_the_key(change, message):
    doc = {**json.loads(SPEC.read_text()), **change}
    with pytest.raises(sweep.SweepError) as caught:
        sweep.spec_from_dict(doc, base_dir=SPEC.parent, file="small.json")
    assert message in str(caught.value)


def test_grid_and_sobol_designs(spec):
    doc = json.loads(SPEC.read_text())
    grid = sweep.spec_from_dict({**doc, "design": {"method": "grid", "levels": 2, "draws": 1}}, base_dir=SPEC.parent)
    assert len(sweep.lever_points(grid)) == 1 + 2 ** 3
    sobol = sweep.spec_from_dict({**doc, "design": {"method": "sobol", "points": 8, "draws": 1}}, base_dir=SPEC.parent)
    assert len(sweep.lever_points(sobol)) == 9


def test_a_grid_reaches_the_bounds_repeats_nothing_and_takes_levels_per_lever():
    doc = json.loads(SPEC.read_text())
    doc["levers"]["rules.pay.base_per_order_yuan"]["levels"] = 4
    grid = sweep.spec_from_dict({**doc, "design": {"method": "grid", "levels": 3, "draws": 1}}, base_dir=SPEC.parent)
    points = sweep.lever_points(grid)[1:]
    pay = sorted({p["rules.pay.base_per_order_yuan"] for p in points})
    rate = sorted({p["rules.commission.merchant_rate"] for p in points})
    assert pay == [3.0, 4.0, 5.0, 6.0]              # its own 4 levels, min and max included
    assert rate == [0.15, 0.225, 0.3]               # the design's 3
    assert sorted({p["rules.lateness.sanction"] for p in points}) == ["cash", "none"]  # each category once
    assert len(points) == 4 * 3 * 2
    assert len({json.dumps(p, sort_keys=True) for p in points}) == len(points)  # no rule set twice
    doc["levers"]["rules.pay.base_per_order_yuan"]["levels"] = 0
    with pytest.raises(sweep.SweepError, match="levels: expected a whole number of grid values from 1 to 1000"):
        sweep.spec_from_dict(doc, base_dir=SPEC.parent)


def test_an_interrupted_sweep_resumes_without_recomputing(tmp_path, spec):
    whole = tmp_path / "whole.sqlite"
    first = sweep.run_sweep(spec, whole, jobs=2)
    assert (first.computed, first.skipped) == (28, 0)
    parts = tmp_path / "parts.sqlite"
    half = sweep.run_sweep(spec, parts, jobs=2, max_runs=11)
    assert half.computed == 11
    rest = sweep.run_sweep(spec, parts, jobs=2)
    assert (rest.computed, rest.skipped) == (17, 11)
    again = sweep.run_sweep(spec, parts, jobs=2)
    assert again.computed == 0
    assert summaries(parts) == summaries(whole)
    # the results are tidy: a column per lever and per uncertainty, with each run's own value
    frame, info = sweep.read_results(whole)
    factors = list(info["levers"]) + list(info["uncertainties"])
    assert factors and set(factors) <= set(frame.columns)
    baseline = info["baseline"]
    for _, row in frame.iterrows():
        ran = json.loads(row.changes)
        for k in factors:
            expected = ran[k] if k in ran else value_at(baseline, k)  # the baseline's runs: its own value
            assert row[k] == expected, (k, row[k], expected)


def test_a_results_file_belongs_to_one_spec(tmp_path, spec):
    out = tmp_path / "r.sqlite"
    sweep.run_sweep(spec, out, jobs=1, max_runs=1)
    other = sweep.spec_from_dict({**json.loads(SPEC.read_text()), "seed": 9}, base_dir=SPEC.parent)
    with pytest.raises(sweep.SweepError, match="the sweep spec changed since; resuming would mix them"):
        sweep.run_sweep(other, out)


def test_a_sweep_on_a_two_worker_dask_cluster_gives_the_same_results(tmp_path, spec):
    local = tmp_path / "local.sqlite"
    sweep.run_sweep(spec, local, jobs=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dask = tmp_path / "dask.sqlite"
        report = sweep.run_sweep(spec, dask, dask="local:2")
        # and through a scheduler's address, as with a cluster of machines
        from distributed import LocalCluster
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                          host="127.0.0.1") as cluster:
            remote = tmp_path / "remote.sqlite"
            sweep.run_sweep(spec, remote, dask=cluster.scheduler_address)
    assert report.computed == 28
    assert summaries(dask) == summaries(local)
    assert summaries(remote) == summaries(local)


def _kill_a_worker_when_runs_appear(path, pids, done):
    """Waits for the first recorded runs, then kills one worker process."""
    deadline = time.time() + 60
    while time.time() < deadline and not done.is_set():
        try:
            db = sqlite3.connect(str(path))
            n = db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
            db.close()
        except sqlite3.Error:
            n = 0
        candidates = pids()
        if n >= 2 and candidates:
            os.kill(candidates[0], signal.SIGKILL)
            return True
        time.sleep(0.01)
    return False


def test_a_killed_worker_loses_nothing(tmp_path, spec):
    import psutil

    doc = json.loads(SPEC.read_text())
    # runs of the default district (a tenth of a second each), so that the kill lands mid-sweep
    big = sweep.spec_from_dict({**doc, "baseline": "../../../scenarios/baseline.json",
                                "uncertainties": {"riders.behaviour.violation_intercept": {"min": -1.5, "max": -1.1}},
                                "design": {"method": "lhs", "points": 19, "draws": 1, "seed": 3},
                                "replications": 2}, base_dir=SPEC.parent)
    out = tmp_path / "killed.sqlite"
    me = psutil.Process()
    done = threading.Event()
    killed = {}
    watcher = threading.Thread(target=lambda: killed.setdefault("ok", _kill_a_worker_when_runs_appear(
        out, lambda: [c.pid for c in me.children(recursive=True)], done)))
    watcher.start()
    report = sweep.run_sweep(big, out, jobs=2)
    done.set()
    watcher.join()
    assert killed.get("ok"), "no worker was killed"
    assert report.computed == len(sweep.tasks(big))
    reference = tmp_path / "reference.sqlite"
    sweep.run_sweep(big, reference, jobs=2)
    assert summaries(out) == summaries(reference)


def test_cli_sweep_and_bargain(tmp_path):
    results = tmp_path / "results.sqlite"
    done = cli("sweep", SPEC, "--out", results, "--jobs", 2)
    assert done.returncode == 0, done.stderr
    assert "28 computed now" in done.stdout
    done = cli("sweep", SPEC, "--out", results)
    assert "0 computed now, 28 already" in done.stdout
    done = cli("bargain", results, "--alpha", 0.3, "--out", tmp_path / "deal")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "deal" / "bargain.html").read_text(encoding="utf-8")
    frame, info = sweep.read_results(results)
    found = analyse(frame, info, alpha=0.3)
    assert f"Finding the deal: {info['name']}" in page and "alpha = 0.3" in page
    assert page.count("data:image/png;base64,") == 1  # the frontier, embedded
    for name, point in found.solutions.items():
        assert f'<td class="name">{name}</td>' in page
    for name, point in found.solutions.items():
        if point is None:
            continue
        proposal = tmp_path / "deal" / "proposals" / f"{name}.json"
        assert proposal.exists()
        assert json.loads(proposal.read_text())["changes"] == found.candidates.loc[point, "rule_set"]
        # the proposal is a diff over the sweep's baseline that compare accepts
        check = cli("validate", proposal)
        assert check.returncode == 0, check.stderr
    done = cli("sweep", tmp_path / "nope.json", "--out", results)
    assert done.returncode == 2 and "cannot read the file" in done.stderr
    done = cli("bargain", results, "--alpha", 2)
    assert done.returncode == 2
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    done = cli("bargain", junk)
    assert done.returncode == 2 and "not a sweep results file" in done.stderr
    done = cli("sweep", SPEC, "--out", junk)
    assert done.returncode == 2 and "cannot use it as a results file" in done.stderr
    weights = tmp_path / "weights.json"
    weights.write_text(json.dumps({"riders": {"rider_net_per_online_hour_p10": 1}, "platform": {"orders_delivered": 1}}))
    done = cli("bargain", results, "--utilities", weights, "--out", tmp_path / "deal2")
    assert done.returncode == 0, done.stderr
    weights.write_text(json.dumps({"riders": {"happiness": 1}, "platform": {"orders_delivered": 1}}))
    done = cli("bargain", results, "--utilities", weights, "--out", tmp_path / "deal3")
    assert done.returncode == 2 and "names no KPI 'happiness'" in done.stderr


def test_a_changed_baseline_refuses_to_resume(tmp_path):
    # the same spec text over a baseline that changed in between
    city = json.loads((ROOT / "tests" / "data" / "small-city.json").read_text())
    (tmp_path / "city.json").write_text(json.dumps(city))
    doc = {**json.loads(SPEC.read_text()), "baseline": "city.json"}
    (tmp_path / "spec.json").write_text(json.dumps(doc))
    out = tmp_path / "r.sqlite"
    sweep.run_sweep(sweep.load_spec(tmp_path / "spec.json"), out, jobs=1, max_runs=2)
    city["rules"]["pay"]["base_per_order_yuan"] += 1
    (tmp_path / "city.json").write_text(json.dumps(city))
    with pytest.raises(sweep.SweepError, match=r"the baseline scenario .*city.json \(after its extends chain\) changed"):
        sweep.run_sweep(sweep.load_spec(tmp_path / "spec.json"), out, jobs=1)
    assert len(sweep.read_results(out)[0]) == 2  # nothing was added


def test_a_damaged_results_file_is_refused(tmp_path, spec):
    out = tmp_path / "r.sqlite"
    sweep.run_sweep(spec, out, jobs=1, max_runs=6)
    data = bytearray(out.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xff" * 4096
    out.write_bytes(bytes(data))
    for call in (lambda: sweep.run_sweep(spec, out, jobs=1), lambda: sweep.read_results(out)):
        with pytest.raises(sweep.SweepError, match="damaged|cannot use it"):
            call()


@pytest.mark.parametrize("address", ["local:0", "local:-1", "local:abc"])
def test_local_dask_needs_at_least_one_worker(tmp_path, spec, address):
    with pytest.raises(sweep.SweepError, match="local:N needs a whole number N >= 1"):
        sweep.run_sweep(spec, tmp_path / "r.sqlite", dask=address)


def test_ctrl_c_stops_within_seconds_and_the_sweep_resumes_to_the_same_results(tmp_path):
    import signal
    import subprocess
    import time
    # the default sweep, smaller: 20 rule sets x 2 draws x 2 replications
    doc = json.loads((ROOT / "scenarios" / "sweeps" / "default-city.json").read_text())
    doc["baseline"] = str(ROOT / "scenarios" / "baseline.json")
    doc["design"].update(points=20, draws=2)
    spec = tmp_path / "sweep.json"
    spec.write_text(json.dumps(doc))
    out = tmp_path / "r.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    command = ["/usr/bin/python3", "-m", "ridersim", "sweep", str(spec), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    # interrupt once some runs are recorded (however slow the machine is to start)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            with sqlite3.connect(str(out)) as db:
                if db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] >= 20:
                    break
        except sqlite3.Error:
            pass
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole group
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 130, err
    assert "resume with: ridersim sweep" in err
    partial = len(sweep.read_results(out)[0])
    assert partial > 0
    # no worker is left behind
    time.sleep(0.5)
    from pathlib import Path
    leftover = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(out).encode() in cmdline.read_bytes():
                leftover.append(cmdline.parent.name)
        except OSError:
            pass
    assert leftover == []
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    resumed = sweep.read_results(out)[0].set_index("key").sort_index()
    fresh_out = tmp_path / "fresh.sqlite"
    fresh_command = ["/usr/bin/python3", "-m", "ridersim", "sweep", str(spec), "--out", str(fresh_out), "--jobs", "2"]
    assert subprocess.run(fresh_command, env=env, capture_output=True).returncode == 0
    fresh = sweep.read_results(fresh_out)[0].set_index("key").sort_index()
    import pandas as pd
    assert len(fresh) == len(sweep.tasks(sweep.load_spec(spec)))
    pd.testing.assert_frame_equal(resumed, fresh)


def test_a_bad_row_and_an_unreachable_scheduler_are_clear_errors(tmp_path, spec):
    out = tmp_path / "r.sqlite"
    sweep.run_sweep(spec, out, jobs=1, max_runs=2)
    with sqlite3.connect(str(out)) as db:
        db.execute("UPDATE runs SET summary = 'not json' WHERE rowid = 1")
    with pytest.raises(sweep.SweepError, match="holds no readable summary"):
        sweep.read_results(out)
    started = time.monotonic()
    with pytest.raises(sweep.SweepError, match="cannot reach a Dask scheduler"):
        sweep.run_sweep(spec, tmp_path / "d.sqlite", dask="tcp://127.0.0.1:9")
    assert time.monotonic() - started < 25


def first_come(snapshot):
    """A dispatch policy written in Python: waiting orders, in order, to idle riders, in order."""
    return list(zip(snapshot["order_id"].tolist(), snapshot["rider_id"].tolist()))


def test_a_sweep_dispatched_by_a_python_policy(tmp_path, spec):
    import ridersim
    mine = tmp_path / "mine.sqlite"
    report = sweep.run_sweep(spec, mine, jobs=2, max_runs=4, policy=first_come)
    assert report.computed == 4
    # each run is the one ridersim.run gives with the policy, and differs from the scenario's own dispatch
    task = sweep.tasks(spec, first_come)[0]
    recorded = json.loads(summaries(mine)[task.key])
    scenario = ridersim.Scenario.from_dict(json.loads(task.text))
    assert recorded == pytest.approx(ridersim.run(scenario, seed=task.seed, policy=first_come).summary, nan_ok=True)
    assert recorded != pytest.approx(ridersim.run(scenario, seed=task.seed).summary, nan_ok=True)
    # a results file holds the runs of one dispatch: resuming with another is refused
    with pytest.raises(sweep.SweepError, match="made with the dispatch policy test_sweep.first_come; resuming with "
                                               "the scenario's own dispatch would mix them"):
        sweep.run_sweep(spec, mine, jobs=1)
    with pytest.raises(ValueError, match="define it at the top level"):
        sweep.run_sweep(spec, tmp_path / "lambda.sqlite", jobs=1, policy=lambda s: [])


def test_a_results_file_in_a_folder_not_made_yet(tmp_path, spec):
    # regression: `--out out/x.sqlite` failed on a fresh clone, where out/ does not exist
    report = sweep.run_sweep(spec, tmp_path / "new" / "folder" / "x.sqlite", jobs=1, max_runs=1)
    assert report.computed == 1 and (tmp_path / "new" / "folder" / "x.sqlite").is_file()


def test_a_sweep_whose_counts_multiply_past_the_limit_is_refused_with_its_size_and_time(tmp_path):
    # each count within its bounds, the product 10^12 runs: refused before anything is made
    doc = {**json.loads(SPEC.read_text()), "design": {"method": "lhs", "points": 100_000, "draws": 100_000},
           "replications": 100}
    with pytest.raises(sweep.SweepError) as caught:
        sweep.spec_from_dict(doc, base_dir=SPEC.parent, file="big.json")
    message = str(caught.value)
    assert "asks for 1,000,010,000,000 runs" in message and "more than 1,000,000" in message
    assert "CPU-years" in message


@pytest.mark.parametrize("address", ["127.0.0.1:87x6", "nonsense"])
def test_a_mistyped_scheduler_address_is_a_clear_error_with_exit_2(tmp_path, address):
    done = cli("sweep", SPEC, "--out", tmp_path / "r.sqlite", "--dask", address)
    assert done.returncode == 2, done.stderr
    assert "cannot reach a Dask scheduler" in done.stderr and "internal error" not in done.stderr
