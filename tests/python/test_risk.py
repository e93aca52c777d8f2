"""Expected crashes and time pressure: a crash rate a day can measure, that agrees with the crashes
drawn, and the insurance levy it implies."""

import numpy as np
import pytest
from scipy import stats

import ridersim
from ridersim.comparison import run_comparison
from conftest import ROOT


def behaving(city, baseline, **changes):
    """The small city with the default city's behaviour (riders weigh the promise against the law)."""
    behaviour = {k: v for k, v in baseline.spec["riders"]["behaviour"].items() if k != "sources"}
    return city.with_changes({"riders.behaviour": {**behaviour, **changes}})


def test_expected_crashes_agree_with_the_crashes_drawn(small_city, baseline):
    """With the hazard raised a thousandfold so that crashes can be counted, the expected crashes of
    many runs lie within the exact Poisson interval of the crashes drawn in them."""
    risky = behaving(small_city, baseline, crash_per_million_km=4000.0).with_changes({"horizon.days": 2})
    drawn = expected = 0.0
    for seed in range(1, 7):
        summary = ridersim.run(risky, seed=seed).summary
        drawn += summary["crashes"]
        expected += summary["expected_crashes"]
    assert drawn >= 30  # enough to tell a rate apart
    low = stats.chi2.ppf(0.025, 2 * drawn) / 2
    high = stats.chi2.ppf(0.975, 2 * drawn + 2) / 2
    assert low <= expected <= high, (drawn, expected)


def test_the_order_columns_add_up_to_the_summary(small_city, baseline):
    city = behaving(small_city, baseline).with_changes(
        {"rules.welfare": {"injury_payout_per_crash_yuan": 4000, "injury_cover_share": 0.5}})
    result = ridersim.run(city, seed=3)
    orders, summary = result.orders, result.summary
    delivered = orders[orders.status == "delivered"]
    assert delivered.crash_risk.sum() == pytest.approx(summary["expected_crashes"], rel=1e-12)
    assert (delivered.minutes_short > 0).mean() == pytest.approx(summary["share_jobs_pressed"], rel=1e-12)
    # the fair levy by hand: expected crashes x the payout per crash x the share covered, per job
    assert delivered.crash_risk.sum() > 0 and summary["share_jobs_pressed"] > 0
    payout = 4000 * 0.5
    assert summary["insurance_fair_levy_per_job_yuan"] == pytest.approx(
        delivered.crash_risk.sum() * payout / len(delivered), rel=1e-12)


def test_a_day_measures_the_crash_rate_and_a_safety_rule_s_effect_on_it():
    """In a one-day, ten-replication comparison of the default food city, where crashes are counted
    in ones, the expected crash rate's 95% interval is narrower than 15% of its level, and removing
    the cash sanction for lateness (fewer legs ridden against the rules) lowers it beyond chance."""
    baseline = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    proposal = ridersim.Scenario.load(ROOT / "scenarios" / "proposals" / "timeout-no-penalty.json")
    c = run_comparison(baseline, [proposal], replications=10, seed=1, chance=False)
    runs = c.summaries[(c.summaries.scenario == baseline.name) & (c.summaries.kpi == "expected_crashes_per_million_orders")]
    rates = runs.value.to_numpy()
    low, high = stats.t.interval(0.95, len(rates) - 1, loc=rates.mean(), scale=stats.sem(rates))
    assert high - low < 0.15 * rates.mean()
    realised = c.summaries[(c.summaries.scenario == baseline.name) & (c.summaries.kpi == "crashes")].value
    assert realised.sum() < 10  # the crashes themselves: too few to tell anything
    t = c.table.set_index("kpi")
    assert t.loc["violations_per_1000_orders", "ci_high"] < 0
    assert t.loc["expected_crashes_per_million_orders", "ci_high"] < 0
    assert t.loc["expected_crashes_per_million_orders", "ci_high"] - t.loc["expected_crashes_per_million_orders", "ci_low"] \
        < 0.15 * rates.mean()
    assert np.isfinite(t.loc["share_jobs_pressed", "diff_mean"])


def test_without_a_behaviour_there_is_no_time_pressure_to_report():
    """Couriers have no behaviour (no choice to break traffic rules, no crash hazard): no pressure
    is reported as none."""
    couriers = ridersim.Scenario.load(ROOT / "scenarios" / "courier" / "baseline.json").with_changes({"horizon.days": 1})
    summary = ridersim.run(couriers, seed=1).summary
    assert np.isnan(summary["share_jobs_pressed"]) and summary["expected_crashes"] == summary["crashes"] == 0


def test_compare_points_from_the_rare_crashes_to_their_expected_count(small_city, baseline):
    from ridersim.power import rare_event_lines
    city = behaving(small_city, baseline)
    c = run_comparison(city, [city.with_changes({"rules.pay.safety_bonus_per_order_yuan": 1.0}, name="bonus")], replications=2,
                       seed=1, chance=False)
    line = next(l for l in rare_event_lines(c) if "crashes" in l)
    assert "too short to detect a 15% change" in line and "expected_crashes_per_million_orders measures" in line


RAIN = [{"day": 0, "start_h": 11, "end_h": 14, "kind": "rain", "travel_time_factor": 1.3, "demand_factor": 1.2}]


def test_a_weather_aware_promise_allows_for_the_rain_and_only_in_it(baseline):
    wet = baseline.with_changes({"world.weather": RAIN})
    plain = ridersim.run(wet, seed=2).orders
    aware = ridersim.run(wet.with_changes({"rules.promise.weather_aware": True}), seed=2).orders
    assert (plain.placed_s == aware.placed_s).all()  # the same jobs, quoted again
    promised = (plain.promised_s - plain.placed_s, aware.promised_s - aware.placed_s)
    hour = plain.placed_s / 3600
    raining = (hour >= 11) & (hour < 14)
    assert (promised[1][~raining] == promised[0][~raining]).all()
    longer = promised[1][raining] / promised[0][raining]
    # the travel is slowed by 1.3, the preparation and the buffer are not
    assert longer.min() > 1.0 and longer.max() < 1.3


def test_with_a_weather_aware_promise_a_rainy_day_is_as_late_as_a_dry_one(baseline):
    """A 3-hour rain (travel 30% slower, 20% more orders) raises the late rate and the violations;
    with the promise adjusted for the weather the late rate is within a point of the dry day's and
    violations are no higher (four replications, the same seeds)."""
    from ridersim.comparison import replication_seeds
    seeds = replication_seeds(baseline.seed, 4)
    wet = baseline.with_changes({"world.weather": RAIN})
    figures = {}
    for name, scenario in (("dry", baseline), ("wet", wet), ("aware", wet.with_changes({"rules.promise.weather_aware": True}))):
        runs = [ridersim.run(scenario, seed=s).summary for s in seeds]
        figures[name] = {k: np.mean([r[k] for r in runs]) for k in ("late_rate", "violations_per_1000_orders")}
    assert figures["wet"]["late_rate"] > figures["dry"]["late_rate"] + 0.02
    assert figures["wet"]["violations_per_1000_orders"] > figures["dry"]["violations_per_1000_orders"]
    assert abs(figures["aware"]["late_rate"] - figures["dry"]["late_rate"]) < 0.01
    assert figures["aware"]["violations_per_1000_orders"] <= figures["dry"]["violations_per_1000_orders"]


def test_a_weather_aware_promise_without_weather_is_said_not_to_bite(baseline):
    from ridersim.inactive import before_running
    aware = baseline.with_changes({"rules.promise.weather_aware": True}, name="aware")
    said = {f.lever: f for f in before_running(baseline, aware)}
    assert said["rules.promise.weather_aware"].control == "world.weather"
    assert not [f for f in before_running(baseline, aware.with_changes({"world.weather": RAIN})) if f.lever.startswith("rules.promise")]


def test_an_abnormal_order_carries_no_lateness_sanction(baseline):
    """A meal ready more than 10 minutes after the expected preparation: late or not, its rider is
    not sanctioned; every other late job still is."""
    exempting = baseline.with_changes({"rules.lateness.exempt_merchant_delay_min": 10})
    orders = ridersim.run(exempting, seed=1).orders
    done = orders[orders.status == "delivered"]
    expected_prep_s = baseline.spec["demand"]["prep_time_min"]["mean"] * 60
    abnormal = (done.ready_s - done.placed_s - expected_prep_s) > 600
    late = done.minutes_late > 0
    assert (abnormal & late).sum() > 5 and (done.penalty_fen[abnormal] == 0).all()
    assert (done.penalty_fen[~abnormal & late] > 0).all()
    # the same jobs under today's rules: the abnormal late ones were sanctioned
    today = ridersim.run(baseline, seed=1).orders
    assert today.penalty_fen[done.index[abnormal & late]].sum() > 0


def test_an_exemption_with_no_sanction_to_exempt_from_is_said_not_to_bite(baseline):
    from ridersim.inactive import before_running
    lenient = baseline.with_changes({"rules.lateness.sanction": "none", "rules.lateness.exempt_merchant_delay_min": 10},
                                    name="lenient")
    said = {f.lever: f for f in before_running(baseline, lenient)}
    assert said["rules.lateness.exempt_merchant_delay_min"].control == "rules.lateness.sanction"


def test_rain_can_raise_the_crash_hazard(baseline):
    """A weather period's crash_factor multiplies the hazard of the legs started in it: three times
    the hazard in three hours of rain raises the day's expected crashes, and 1 (the default) is
    no change."""
    wet = baseline.with_changes({"world.weather": RAIN})
    plain = ridersim.run(wet, seed=4).summary["expected_crashes"]
    same = ridersim.run(wet.with_changes({"world.weather": [{**RAIN[0], "crash_factor": 1.0}]}), seed=4).summary
    risky = ridersim.run(wet.with_changes({"world.weather": [{**RAIN[0], "crash_factor": 3.0}]}), seed=4).summary
    assert same["expected_crashes"] == plain
    # the rain covers 3 of the day's busiest hours: well above the dry risk, below three times it
    assert 1.3 * plain < risky["expected_crashes"] < 3 * plain
