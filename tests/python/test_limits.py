"""The work budget: a scenario that asks for more than a run can hold is refused before it runs."""

import json

import pytest

import ridersim
from conftest import ROOT, cli


def test_riders_summed_past_32_bits_are_refused_naming_the_key(baseline, tmp_path):
    # five types of 10 million riders with a free-entry pool 100 times larger: 5e9 workers
    spec = baseline.spec
    spec["riders"]["types"] = [dict(spec["riders"]["types"][0], name=f"t{i}", count=10_000_000) for i in range(5)]
    spec["riders"]["labour_supply"].update(free_entry=True, max_pool_factor=100)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(spec))
    for command in ("validate", "run"):
        done = cli(command, path, "--out", tmp_path / "out") if command == "run" else cli(command, path)
        assert done.returncode == 2, done.stderr
        assert "riders.types" in done.stderr and "5e+09 workers" in done.stderr and "budget.max_workers" in done.stderr
    assert not (tmp_path / "out").exists()


def test_too_many_jobs_are_refused_and_the_budget_can_be_raised(baseline):
    with pytest.raises(ridersim.ScenarioError, match=r"demand: the run would draw about .* jobs .*budget.max_jobs"):
        baseline.with_changes({"demand.orders_per_hour": [1e7] * 24})
    with pytest.raises(ridersim.ScenarioError, match="budget.max_jobs"):
        baseline.with_changes({"horizon.days": 3650, "demand.orders_per_hour": [2e4] * 24})
    raised = baseline.spec
    with pytest.raises(ridersim.ScenarioError, match=r"budget.max_jobs: expected a number >= 1 and <= 1e\+09"):
        ridersim.Scenario.from_dict(dict(raised, budget={"max_jobs": 2e9}))
    ok = ridersim.Scenario.from_dict(dict(raised, budget={"max_jobs": 1e9}))
    assert ok.name == baseline.name


def test_deeply_nested_json_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 60_000 + "]" * 60_000)
    done = cli("validate", path)
    assert done.returncode == 2
    assert "nested deeper than 64 levels" in done.stderr


def test_duplicate_keys_are_refused_naming_the_key(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text('{"extends": "x.json", "changes": {"rules.pay.base_per_order_yuan": 5, '
                    '"rules.pay.base_per_order_yuan": 6}}')
    done = cli("validate", path)
    assert done.returncode == 2
    assert "changes.rules.pay.base_per_order_yuan: the key appears twice" in done.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/etc", "FIFO", "/etc/passwd"])
def test_extends_opens_only_regular_scenario_files_and_never_echoes_them(tmp_path, target):
    import os
    if target == "FIFO":
        target = str(tmp_path / "pipe")
        os.mkfifo(target)
    path = tmp_path / "diff.json"
    path.write_text(json.dumps({"extends": target, "changes": {}}))
    done = cli("validate", path)  # must neither hang nor eat memory
    assert done.returncode == 2
    assert "root:" not in done.stderr
    if target == "/etc/passwd":
        assert "invalid JSON" in done.stderr
    else:
        assert "not a regular file" in done.stderr


def test_a_missing_extends_target_names_the_file_that_refers_to_it(tmp_path):
    path = tmp_path / "diff.json"
    path.write_text(json.dumps({"extends": "../nowhere.json", "changes": {}}))
    done = cli("validate", path)
    assert done.returncode == 2
    assert f"{path}: scenario.extends: names" in done.stderr and "nowhere.json, which does not exist" in done.stderr


def test_the_output_folder_from_a_scenario_name_stays_in_the_working_folder(small_city, tmp_path):
    import os
    spec = small_city.spec
    spec["name"] = "../../escape/../x"
    path = tmp_path / "bad-name.json"
    path.write_text(json.dumps(spec))
    work = tmp_path / "work"
    work.mkdir()
    done = cli("run", path, cwd=work)
    assert done.returncode == 0, done.stderr
    written = [p for p in (work / "out").iterdir()]
    assert len(written) == 1 and ".." not in written[0].name and "/" not in written[0].name
    assert not (tmp_path / "escape").exists() and not (tmp_path.parent / "x-seed5").exists()


def test_non_finite_numbers_from_python_name_their_path(baseline):
    with pytest.raises(ridersim.ScenarioError, match=r"rules\.pay\.base_per_order_yuan: expected a finite number, got nan"):
        baseline.with_changes({"rules.pay.base_per_order_yuan": float("nan")})
    with pytest.raises(ridersim.ScenarioError, match=r"riders\.types\[0\]\.count: expected a finite number, got inf"):
        spec = baseline.spec
        spec["riders"]["types"][0]["count"] = float("inf")
        ridersim.Scenario.from_dict(spec)


@pytest.mark.parametrize("change, where", [
    ({"rules.promise.quantile": 0.9999999, "rules.promise.prediction_log_sd": 3}, "rules.promise.quantile"),
    ({"rules.promise.prediction_log_sd": 3}, "rules.promise.prediction_log_sd"),
    ({"demand.cancel_after_unassigned_min": 1e9}, "demand.cancel_after_unassigned_min"),
    ({"demand.basket_yuan.mean": 1e17}, "demand.basket_yuan.mean"),
    ({"demand.prep_time_min.mean": 1e300}, "demand.prep_time_min.mean"),
    ({"world.travel.detour_factor": 1e7}, "world.travel.detour_factor"),
])
def test_values_that_would_give_garbage_are_refused_naming_the_key(baseline, change, where):
    with pytest.raises(ridersim.ScenarioError, match=where.replace(".", r"\.") + ": expected a number"):
        baseline.with_changes(change)


def test_the_strictest_and_loosest_allowed_promise_stays_after_placement(baseline):
    for q in (0.001, 0.999):
        r = ridersim.run(baseline.with_changes({"rules.promise.quantile": q, "rules.promise.prediction_log_sd": 1.5,
                                                "horizon.end_h": 9}), seed=1)
        placed = r.orders[r.orders.status != "deterred"]
        assert (placed.promised_s > placed.placed_s).all()
        assert r.summary["ledger_imbalance_fen"] == 0


def test_a_floor_at_the_minimum_wage_per_online_hour_leaves_no_rider_day_below_it(baseline):
    floor = baseline.with_changes({"rules.floor": {"hourly_yuan": 25, "basis": "online"}}, name="floor")
    for seed in (1, 2):
        r = ridersim.run(floor, seed=seed)
        assert r.summary["share_rider_days_below_min_wage"] == 0
        days = r.riders[r.riders.online_s > 0]
        # every rider-day nets at least 25 yuan per online hour, to the fen
        assert (days.net_fen >= (2500 * days.online_s / 3600 - 1e-6).apply(lambda v: -(-v // 1))).all()
        assert r.summary["ledger_imbalance_fen"] == 0


def test_the_validation_page_can_be_written_into_a_new_folder(tmp_path):
    from ridersim import validation
    import pandas as pd
    drift = pd.DataFrame({"baseline_net_per_online_hour": [8.0, 8.1], "raised_net_per_online_hour": [9.0, 8.5],
                          "baseline_rider_days": [100, 100], "raised_rider_days": [100, 104]})
    validation.plot_free_entry(drift, tmp_path / "new" / "img" / "free-entry.png")
    assert (tmp_path / "new" / "img" / "free-entry.png").stat().st_size > 0


def test_the_extension_refuses_what_would_crash_it():
    from ridersim import _core
    with pytest.raises(TypeError, match="needs a Scenario"):
        _core.run(None, 1)
    import numpy as np
    with pytest.raises(ValueError, match="within"):
        _core.solve_assignment(2, 2, np.array([0, 1]), np.array([0, 1]), np.array([2**62, 1]), 10)
    with pytest.raises(ValueError, match="outside the matrix"):
        _core.solve_assignment(2, 2, np.array([0, 5]), np.array([0, 1]), np.array([1, 1]), 10)


@pytest.mark.parametrize("args, message", [
    (["compare", "scenarios/baseline.json", "scenarios/proposals/eta-median.json", "--threshold", "nan"], "finite"),
    (["run", "scenarios/baseline.json", "--seed", str(2**64)], "< 2**63"),
    (["bench", "--orders", "1000000000000"], "at most 50,000,000 orders"),
    (["sweep", "tests/data/sweeps/small.json", "--out", "x.sqlite", "--dask", "local:abc"], "local:N needs"),
])
def test_bad_arguments_are_exit_2_with_the_reason(args, message, tmp_path):
    done = cli(*[a.replace("x.sqlite", str(tmp_path / "x.sqlite")) for a in args])
    assert done.returncode == 2, done.stderr
    assert message in done.stderr


def test_sweep_specs_with_absurd_counts_or_flags_are_refused(tmp_path):
    from ridersim import sweep
    doc = json.loads((ROOT / "tests" / "data" / "sweeps" / "small.json").read_text())
    with pytest.raises(sweep.SweepError, match=r"replications: expected a whole number >= 1 and <= 100000"):
        sweep.spec_from_dict({**doc, "replications": 100_000_000}, base_dir=ROOT / "tests" / "data" / "sweeps")
    levers = dict(doc["levers"], **{"rules.pay.base_per_order_yuan": {"min": 3, "max": 6, "integer": "no"}})
    with pytest.raises(sweep.SweepError, match=r"integer: expected true or false"):
        sweep.spec_from_dict({**doc, "levers": levers}, base_dir=ROOT / "tests" / "data" / "sweeps")


def test_ten_years_of_a_hundred_thousand_riders_is_refused_before_it_runs(baseline):
    spec = baseline.spec
    spec["horizon"]["days"] = 3650
    spec["riders"]["types"][0]["count"] = 100_000
    spec["demand"]["orders_per_hour"] = [1] * 24
    with pytest.raises(ridersim.ScenarioError, match=r"horizon.days: the run could hold .* worker-days .*budget.max_worker_days"):
        ridersim.Scenario.from_dict(spec)


def test_whole_minutes_at_a_vanishing_pace_and_extends_through_a_symlink_loop_are_refused(tmp_path, baseline):
    import os
    with pytest.raises(ridersim.ScenarioError, match=r"world.travel.meters_per_minute: expected a number >= 1"):
        baseline.with_changes({"world.travel": dict(baseline.spec["world"]["travel"], mode="whole_minutes",
                                                    meters_per_minute=1e-300)})
    os.symlink(tmp_path / "b.json", tmp_path / "a.json")
    os.symlink(tmp_path / "a.json", tmp_path / "b.json")
    diff = tmp_path / "diff.json"
    diff.write_text(json.dumps({"extends": "a.json", "changes": {}}))
    done = cli("validate", diff)
    assert done.returncode == 2 and "scenario.extends: names" in done.stderr


def test_killing_a_sweep_leaves_no_worker_behind(tmp_path):
    import os
    import signal
    import sqlite3
    import subprocess
    import time
    from pathlib import Path
    out = tmp_path / "r.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    process = subprocess.Popen(["/usr/bin/python3", "-m", "ridersim", "sweep", str(ROOT / "scenarios" / "sweeps" / "default-city.json"),
                                "--out", str(out), "--jobs", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            with sqlite3.connect(str(out)) as db:
                if db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] >= 5:
                    break
        except sqlite3.Error:
            pass
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    def leftovers():
        found = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(out).encode() in cmdline.read_bytes():
                    found.append(cmdline.parent.name)
            except OSError:
                pass
        return found

    deadline = time.monotonic() + 10
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert leftovers() == []
