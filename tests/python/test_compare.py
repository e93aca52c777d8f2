import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ridersim
from ridersim.comparison import replication_seeds, run_comparison
from ridersim.reporting import lever_changes, report
from conftest import ROOT, cli


@pytest.fixture(scope="module")
def small_city():
    # every lever but the floor, which would absorb the pay changes these tests make
    return ridersim.Scenario.load(ROOT / "tests" / "data" / "all-levers.json").with_changes(
        {"horizon.days": 1, "rules.floor.hourly_yuan": 0})


def test_a_proposal_identical_to_its_baseline_differs_by_exactly_zero(small_city):
    twin = small_city.with_changes({}, name="twin")
    table = ridersim.compare(small_city, [twin], replications=4, seed=3)
    finite = table[np.isfinite(table.baseline_mean)]
    assert len(finite) > 30
    assert (finite.diff_mean == 0).all()
    assert (finite.ci_low == 0).all() and (finite.ci_high == 0).all()
    assert not finite.significant.any()


def test_common_random_numbers_narrow_the_interval():
    # a small rule change on the default city, whose riders respond to pay: 20 fen more per order
    base = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    raised = base.with_changes({"rules.pay.base_per_order_yuan": 4.2}, name="raised")
    table = ridersim.compare(base, [raised], replications=8, seed=5).set_index("kpi")
    def widths(kpi):
        row = table.loc[kpi]
        assert row.significant
        return row.ci_high - row.ci_low, row.unpaired_ci_high - row.unpaired_ci_low

    # what the platform pays a rider for an order moves with the rule alone: pairing removes
    # nearly all the noise
    paired, unpaired = widths("rider_cost_per_order_yuan")
    assert paired < unpaired / 3
    # riders' hourly pay also moves with which orders each rider accepts, and crowd-sourced riders
    # near their reservation wage accept differently once orders pay more: pairing still narrows it
    paired, unpaired = widths("rider_net_per_online_hour_mean")
    assert paired < unpaired / 2


def test_results_do_not_depend_on_the_number_of_jobs(small_city):
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="raised")
    one = run_comparison(small_city, [raised], replications=4, seed=2, jobs=1)
    two = run_comparison(small_city, [raised], replications=4, seed=2, jobs=2)
    pd.testing.assert_frame_equal(one.table, two.table)
    pd.testing.assert_frame_equal(one.winners, two.winners)


def test_replication_seeds_are_hashed_not_added():
    seeds = replication_seeds(7, 5)
    assert seeds == replication_seeds(7, 5)
    assert len(set(seeds)) == 5
    assert seeds != [7 + r for r in range(5)]
    assert set(replication_seeds(8, 5)).isdisjoint(seeds)


def test_winners_and_losers_of_a_pay_rise_and_a_pay_cut(small_city):
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 6.0}, name="raised")
    cut = small_city.with_changes({"rules.pay.base_per_order_yuan": 2.0}, name="cut")
    c = run_comparison(small_city, [raised, cut], replications=3, seed=1, threshold_yuan=0.5)
    w = c.winners.set_index(["proposal", "rider_type"])
    assert w.loc[("raised", "all"), "winners_share"] > 0.8
    assert w.loc[("cut", "all"), "losers_share"] > 0.8
    for _, row in c.winners.iterrows():
        assert row.winners_share + row.losers_share + row.unchanged_share == pytest.approx(1.0)
    assert set(c.distribution.rider_type_name) == {"full_time", "part_time"}


def test_compare_checks_its_arguments(small_city):
    with pytest.raises(ValueError, match="names must differ"):
        ridersim.compare(small_city, [small_city], replications=2)
    with pytest.raises(ValueError, match="replications"):
        ridersim.compare(small_city, [small_city.with_changes({}, name="x")], replications=0)


def test_lever_changes_lists_each_changed_value_with_its_source():
    base = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    prop = ridersim.Scenario.load(ROOT / "scenarios" / "proposals" / "commission-cut.json")
    rows = {path: (a, b, src) for path, a, b, src in lever_changes(base.spec, prop.spec)}
    assert set(rows) == {"rules.commission.merchant_rate", "rules.commission.per_order_cap_yuan"}
    assert rows["rules.commission.merchant_rate"][:2] == (0.14, 0.109)
    assert "10.9%" in rows["rules.commission.merchant_rate"][2]


def test_report_escapes_scenario_text(tmp_path, small_city):
    evil = small_city.with_changes({"description": "<script>alert('x')</script> & more"},
                                   name="<script>alert(1)</script>")
    c = run_comparison(small_city, [evil], replications=2, seed=1)
    page = report(c, tmp_path / "report.html").read_text()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in page
    # self-contained: every image is embedded
    assert re.findall(r'<img[^>]+src="(?!data:image/png;base64,)', page) == []
    assert page.count("data:image/png;base64,") == 3


def test_cli_compare_writes_csv_and_report(tmp_path):
    done = cli("compare", "scenarios/baseline.json", "scenarios/proposals/safety-bonus.json",
               "scenarios/proposals/hourly-floor.json", "--replications", 3, "--seed", 4, "--jobs", 2,
               "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "report: " in done.stdout
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    table = pd.read_csv(tmp_path / "comparison.csv")
    assert {"proposal", "kpi", "baseline_mean", "proposal_mean", "diff_mean", "ci_low", "ci_high"} <= set(table.columns)
    viol = table[(table.proposal == "safety-bonus") & (table.kpi == "violations_per_1000_orders")].iloc[0]
    assert viol.ci_high < 0
    assert (tmp_path / "report.html").stat().st_size > 50_000


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                  "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"]


def render(page: Path, shot: Path, profile: Path) -> str:
    """Renders a page in headless Chromium, saves a screenshot, returns its console messages."""
    done = subprocess.run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,3000",
                           f"--screenshot={shot}", page.as_uri()], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    return "\n".join(line for line in done.stderr.splitlines() if "CONSOLE" in line)


def test_the_report_renders_in_chromium_without_console_errors(tmp_path):
    out = tmp_path / "compare"
    done = cli("compare", "scenarios/baseline.json", "scenarios/proposals/timeout-no-penalty.json",
               "--replications", 2, "--out", out)
    assert done.returncode == 0, done.stderr
    shot = tmp_path / "report.png"
    console = render(out / "report.html", shot, tmp_path / "profile")
    assert console == ""
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
    # the check itself sees errors when there are some
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><script>no_such_function()</script></body></html>")
    assert "no_such_function" in render(broken, tmp_path / "broken.png", tmp_path / "profile2")


def test_the_brief_names_only_changes_beyond_chance(small_city):
    from ridersim.presentation import brief
    twin = small_city.with_changes({}, name="twin")
    raised = small_city.with_changes({"rules.pay.base_per_order_yuan": 6.0}, name="raised")
    c = run_comparison(small_city, [twin, raised], replications=3, seed=1)
    lines = {item["name"]: item["parts"] for item in brief(c, "en")}
    assert lines["twin"][0] == "0.0% of riders gain, 0.0% lose"
    # beside it, what chance alone does: the same small city with only the allocation of jobs redrawn
    luck = c.winners.set_index(["proposal", "rider_type"]).loc[("twin", "all"), "chance_losers_share"]
    assert lines["twin"][1] == f"beyond chance 0.0% gain and 0.0% lose (the luck of which orders a person gets alone makes {100 * luck:.1f}% lose)"
    # the scenario's only day is a festival day: a month's pay cannot be said from it, the hour's can
    assert np.isnan(c.table.set_index(["proposal", "kpi"]).loc[("raised", "worker_net_per_month_mean_yuan"), "diff_mean"])
    assert lines["raised"][0].startswith("Net pay per online hour, median +")
    zh = {item["name"]: item["parts"] for item in brief(c, "zh")}
    assert zh["twin"][0] == "0.0%的骑手受益，0.0%受损"
    assert zh["raised"][0].endswith(" 元/小时")


def test_a_proposal_that_adds_or_resizes_a_type_reports_entering_and_leaving(small_city):
    extra = dict(small_city.spec["riders"]["types"][0], name="newcomers", count=5)
    added = small_city.with_changes({"riders.types": small_city.spec["riders"]["types"] + [extra]}, name="added")
    fewer = small_city.with_changes({"riders.types[0].count": max(1, small_city.spec["riders"]["types"][0]["count"] - 5)},
                                    name="fewer")
    c = ridersim.run_comparison(small_city, [added, fewer], replications=2, seed=3)
    w = c.winners.set_index(["proposal", "rider_type"])
    assert w.loc[("added", "newcomers"), "entering"] > 0
    assert w.loc[("added", "newcomers"), "riders"] == 0      # nobody to compare with
    assert w.loc[("added", "all"), "leaving"] == 0
    first = small_city.rider_type_names[0]
    assert w.loc[("fewer", first), "leaving"] > 0
    assert w.loc[("fewer", "all"), "entering"] == 0
    # identities name the type and the index within it
    assert small_city.worker_identities([0])[0] == f"{first}#0"


def test_a_proposal_that_lists_the_same_types_in_another_order_changes_nothing(baseline):
    reordered = baseline.with_changes({"riders.types": list(reversed(baseline.spec["riders"]["types"]))}, name="reordered")
    c = ridersim.run_comparison(baseline, [reordered], replications=2, seed=5)
    assert (c.table.diff_mean.fillna(0) == 0).all()
    everyone = c.winners.set_index("rider_type").loc["all"]
    assert everyone.winners_share == 0 and everyone.losers_share == 0
    assert everyone.entering == 0 and everyone.leaving == 0


def test_compare_works_for_any_names_of_worker_types_and_refuses_a_proposal_of_other_types(tmp_path):
    # the small city's types are full_time and part_time, not the default's high_frequency
    proposal = tmp_path / "raise.json"
    proposal.write_text('{"extends": "%s", "name": "raise", "changes": {"rules.pay.base_per_order_yuan": 5}}'
                        % (ROOT / "tests" / "data" / "small-city.json"))
    done = cli("compare", ROOT / "tests" / "data" / "small-city.json", proposal, "--replications", 2,
               "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "worker_net_per_month_mean_yuan.full_time" in done.stdout
    assert "worker_net_per_month_mean_yuan.part_time" in done.stdout
    assert (tmp_path / "out" / "report.html").is_file()
    # a proposal that extends another baseline is a clear error, not an internal one
    done = cli("compare", ROOT / "tests" / "data" / "small-city.json", ROOT / "scenarios" / "proposals" / "base-pay-rise.json",
               "--replications", 2, "--out", tmp_path / "other")
    assert done.returncode == 2
    assert "a proposal must change the baseline it is compared with" in done.stderr
    assert not (tmp_path / "other").exists()


def test_ctrl_c_stops_compare_within_seconds_and_writes_nothing(tmp_path):
    import os
    import signal
    import time
    out = tmp_path / "out"
    process = subprocess.Popen(["/usr/bin/python3", "-m", "ridersim", "compare", str(ROOT / "scenarios" / "baseline.json"),
                                str(ROOT / "scenarios" / "proposals" / "base-pay-rise.json"), "--replications", "50",
                                "--jobs", "2", "--out", str(out)],
                               env={**os.environ, "PYTHONPATH": str(ROOT / "python")}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(4)  # under way: 100 runs of a day take far longer than this
    assert process.poll() is None
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    # queued runs are dropped, not waited for: only the two under way finish
    assert time.monotonic() - started < 10, err
    assert process.returncode == 130 and "interrupted" in err
    assert not out.exists()


def test_a_proposal_that_drops_a_worker_type_is_compared_on_what_both_have(small_city):
    kept = small_city.with_changes({"riders.types": small_city.spec["riders"]["types"][:1]}, name="one type")
    dropped = small_city.spec["riders"]["types"][1]["name"]
    c = ridersim.run_comparison(small_city, [kept], replications=2, seed=3)
    table = c.table.set_index("kpi")
    assert np.isnan(table.loc[f"rider_days.{dropped}", "proposal_mean"])
    assert np.isfinite(table.loc["orders_delivered", "diff_mean"])


def test_money_customers_did_not_spend_on_orders_they_gave_up_is_not_shown_as_their_gain():
    from ridersim.comparison import run_comparison, who_pays
    base = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    dearer = base.with_changes({"rules.customer_fee.base_yuan": 9}, name="dearer")
    comparison = run_comparison(base, [dearer], replications=3, progress=False)
    customers = who_pays(comparison).set_index("party").loc["customers"]
    t = comparison.table.set_index("kpi")
    orders, paid = t.loc["orders_delivered"], t.loc["balance_customers_yuan"]
    # by hand: the baseline's price an order times the orders given up
    price = -paid.baseline_mean / orders.baseline_mean
    assert orders.diff_mean < 0
    assert customers.not_spent_yuan == pytest.approx(-price * orders.diff_mean)
    assert customers.not_spent_yuan > 0 and customers.on_orders_bought_yuan < 0  # dearer on what they still buy
    assert customers.not_spent_yuan + customers.on_orders_bought_yuan == pytest.approx(customers.change_yuan)
    from ridersim.presentation import who_pays_rows
    note = who_pays_rows(comparison, "en")[0]["unspent"]
    assert "not a gain" in note


def test_losers_are_counted_beyond_what_the_luck_of_the_jobs_alone_moves():
    base = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    rise = ridersim.Scenario.load(ROOT / "scenarios" / "proposals" / "base-pay-rise.json")
    comparison = run_comparison(base, [rise], replications=3, progress=False)
    w = comparison.winners.set_index(["proposal", "rider_type"]).loc[(rise.name, "all")]
    # a rule that only adds money: some "lose" because they got other jobs, as many as chance alone makes lose
    assert w.losers_share > 0.05 and w.chance_losers_share > 0.05
    assert w.losers_beyond_chance_share < w.losers_share / 3
    # the chance run is the baseline with only the allocation redrawn: same orders, other workers on them
    from ridersim.comparison import chance_scenario
    chance = chance_scenario(base, [base.name])
    a, b = ridersim.run(base, seed=2), ridersim.run(chance, seed=2)
    assert (a.orders.placed_s.to_numpy() == b.orders.placed_s.to_numpy()).all()
    assert (a.orders.rider_id.to_numpy() != b.orders.rider_id.to_numpy()).mean() > 0.3
    # and it is not a scenario of the comparison's tables
    assert set(comparison.summaries.scenario) == {base.name, rise.name}
    assert set(comparison.rider_hourly.scenario) == {base.name, rise.name}


def test_the_calendar_is_a_condition_held_equal_not_a_rule(small_city):
    """A proposal that only changes the calendar (rain, more days) is held against today's rules on
    the same calendar: nothing it shows is the weather's or the length's doing."""
    rain = [{"day": 0, "start_h": 11, "end_h": 14, "kind": "rain", "travel_time_factor": 1.3, "demand_factor": 1.2}]
    wet = small_city.with_changes({"world.weather": rain}, name="wet")
    longer = small_city.with_changes({"horizon.days": small_city.spec["horizon"]["days"] + 1}, name="longer")
    c = run_comparison(small_city, [wet, longer], replications=2, seed=1, chance=False)
    days = small_city.spec["horizon"]["days"] + 1
    assert c.references == {"wet": f"{small_city.name} (weather on days 0)", "longer": f"{small_city.name} ({days} days)"}
    assert (c.table.diff_mean.fillna(0) == 0).all()
    # held against the baseline as it is, the rain would have moved the figures
    plain = run_comparison(small_city, [wet], replications=2, seed=1, chance=False, held_against={"wet": small_city})
    assert (plain.table.diff_mean.fillna(0) != 0).any()


def test_a_calendar_alone_is_said_to_be_a_condition(small_city):
    from ridersim.inactive import unmoved
    wet = small_city.with_changes({"world.festival_days": [0]}, name="festival")
    c = run_comparison(small_city, [wet], replications=2, seed=1, chance=False)
    said = unmoved(c)
    assert [f.lever for f in said] == ["world.festival_days"] and "a condition, not a rule" in said[0].reason()
