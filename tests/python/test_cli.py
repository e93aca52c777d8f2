import json

import pytest

import ridersim
from conftest import ROOT, cli

INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("*.json"))


def test_run_is_byte_identical_twice_from_cli_and_once_from_python(tmp_path):
    scenario = ROOT / "scenarios" / "baseline.json"
    for name in ("a", "b"):
        done = cli("run", scenario, "--seed", 7, "--out", tmp_path / name)
        assert done.returncode == 0, done.stderr
        assert "on_time_rate" in done.stdout
    ridersim.run(ridersim.Scenario.load(scenario), seed=7).write(tmp_path / "py")
    for file in ("summary.json", "orders.csv", "riders.csv", "ledger.csv"):
        a = (tmp_path / "a" / file).read_bytes()
        assert a == (tmp_path / "b" / file).read_bytes(), file
        assert a == (tmp_path / "py" / file).read_bytes(), file
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["seed"] == 7
    assert summary["kpis"]["ledger_imbalance_fen"] == 0
    assert summary["kpis"]["orders_delivered"] > 1000


def test_run_defaults_to_the_scenario_seed(tmp_path):
    done = cli("run", ROOT / "tests" / "data" / "small-city.json", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "summary.json").read_text())["seed"] == 5


def test_validate_accepts_the_shipped_scenarios():
    for path in [ROOT / "scenarios" / "baseline.json", *sorted((ROOT / "scenarios" / "proposals").glob("*.json"))]:
        done = cli("validate", path)
        assert done.returncode == 0, (path, done.stderr)
        assert done.stdout.startswith("ok:")


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_every_invalid_file_gives_exit_2_and_its_message(path):
    expected = path.with_suffix(".expected").read_text().strip()
    done = cli("validate", path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("ridersim: invalid scenario: ")


def test_the_invalid_corpus_is_not_empty():
    assert len(INVALID) >= 30


@pytest.mark.parametrize("args, fragment", [
    ([], "the following arguments are required: COMMAND"),
    (["fly"], "invalid choice: 'fly'"),
    (["run"], "the following arguments are required: scenario"),
    (["run", "scenarios/baseline.json", "--seed", "-3"], "expected a whole number >= 0 and < 2**63, got '-3'"),
    (["run", "scenarios/baseline.json", "--seed", "abc"], "expected a whole number >= 0, got 'abc'"),
    (["compare", "scenarios/baseline.json"], "the following arguments are required: proposal"),
    (["bench", "--orders", "0"], "expected a whole number > 0, got '0'"),
])
def test_bad_arguments_give_usage_and_exit_2(args, fragment):
    done = cli(*args)
    assert done.returncode == 2
    assert "usage: ridersim" in done.stderr
    assert fragment in done.stderr


def test_a_missing_file_is_exit_2_naming_the_file():
    done = cli("run", "scenarios/nowhere.json")
    assert done.returncode == 2
    assert "scenarios/nowhere.json: scenario: cannot read the file" in done.stderr


def test_an_output_folder_that_cannot_be_made_is_exit_1_naming_it(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    done = cli("run", ROOT / "tests" / "data" / "small-city.json", "--out", blocker / "out")
    assert done.returncode == 1
    assert done.stderr == f"ridersim: cannot create {blocker / 'out'}: Not a directory\n"
    assert "wrote" not in done.stdout


def test_compare_prints_kpis_side_by_side(tmp_path):
    done = cli("compare", "scenarios/baseline.json", "scenarios/proposals/eta-median.json",
               "scenarios/proposals/timeout-no-penalty.json", "--seed", 3, "--replications", 2, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if line.startswith("kpi"))
    assert header.split() == ["kpi", "baseline", "eta-median", "timeout-no-penalty"]
    penalties = next(line for line in done.stdout.splitlines() if line.startswith("penalties_per_rider_day_yuan"))
    # the no-penalty proposal takes every cash deduction away: its change is minus the baseline
    baseline_value = penalties.split()[1]
    assert penalties.split("]")[-2].split("[")[0].split()[-1] == "-" + baseline_value
    assert float(baseline_value) > 0


def test_the_launcher_at_the_root_runs_the_cli():
    import subprocess
    done = subprocess.run([str(ROOT / "ridersim"), "validate", "scenarios/baseline.json"], cwd=ROOT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "ok:" in done.stdout


def test_bench_prints_one_json_line():
    done = cli("bench", "--orders", 3000, "--riders", 60)
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout.strip())
    assert set(line) >= {"orders", "riders", "cpu_seconds", "orders_per_cpu_second", "peak_rss_mb"}
    assert line["riders"] == 60
    assert 2500 < line["orders"] < 3500
    assert line["ledger_imbalance_fen"] == 0


def test_compare_refuses_scenarios_of_the_same_name(tmp_path):
    done = cli("compare", "scenarios/baseline.json", "scenarios/baseline.json", "--out", tmp_path)
    assert done.returncode == 2
    assert "scenario names must differ" in done.stderr
