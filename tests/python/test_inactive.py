"""Rules that cannot bite in a scenario are said, with why and with the control that would make them bite."""

import pytest

import ridersim
from ridersim import inactive
from ridersim.comparison import run_comparison
from conftest import ROOT


def load(path):
    return ridersim.Scenario.load(ROOT / "scenarios" / path)


def findings(base, changes):
    return {f.lever: f for f in inactive.before_running(base, base.with_changes(changes, name="p"))}


def test_a_festival_rule_without_a_festival_day_is_said_and_bites_once_there_is_one():
    freight = load("freight/baseline.json")
    fee = {"rules.pay.peak_fee_share": 0.4, "rules.pay.peak_fee_days": "festival"}
    found = findings(freight, fee)
    assert found["rules.pay.peak_fee_share"].control == "world.festival_days"
    assert "festival" in found["rules.pay.peak_fee_share"].reason()
    assert findings(freight, {**fee, "world.festival_days": [0]}) == {}
    # on every day, the fee needs no festival
    assert findings(freight, {"rules.pay.peak_fee_share": 0.4, "rules.pay.peak_fee_days": "all"}) == {}
    ride = load("ride_hailing/baseline.json")
    assert "rules.pay.festival_surcharge_yuan" in findings(ride, {"rules.pay.festival_surcharge_yuan": 5})


def test_a_log_off_later_than_every_shift_is_said_even_in_the_baseline():
    food = load("baseline.json")
    own = {f.lever: f for f in inactive.before_running(food)}
    assert own["rules.fatigue.forced_logoff_after_h"].control == "riders.types[].shifts"
    assert "10 h" in own["rules.fatigue.forced_logoff_after_h"].reason()
    longer = food.with_changes({"riders.types[0].shifts": [{"start_h": 6, "end_h": 20, "share": 0.9}]})
    assert "rules.fatigue.forced_logoff_after_h" not in {f.lever for f in inactive.before_running(longer)}
    # workers who may stay on past the plan (an income target, up to 2 h) can reach a log-off at 11 h...
    staying = food.with_changes({"rules.fatigue.forced_logoff_after_h": 11,
                                 "riders.labour_supply.stopping_rule": "income_target"})
    assert "rules.fatigue.forced_logoff_after_h" not in {f.lever for f in inactive.before_running(staying)}
    # ...not one at 12 h, nor, with hours not responding, one at 11 h
    later = {f.lever: f for f in inactive.before_running(staying.with_changes({"rules.fatigue.forced_logoff_after_h": 12}))}
    assert "no working day lasts longer than 12 h (the longest shift and 2 h more)" in later["rules.fatigue.forced_logoff_after_h"].reason()
    still = staying.with_changes({"riders.labour_supply.responds": ["login", "gates"]})
    assert "rules.fatigue.forced_logoff_after_h" in {f.lever for f in inactive.before_running(still)}


def test_a_lever_of_another_trade_and_weather_money_without_weather_are_said():
    food = load("baseline.json")
    found = findings(food, {"rules.commission.worker_rate": 0.1, "rules.pay.weather_surcharge_yuan": 2})
    assert "ride_hailing" in found["rules.commission.worker_rate"].reason()
    assert found["rules.pay.weather_surcharge_yuan"].control == "world.weather"
    assert found["rules.pay.weather_surcharge_yuan"].reason("zh") != found["rules.pay.weather_surcharge_yuan"].reason("en")


def test_a_proposal_that_moves_nothing_is_named_after_the_runs():
    freight = load("freight/baseline.json")
    # a monthly-average cap far above the 12.2% the platform keeps refunds nothing
    cap = freight.with_changes({"rules.commission.worker_average_cap": 0.5}, name="cap-50pct")
    rise = freight.with_changes({"rules.commission.worker_rate": 0.10}, name="cut")
    comparison = run_comparison(freight, [cap, rise], replications=2)
    named = {(f.proposal, f.lever) for f in inactive.unmoved(comparison)}
    assert named == {("cap-50pct", "rules.commission.worker_average_cap")}
    from ridersim.presentation import inactive_notes
    assert [n["name"] for n in inactive_notes(comparison, "en")] == ["cap-50pct"]


def test_compare_says_what_cannot_bite_before_running(tmp_path):
    import json
    import subprocess
    from conftest import PYTHON
    proposal = tmp_path / "fee.json"
    proposal.write_text(json.dumps({"extends": str(ROOT / "scenarios" / "freight" / "baseline.json"), "name": "fee",
                                    "changes": {"rules.pay.peak_fee_share": 0.4}}))
    done = subprocess.run([PYTHON, "-m", "ridersim", "compare", str(ROOT / "scenarios" / "freight" / "baseline.json"),
                           str(proposal), "--replications", "2", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "python"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("cannot bite: fee: rules.pay.peak_fee_share:")
    assert any(line.startswith("no effect: fee: rules.pay.peak_fee_share") for line in lines)
    report = (tmp_path / "out" / "report.html").read_text()
    assert "Rules that cannot bite here" in report and "world.festival_days" in report
