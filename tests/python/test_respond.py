"""The platform's best response: a textbook market with a closed-form answer, the baselines as
their own best responses, and the command line."""

import json
import re

import numpy as np
import pytest

import ridersim
from conftest import ROOT, cli
from ridersim.comparison import replication_seeds, run_comparison
from ridersim.response import (Objective, RespondError, _references, best_response, gains_after_response,
                               platform_levers, respond, search_bound)

MARKET = ROOT / "tests" / "data" / "one-zone-market.json"
FEE = "rules.customer_fee.base_yuan"


def best_fee(cost: float) -> float:
    """Demand 3 - 0.2 x fee (linear, slope -2 at 10 yuan) and a cost per job: the fee that
    maximises (fee - cost) x demand is (3 / 0.2 + cost) / 2."""
    return (15.0 + cost) / 2


def best_profit(cost: float, potential: float) -> float:
    """(fee - cost) x (3 - 0.2 fee) / 1.5 at the best fee, per potential job: (15 - cost)^2 / 20 / 1.5."""
    return potential * (15.0 - cost) ** 2 / 20 / 1.5


@pytest.fixture(scope="module")
def market():
    return ridersim.Scenario.load(MARKET)


@pytest.fixture(scope="module")
def answer(market):
    """The platform's answer to a 6-yuan pay per delivery (from 4), with an exit floor between
    the best profits at 4 and at 6."""
    proposal = market.with_changes({"rules.pay.base_per_order_yuan": 6.0}, name="pay 6")
    return respond(market, proposal, replications=8, tolerance=0.0005,
                   objective={"exit_below_yuan_per_day": 12000})


def test_the_market_is_the_textbook_one(market):
    """Every order placed is delivered and the platform keeps fee - 4 yuan of each, to the fen."""
    summary = ridersim.run(market, seed=3).summary
    assert summary["orders_delivered"] == summary["orders_placed"] > 2000
    assert summary["platform_net_revenue_yuan"] == pytest.approx((10.0 - 4.0) * summary["orders_delivered"], abs=0.005)


def test_finds_the_closed_form_fee_and_profit(answer):
    potential = np.mean([s["orders_placed"] + s["orders_deterred"] for s in answer.today.best.summaries])
    assert answer.today.best.values[0] == pytest.approx(best_fee(4.0), rel=0.02)
    assert answer.today.best.mean == pytest.approx(best_profit(4.0, potential), rel=0.01)
    # today's fee (10) is not the best: the search says so, and by how much
    assert not answer.baseline_is_best and answer.today.gain_ci[0] > 0


def test_the_response_starts_from_todays_best_and_passes_costs_on(answer):
    potential = np.mean([s["orders_placed"] + s["orders_deterred"] for s in answer.after.best.summaries])
    assert answer.after.start.values == answer.today.best.values
    assert answer.after.best.values[0] == pytest.approx(best_fee(6.0), rel=0.02)
    assert answer.after.best.mean == pytest.approx(best_profit(6.0, potential), rel=0.01)
    # the proposal after the response is held against today's rules after the platform's own best response
    responded = "pay 6, after the platform responds"
    assert answer.comparison.references[responded].endswith("after the platform responds")
    levers = answer.levers().set_index("lever")
    assert levers.loc[FEE, "after"] > levers.loc[FEE, "best_today"]


def test_exits_where_the_best_profit_falls_below_its_floor(answer):
    """140 (15 - cost)^2 = 12000 at cost 5.74; four halvings of 4..6 find it within 2 / 16."""
    assert answer.after.exits
    exit_cost = 15 - np.sqrt(12000 / 140)
    assert answer.exit_at["rules.pay.base_per_order_yuan"] == pytest.approx(exit_cost, abs=2 / 16)


def test_the_workers_gain_is_cut_by_the_response(answer):
    from ridersim.comparison import who_pays
    pays = who_pays(answer.comparison).set_index(["proposal", "party"])
    before = pays.loc[("pay 6", "worker"), "change_yuan"]
    after = pays.loc[("pay 6, after the platform responds", "worker"), "change_yuan"]
    # a higher fee loses orders, so riders keep less than the 2 yuan more on each: fewer orders at 6
    assert 0 < after < before


@pytest.mark.parametrize("trade", ["ride_hailing", "freight"])
def test_each_baseline_is_its_own_best_response(trade):
    base = ridersim.Scenario.load(ROOT / "scenarios" / trade / "baseline.json")
    seeds = replication_seeds(base.seed, 4)
    found = best_response(base, platform_levers(base), seeds, _references(base, seeds, None), Objective.of(base))
    assert not found.moved, found.ranges.to_string()
    # and the search did look: it tried settings across each lever's range
    table = found.table()
    for lever in found.paths:
        assert table[lever].min() < table[lever].max()


def test_the_food_baseline_is_its_own_best_response():
    base = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    seeds = replication_seeds(base.seed, 2)
    found = best_response(base, platform_levers(base), seeds, _references(base, seeds, None), Objective.of(base),
                          max_evaluations=24)
    assert not found.moved, found.ranges.to_string()
    # the log-in cap acts on the day after a slow day: in a one-day run it moves nothing, and says so
    assert found.ranges.set_index("lever").loc["rules.login_cap.min_utilisation", "flat"]


def test_same_answer_with_any_number_of_threads(market):
    proposal = market.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="pay 5")
    one = respond(market, proposal, replications=2, jobs=1, max_evaluations=15, find_exit=False)
    two = respond(market, proposal, replications=2, jobs=2, max_evaluations=15, find_exit=False)
    assert one.after.best.values == two.after.best.values
    assert one.levers().equals(two.levers())


def test_a_lever_the_proposal_sets_is_not_the_platforms_to_move(market):
    fixed = market.with_changes({FEE: 8.0}, name="fee frozen at 8")
    with pytest.raises(RespondError, match="sets every lever the platform could move"):
        respond(market, fixed, replications=2)
    with pytest.raises(RespondError, match="not a platform lever"):
        respond(market, market.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="x"),
                levers=["rules.fare.level"], replications=2)
    with pytest.raises(RespondError, match="unknown objective terms: margin"):
        respond(market, market.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="x"),
                objective={"margin": 1.0}, replications=2)
    courier = ridersim.Scenario.load(ROOT / "scenarios" / "courier" / "baseline.json")
    with pytest.raises(RespondError, match="no lever to move"):
        platform_levers(courier)


@pytest.mark.parametrize("platform, path, message", [
    ({"levers": [{"path": "rules.fare.level", "min": 0.5, "max": 2}]}, "platform.levers[0].path",
     "is a lever of ride_hailing freight, not of food"),
    ({"levers": [{"path": "rules.dispatch.policy", "min": 0, "max": 1}]}, "platform.levers[0].path",
     "expected the dotted path of a numeric lever"),
    ({"levers": [{"path": FEE, "min": 5, "max": 5}]}, "platform.levers[0].max", "expected a number above min (5)"),
    ({"levers": [{"path": FEE, "min": -1, "max": 5}]}, "platform.levers[0].min", "expected a number"),
    ({"levers": [{"path": FEE, "min": 1, "max": 5}, {"path": FEE, "min": 2, "max": 3}]}, "platform.levers[1].path",
     "is listed twice"),
    ({"levers": []}, "platform.levers", ""),
    ({"levers": [{"path": FEE, "min": 1, "max": 5}], "objective": {"rival_elasticity": 1}},
     "platform.objective.rival_elasticity", "expected a number"),
    ({"levers": [{"path": FEE, "min": 1, "max": 5}], "objective": {"aim": "growth"}}, "platform.objective", "aim"),
])
def test_a_bad_platform_block_names_the_path(market, platform, path, message):
    with pytest.raises(ridersim.ScenarioError) as error:
        market.with_changes({"platform": platform})
    assert error.value.path.startswith(path) and message in str(error.value)


def test_compare_with_the_platform_responding(market):
    proposal = market.with_changes({"rules.pay.base_per_order_yuan": 5.0}, name="pay 5")
    counts = []
    comparison = run_comparison(market, [proposal], replications=2, chance=False, platform_responds=True,
                                progress=lambda done, total: counts.append((done, total)))
    # first the settings searched, today's rules and the proposal's, up to the most two searches of
    # one lever try; then the runs: baseline, proposal, its answer and today's answer, twice each
    starts = [i for i, (done, _) in enumerate(counts) if done == 0]
    assert len(starts) == 2 and counts[0] == (0, 2 * search_bound(1)) and counts[starts[1] - 1] == (2 * search_bound(1),) * 2
    assert 2 < starts[1] - 1 < 2 * search_bound(1)  # one count a setting, fewer settings than the most
    assert counts[starts[1]] == (0, 8) and counts[-1] == (8, 8)
    names = [p.name for p in comparison.proposals]
    assert names == ["pay 5", "pay 5, after the platform responds"]
    fee = comparison.table.set_index(["proposal", "kpi"]).loc[("pay 5, after the platform responds", "customer_fee_mean_yuan")]
    # held against today's rules after the platform's own response (today's fee of 10 is not its best)
    assert comparison.references["pay 5, after the platform responds"].endswith("after the platform responds")
    assert fee.diff_mean > 0


    # the union's view says what the platform set and how much of the workers' money gain is left
    from ridersim.comparison import who_pays
    from ridersim.presentation import comparison_context
    note = comparison_context(comparison, "en", "union", with_charts=False)["responses"][0]
    # its best fee at a pay of 5 is (15 + 5) / 2 = 10, today's: it leaves it there (today's 10 is not
    # its best answer to today's rules, so the answer is held against that answer)
    assert note["name"] == "pay 5" and note["parts"][0] == ("If the platform responds to pay 5, it leaves its levers as "
                                                            "they are (delivery fee 10): no other setting serves it "
                                                            "better beyond chance.")
    pays = who_pays(comparison).query("party == 'worker'").set_index("proposal").change_yuan
    before, after = pays["pay 5"], pays["pay 5, after the platform responds"]
    money = next(part for part in note["parts"] if part.startswith("Riders' money"))
    assert f"{before:+,.0f} yuan" in money and f"{after:+,.0f} yuan" in money
    platform = comparison_context(comparison, "zh", "platform", with_charts=False)["responses"][0]["parts"]
    assert any("平台" in part for part in platform[1:])


def test_which_gains_survive_the_response():
    """Hand-made changes: a gain kept beyond chance survives, one within chance after is lost, one
    beyond chance the other way is reversed, and a figure worse only after the response is a new loss."""
    import pandas as pd
    rows = []
    for kpi, before, after in [("rider_net_per_online_hour_p50", (2.0, 1.0, 3.0), (1.0, 0.5, 1.5)),   # survives
                               ("worker_net_per_day_mean_yuan", (20.0, 10.0, 30.0), (2.0, -5.0, 9.0)),  # lost
                               ("share_rider_days_below_min_wage", (-0.1, -0.2, -0.05), (0.1, 0.05, 0.2)),  # reversed
                               ("share_rider_days_over_10_online_hours", (0.0, -0.1, 0.1), (0.2, 0.1, 0.3)),  # new loss
                               ("penalties_per_rider_day_yuan", (0.5, 0.1, 0.9), (0.5, 0.1, 0.9)),  # a loss both times
                               ("orders_placed", (5.0, 1.0, 9.0), (-5.0, -9.0, -1.0))]:  # no better side
        for name, (mean, low, high) in (("p", before), ("p, after the platform responds", after)):
            rows.append({"proposal": name, "kpi": kpi, "diff_mean": mean, "ci_low": low, "ci_high": high,
                         "significant": low > 0 or high < 0})
    from ridersim.comparison import HIGHER_IS_BETTER
    kpis = list(dict.fromkeys(r["kpi"] for r in rows))
    got = gains_after_response(pd.DataFrame(rows), "p", kpis, HIGHER_IS_BETTER).set_index("kpi").verdict.to_dict()
    assert got == {"rider_net_per_online_hour_p50": "survives", "worker_net_per_day_mean_yuan": "lost",
                   "share_rider_days_below_min_wage": "reversed", "share_rider_days_over_10_online_hours": "new loss"}


def test_command_line(tmp_path):
    proposal = tmp_path / "pay6.json"
    proposal.write_text(json.dumps({"extends": str(MARKET), "name": "pay 6",
                                    "changes": {"rules.pay.base_per_order_yuan": 6}}))
    out = tmp_path / "out"
    done = cli("respond", MARKET, proposal, "--replications", "2", "--max-evaluations", "15",
               "--objective", "exit_below_yuan_per_day=12000", "--out", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "today's levers are NOT the platform's best response" in done.stdout
    assert "it would exit or scale down; it would from rules.pay.base_per_order_yuan" in done.stdout
    for name in ("levers.csv", "settings.csv", "comparison.csv", "response.md", "report.html"):
        assert (out / name).stat().st_size > 0
    bad = cli("respond", MARKET, proposal, "--objective", "margin", "--out", out, cwd=tmp_path)
    assert bad.returncode == 2 and "expected TERM=NUMBER" in bad.stderr
    bad = cli("respond", MARKET, proposal, "--tolerance", "-1", "--out", out, cwd=tmp_path)
    assert bad.returncode == 2 and "expected a share of the objective" in bad.stderr
    bad = cli("respond", MARKET, proposal, "--levers", "rules.x", "--out", tmp_path / "elsewhere", cwd=tmp_path)
    assert bad.returncode == 2 and "not a platform lever" in bad.stderr and not (tmp_path / "elsewhere").exists()


def test_the_readme_command_runs_as_printed(tmp_path):
    """The README's respond example, and what it says of it: the tariff goes to its bound."""
    from test_readme import blocks
    line = next(l for b in blocks("sh") for l in b.splitlines() if l.startswith("./ridersim respond"))
    args = line.split()[1:]
    done = cli(*args, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    level = float(re.search(r"utilisation-floor: the platform's best response is rules.fare.level ([0-9.]+)",
                            done.stdout).group(1))
    assert level >= 1.45  # the top of its bounds, 1.5
    assert "today's levers are the platform's best response within the tolerance" in done.stdout
    # ... and under the freight commission cut it moves nothing: the drivers keep all of their gain
    done = cli("respond", "scenarios/freight/baseline.json", "scenarios/freight/proposals/commission-cut.json",
               "--out", tmp_path / "freight", "--replications", 3)
    assert done.returncode == 0, done.stderr
    assert "commission-cut: the platform's best response is rules.fare.level 1 " in done.stdout
    assert "100% of it survives" in done.stdout


def test_a_sweep_after_the_platform_responds(tmp_path):
    """A Stackelberg sweep: each point's runs use the rules after the platform's best response,
    here the closed-form fee of each pay; the answers are recorded, so a rerun searches nothing."""
    from ridersim.sweep import SweepError, platform_answers, read_results, run_sweep, spec_from_dict
    doc = {"name": "pay", "baseline": str(MARKET), "platform_responds": True, "replications": 4, "seed": 3,
           "levers": {"rules.pay.base_per_order_yuan": {"min": 4, "max": 8, "levels": 2}},
           "design": {"method": "grid"}}
    spec = spec_from_dict(doc)
    out = tmp_path / "pay.sqlite"
    counts = []
    run_sweep(spec, out, jobs=2, progress=lambda done, total: counts.append((done, total)))
    # the answers are counted first (the baseline and two points), then the runs
    assert counts[:4] == [(0, 3), (1, 3), (2, 3), (3, 3)] and counts[4][0] == 0 and counts[-1][0] == counts[4][1]
    runs, _ = read_results(out)
    fee = runs[runs.point > 0].groupby("rules.pay.base_per_order_yuan")[FEE].first()
    # at 8 yuan a delivery today's fee of 10 loses a fifth of the best profit: the platform moves to 11.5
    assert fee[8] == pytest.approx(best_fee(8), rel=0.03)
    # at 4 the best (9.5) gains 1% on today's fee: with four replications the platform may not tell
    assert 0.97 * best_fee(4) <= fee[4] <= 10
    import sqlite3
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 3  # the baseline and two points
    again = run_sweep(spec, out, jobs=2, progress=False)
    assert again.computed == 0
    with pytest.raises(SweepError, match="true or false"):
        spec_from_dict({**doc, "platform_responds": "yes"})
    assert platform_answers(spec_from_dict({**doc, "platform_responds": False})) == {}


def test_bargaining_after_the_platform_responds_says_so(tmp_path):
    spec = {"name": "pay", "baseline": str(MARKET), "platform_responds": True, "replications": 4, "seed": 3,
            "levers": {"rules.pay.base_per_order_yuan": {"min": 4, "max": 8, "levels": 3}}, "design": {"method": "grid"}}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    assert cli("sweep", tmp_path / "spec.json", "--out", tmp_path / "pay.sqlite", "--jobs", 2).returncode == 0
    done = cli("bargain", tmp_path / "pay.sqlite", "--out", tmp_path / "bargain")
    assert done.returncode == 0, done.stderr
    assert "after the platform's best response to each rule set" in done.stdout


def test_a_festival_proposal_is_answered_against_today_s_rules_on_the_same_days(market):
    """Today's best response is searched on the proposal's festival days, and the proposal after
    the response is held against today's rules on those days: the festival is not the rule's doing."""
    festive = market.with_changes({"world.festival_days": [0], "demand.festival_factor": 1.5,
                                   "rules.pay.festival_surcharge_yuan": 2.0}, name="festival bonus")
    answer = respond(market, festive, replications=2, max_evaluations=12, find_exit=False)
    assert answer.today.scenario.spec["world"]["festival_days"] == [0]
    references = set(answer.comparison.references.values())
    assert references and all("festival days 0" in name for name in references)
