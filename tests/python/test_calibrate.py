"""Calibration by the method of simulated moments: it recovers parameters it is given moments of,
warns about parameters the targets cannot identify, and refuses bad targets naming file and line."""

import json

import numpy as np
import pytest

import ridersim
from ridersim import calibrate as cal

from conftest import cli

TRUTH = {"rules.pay.base_per_order_yuan": 6.0, "rules.promise.pickup_allowance_min": 20.0}


@pytest.fixture(scope="module")
def lunch(baseline):
    # the morning and the lunch peak: short enough for a test, busy enough to bundle
    return baseline.with_changes({"horizon.end_h": 13}, name="lunch")


def test_calibrate_recovers_the_parameters_it_is_given_moments_of(lunch, tmp_path):
    kpis = ["rider_net_per_online_hour_mean", "late_rate"]
    truth = lunch.with_changes(TRUTH)
    # the "published" moments: simulated at the true parameters on seeds the fit never uses
    draws = np.array([[ridersim.run(truth, seed=1000 + k).summary[m] for m in kpis] for k in range(8)])
    targets = [cal.Target(m, float(draws[:, i].mean()), float(draws[:, i].std(ddof=1) / np.sqrt(8)), "simulated")
               for i, m in enumerate(kpis)]
    parameters = [cal.Parameter("rules.pay.base_per_order_yuan", 4, 9),
                  cal.Parameter("rules.promise.pickup_allowance_min", 10, 35)]
    fit = cal.calibrate(lunch, targets, parameters, replications=4, seed=1, max_evaluations=60)
    for key, true in TRUTH.items():
        se = fit.standard_errors[key]
        assert np.isfinite(se) and se > 0
        assert abs(fit.estimate[key] - true) <= 2 * se, (key, fit.estimate[key], se)
    # the start (7 yuan, 25 min) was far from the truth: the fit moved, not stayed
    assert abs(fit.estimate["rules.pay.base_per_order_yuan"] - 7.0) > 0.5
    assert fit.objective < 8  # two targets: a chi-square(0) at the optimum, a few units of noise at most
    # the fitted diff extends the scenario and records the fit as the source of each value
    written = cal.write_fit(fit, tmp_path, "truth.csv")
    diff = json.loads((tmp_path / "fitted.json").read_text())
    assert set(diff["changes"]) == set(TRUTH)
    assert all("method of simulated moments to truth.csv" in v for v in diff["sources"].values())
    assert "| `late_rate` |" in (tmp_path / "fit.md").read_text()
    assert len(written) == 3


def test_a_parameter_that_moves_no_target_is_reported_not_identified(baseline):
    morning = baseline.with_changes({"horizon.end_h": 9}, name="morning")
    targets = [cal.Target("late_rate", 0.167, 0.01, "npj2026")]
    # no order of a 7-9 morning is at night: the night surcharge moves nothing
    fit = cal.calibrate(morning, targets, [cal.Parameter("rules.pay.night_surcharge_yuan", 0, 5)],
                        replications=2, max_evaluations=8)
    assert np.isnan(fit.standard_errors["rules.pay.night_surcharge_yuan"])
    assert any("moves no target" in w for w in fit.warnings)


@pytest.mark.parametrize("text, message", [
    ("kpi,value\nlate_rate,0.2\n", "needs a header with kpi, value, se or weight"),
    ("kpi,value,se,source\nlate_rate,abc,0.01,x\n", r"targets.csv:2: value: expected a number, got 'abc'"),
    ("kpi,value,se,source\nlate_rate,0.2,0,x\n", r"targets.csv:2: se must be > 0"),
    ("kpi,value,se,source\nlate_rate,0.2,,x\n", r"targets.csv:2: give se"),
    ("kpi,value,se,source\nlate_rate,0.2,0.1,x\nlate_rate,0.3,0.1,y\n", r"targets.csv:3: late_rate is a target twice"),
    ("kpi,value,weight,source\nlate_rate,nan,4,x\n", r"targets.csv:2: value: expected a finite number"),
])
def test_bad_targets_are_refused_naming_file_and_line(tmp_path, text, message):
    path = tmp_path / "targets.csv"
    path.write_text(text)
    with pytest.raises(cal.CalibrationError, match=message):
        cal.load_targets(path)


def test_a_weight_stands_for_one_over_the_variance(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("kpi,value,weight,source\nlate_rate,0.2,400,x\n")
    assert cal.load_targets(path)[0].se == pytest.approx(0.05)


def test_the_command_refuses_bad_parameters_and_unknown_kpis(tmp_path):
    targets = tmp_path / "t.csv"
    targets.write_text("kpi,value,se,source\nno_such_kpi,1,0.1,x\n")
    r = cli("calibrate", targets, "--scenario", "scenarios/baseline.json", "--fit", "rules.pay.base_per_order_yuan=9:5")
    assert r.returncode == 2 and "LOW must be below HIGH" in r.stderr
    r = cli("calibrate", targets, "--scenario", "scenarios/baseline.json", "--fit", "rules.pay.base_per_order_yuan")
    assert r.returncode == 2 and "expected KEY=LOW:HIGH" in r.stderr
    r = cli("calibrate", targets, "--scenario", "scenarios/baseline.json", "--fit", "rules.pay.base_per_order_yuan=4:9",
            "--out", tmp_path / "out")
    assert r.returncode == 2 and "unknown KPI(s) no_such_kpi" in r.stderr
    assert not (tmp_path / "out").exists()
    r = cli("calibrate", targets, "--scenario", "scenarios/baseline.json", "--fit", "rules.pay.no_such_lever=0:1")
    assert r.returncode == 2 and "no_such_lever" in r.stderr


def test_on_a_dask_cluster_the_fit_is_the_same_as_in_process(baseline):
    morning = baseline.with_changes({"horizon.end_h": 9}, name="morning")
    targets = [cal.Target("rider_net_per_online_hour_mean", 20.0, 1.0, "a survey")]
    parameters = [cal.Parameter("rules.pay.base_per_order_yuan", 4, 9)]
    here = cal.calibrate(morning, targets, parameters, replications=2, max_evaluations=6)
    there = cal.calibrate(morning, targets, parameters, replications=2, max_evaluations=6, dask="local:2")
    assert there.estimate == here.estimate and there.simulated == here.simulated


def test_a_targets_file_saved_by_a_spreadsheet_is_read(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_bytes("\ufeffkpi,value,se,source\r\nlate_rate,0.2,0.01,survey\r\n".encode("utf-8"))
    (target,) = cal.load_targets(path)
    assert (target.kpi, target.value, target.se, target.source) == ("late_rate", 0.2, 0.01, "survey")


def test_a_large_targets_file_is_read_in_linear_time_and_an_oversized_one_refused(tmp_path):
    import time
    path = tmp_path / "targets.csv"
    rows = 40_000
    path.write_text("kpi,value,se,source\n" + "".join(f"kpi_{k},1,0.1,x\n" for k in range(rows)))
    start = time.process_time()
    assert len(cal.load_targets(path)) == rows
    # a quadratic duplicate check took minutes here; linear reading takes well under a second of CPU
    assert time.process_time() - start < 20
    path.write_text("kpi,value,se,source\n" + "x" * (cal.MAX_TARGETS_BYTES + 1))
    with pytest.raises(cal.CalibrationError, match="too large for a file of targets"):
        cal.load_targets(path)


def test_a_kpi_the_scenario_leaves_undefined_is_refused_before_fitting(baseline):
    # riders paid piece rates pay no commission on fares: the take rate of fares has no value
    morning = baseline.with_changes({"horizon.end_h": 9}, name="morning")
    assert not np.isfinite(ridersim.run(morning, seed=1).summary["worker_take_rate"])
    with pytest.raises(cal.CalibrationError, match="worker_take_rate is not defined for this scenario"):
        cal.calibrate(morning, [cal.Target("worker_take_rate", 0.2, 0.01, "x")],
                      [cal.Parameter("rules.pay.base_per_order_yuan", 4, 9)], replications=2, max_evaluations=4)


def test_formula_cells_of_sources_are_written_as_text(baseline, tmp_path):
    morning = baseline.with_changes({"horizon.end_h": 9}, name="morning")
    targets = [cal.Target("rider_net_per_online_hour_mean", 20.0, 1.0, "=HYPERLINK(\"http://x\")")]
    fit = cal.calibrate(morning, targets, [cal.Parameter("rules.pay.base_per_order_yuan", 4, 9)], replications=2,
                        max_evaluations=4)
    cal.write_fit(fit, tmp_path / "fit", "t.csv")
    text = (tmp_path / "fit" / "fit.csv").read_text()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_a_whole_number_lever_is_fitted_as_a_whole_number(baseline):
    from ridersim import _core
    integer = next(lever["key"] for lever in _core.levers()
                   if lever["type"] == "integer" and lever["key"].startswith("rules.dispatch"))
    morning = baseline.with_changes({"horizon.end_h": 9}, name="morning")
    fit = cal.calibrate(morning, [cal.Target("ctd_mean_min", 25.0, 1.0, "x")], [cal.Parameter(integer, 2, 9)],
                        replications=2, max_evaluations=6)
    assert isinstance(fit.estimate[integer], int)


def test_a_mistyped_dask_address_is_a_clear_error():
    for address in ("127.0.0.1:87x6", "nonsense"):
        with pytest.raises(cal.CalibrationError, match="cannot reach a Dask scheduler"):
            cal._Runner(address)
