"""Workers who respond to pay: log-ins, hours within the day, earnings gates, festival days."""
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import ridersim

ROOT = Path(__file__).resolve().parents[2]
STILL = {"riders.labour_supply.responds": []}


@pytest.fixture(scope="module")
def city():
    return ridersim.Scenario.load(ROOT / "tests" / "data" / "small-city.json").with_changes({
        "riders.types[0].reservation_wage_yuan_per_h": 20, "riders.types[1].reservation_wage_yuan_per_h": 20,
        "riders.labour_supply": {"free_entry": False, "elasticity": 0}})


def _hours(city, rule, base_pay, seed=2, **extra):
    sc = city.with_changes({"riders.labour_supply.stopping_rule": rule, "rules.pay.base_per_order_yuan": base_pay, **extra})
    return ridersim.run(sc, seed=seed).riders


def test_an_income_target_worker_stops_once_the_target_is_met_and_earlier_on_a_high_pay_day(city):
    for pay in (4, 8):
        d = _hours(city, "income_target", pay)
        # the small city's vehicles cost nothing to run: the target is 20 yuan x the planned hours
        early = d[d.online_s < d.shift_s]
        assert (early.net_fen / 100 >= 20 * early.shift_s / 3600 - 1e-9).all()
        short = d[d.net_fen / 100 < 20 * d.shift_s / 3600]
        assert (short.online_s >= short.shift_s).all()  # short of it, nobody stops before the plan's end
    assert _hours(city, "income_target", 8).online_s.mean() < _hours(city, "income_target", 4).online_s.mean()


def test_a_forward_looking_worker_stays_while_the_last_quarter_paid_the_reservation_wage(city):
    planned = _hours(city, "hours_target", 8)
    # a reservation wage no day reaches: nobody stays on, the same day as keeping to the plan
    none = _hours(city, "forward_looking", 8, **{"riders.types[0].reservation_wage_yuan_per_h": 1000,
                                                 "riders.types[1].reservation_wage_yuan_per_h": 1000})
    assert (none.online_s.to_numpy() == planned.online_s.to_numpy()).all()
    # no reservation wage: everyone stays the most the rule allows, two hours past the plan (at least)
    free = _hours(city, "forward_looking", 8, **{"riders.types[0].reservation_wage_yuan_per_h": 0,
                                                 "riders.types[1].reservation_wage_yuan_per_h": 0})
    assert (free.online_s >= free.shift_s + 2 * 3600).all()
    # between, a high-pay day keeps more of them on
    assert _hours(city, "forward_looking", 8).online_s.sum() > _hours(city, "forward_looking", 4).online_s.sum()


def test_with_hours_switched_off_every_rule_keeps_to_the_plan(city):
    planned = _hours(city, "hours_target", 8).online_s.to_numpy()
    for rule in ("income_target", "forward_looking"):
        still = _hours(city, rule, 8, **{"riders.labour_supply.responds": ["login", "gates"]})
        assert (still.online_s.to_numpy() == planned).all()


@pytest.fixture(scope="module")
def rides():
    rh = ROOT / "scenarios" / "ride_hailing"
    return (ridersim.Scenario.load(rh / "baseline.json").with_changes({"horizon.days": 1}),
            ridersim.Scenario.load(rh / "proposals" / "earnings-acceleration.json").with_changes({"horizon.days": 1}))


def _full_time_over_7h(result):
    d = result.riders
    ft = d[d.rider_type == "full_time"]
    return float((ft.online_s >= 7 * 3600).mean())


def test_the_gated_acceleration_keeps_full_timers_on_to_seven_hours_and_nothing_moves_without_responses(rides):
    base, acc = rides
    seeds = [1, 2, 3]
    diffs = [_full_time_over_7h(ridersim.run(acc, seed=s)) - _full_time_over_7h(ridersim.run(base, seed=s)) for s in seeds]
    low, high = stats.t.interval(0.95, len(diffs) - 1, loc=np.mean(diffs), scale=stats.sem(diffs))
    assert low > 0, diffs
    # switched off, the acceleration is money alone: the same people work the same hours
    before, after = ridersim.run(base.with_changes(STILL), seed=1), ridersim.run(acc.with_changes(STILL), seed=1)
    assert (before.riders.online_s.to_numpy() == after.riders.online_s.to_numpy()).all()
    assert before.summary["passenger_wait_mean_min"] == after.summary["passenger_wait_mean_min"]


def _unserved(result):
    o = result.orders
    asked = o[o.status != "deterred"]
    share = float((asked.status != "delivered").mean())
    assert result.summary["orders_lost_share"] == pytest.approx(share)
    return share


def test_on_a_short_festival_day_the_acceleration_serves_more_passengers(rides):
    base, acc = rides
    festival = {"world.festival_days": [0], "rules.multiplier.days": "festival"}
    b, a = ridersim.run(base.with_changes(festival), seed=4), ridersim.run(acc.with_changes(festival), seed=4)
    assert _unserved(b) > 0.2  # a festival day short of drivers: a fifth of the requests or more go unserved
    assert _unserved(a) < _unserved(b) - 0.01
    assert a.summary["rider_days"] > b.summary["rider_days"]
    still_b = ridersim.run(base.with_changes({**festival, **STILL}), seed=4)
    still_a = ridersim.run(acc.with_changes({**festival, **STILL}), seed=4)
    assert _unserved(still_a) == _unserved(still_b)


def test_the_peak_fee_brings_out_the_drivers_its_pay_implies_and_deters_some_shippers():
    freight = ridersim.Scenario.load(ROOT / "scenarios" / "freight" / "baseline.json").with_changes(
        {"horizon.days": 1, "world.festival_days": [0]})
    fee = freight.with_changes({"rules.pay.peak_fee_share": 0.4, "rules.pay.peak_fee_days": "festival"})
    b, f = ridersim.run(freight, seed=3), ridersim.run(fee, seed=3)
    # the index every driver foresees: 40% of the mean fare over the mean quoted pay
    o = b.orders
    index = 1 + 0.4 * o.customer_fee_fen.mean() / o.quoted_pay_fen.mean()
    spec = freight.spec
    away = spec["riders"]["labour_supply"]["festival_away_share"]
    elasticity = spec["riders"]["labour_supply"]["login_elasticity"]
    for t in spec["riders"]["types"]:
        active = sum(s["share"] for s in t["shifts"])
        p_base = active * (1 - away)
        p_fee = min(active * index ** elasticity, 1.0) * (1 - away)
        n_base = (b.riders.rider_type == t["name"]).sum()
        n_fee = (f.riders.rider_type == t["name"]).sum()
        # the same draws decide both days: the extra log-ins are a binomial of the members who stayed home
        extra_expected = t["count"] * (p_fee - p_base)
        sd = np.sqrt(t["count"] * (p_fee - p_base) * (1 - (p_fee - p_base))) + 1
        assert abs((n_fee - n_base) - extra_expected) < 4 * sd, (t["name"], n_base, n_fee, extra_expected)
    assert f.summary["rider_days"] > b.summary["rider_days"]
    assert f.summary["orders_deterred"] > b.summary["orders_deterred"]  # the shippers pay it
    table = ridersim.compare(freight, fee.with_changes({}, name="peak-fee"), replications=2, seed=3).set_index("kpi")
    assert table.loc["rider_days", "diff_mean"] > 0 and table.loc["orders_deterred", "diff_mean"] > 0


def test_meal_orders_rise_on_a_festival_day_while_riders_go_home():
    food = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    ordinary, festival = ridersim.run(food, seed=3), ridersim.run(food.with_changes({"world.festival_days": [0]}), seed=3)
    factor = food.spec["demand"]["festival_factor"]
    assert factor > 1
    potential = lambda r: len(r.orders)
    assert potential(festival) / potential(ordinary) == pytest.approx(factor, rel=0.05)
    assert festival.summary["orders_placed"] > ordinary.summary["orders_placed"]
    assert festival.summary["rider_days"] < ordinary.summary["rider_days"]


def test_a_comparison_shows_each_rule_before_and_after_workers_respond(rides, tmp_path, capsys):
    base, acc = rides
    festival = ridersim.Scenario.load(ROOT / "scenarios" / "ride_hailing" / "proposals" / "festival-surcharge.json")
    c = ridersim.run_comparison(base, [acc, festival.with_changes({"horizon.days": 1})], replications=2, seed=1,
                                chance=False, before_responses=True)
    names = [p.name for p in c.proposals]
    assert names == ["earnings-acceleration", "earnings-acceleration, before drivers respond",
                     "festival-surcharge", "festival-surcharge, before drivers respond"]
    t = c.table.set_index(["proposal", "kpi"]).diff_mean
    # after responses more drivers work; before, the same drivers work the same hours
    assert t[("earnings-acceleration", "rider_days")] > 0
    assert t[("earnings-acceleration, before drivers respond", "rider_days")] == 0
    assert t[("earnings-acceleration, before drivers respond", "passenger_wait_mean_min")] == 0
    # each is held against today's rules on its own days and terms
    assert c.references == {
        "earnings-acceleration, before drivers respond": f"{base.name} (responses: none)",
        "festival-surcharge": f"{base.name} (festival days 0)",
        "festival-surcharge, before drivers respond": f"{base.name} (festival days 0; responses: none)"}
    # before drivers respond, a festival surcharge is a transfer from the platform to the drivers alone
    assert t[("festival-surcharge, before drivers respond", "orders_delivered")] == 0
    # the command line asks for it by name and says what each is held against
    from ridersim import cli
    rh = ROOT / "scenarios" / "ride_hailing"
    assert cli.main(["compare", str(rh / "baseline.json"), str(rh / "proposals" / "festival-surcharge.json"),
                     "--replications", "2", "--before-responses", "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "festival-surcharge, before drivers respond" in out
    assert "festival-surcharge: held against ride-hailing-baseline (festival days 0)" in out
    assert "is held against" in (tmp_path / "c" / "report.html").read_text(encoding="utf-8")


def test_a_worker_type_can_have_an_elasticity_of_its_own(rides):
    base, _ = rides
    festival = base.with_changes({"world.festival_days": [0]})
    paid = festival.with_changes({"rules.pay.festival_surcharge_yuan": 5})
    days = lambda r, t: int((r.riders.rider_type == t).sum())
    a, b = ridersim.run(festival, seed=2), ridersim.run(paid, seed=2)
    assert days(b, "part_time") > days(a, "part_time") and days(b, "full_time") > days(a, "full_time")
    # part-timers who do not respond: the same part-timers work; full-timers still come out
    fixed = {"riders.types[1].login_elasticity": 0}
    a, b = ridersim.run(festival.with_changes(fixed), seed=2), ridersim.run(paid.with_changes(fixed), seed=2)
    assert days(b, "part_time") == days(a, "part_time") and days(b, "full_time") > days(a, "full_time")
    assert base.spec["riders"]["types"][1]["name"] == "part_time"


def test_a_worker_short_of_an_order_bonus_stays_on_for_it_when_it_pays(city):
    plain = _hours(city, "hours_target", 4)
    target = int(plain.orders.max())  # the day's best gets there; most are a few orders short
    bonus = {"rules.threshold_bonuses": [{"period": "day", "orders": target, "bonus_yuan": 50}]}
    chasing = _hours(city, "hours_target", 4, **bonus)
    # (the small city's orders stop at 15:00: they stay on for nothing more, as the pace misleads them)
    longer = chasing.online_s > plain.online_s
    assert longer.any() and (chasing.online_s >= plain.online_s).all()
    assert (plain.orders[longer] < target).all()  # only those short of it stay on
    # a bonus too small to pay for the hours keeps everyone to the plan, and so do gates switched off
    small = _hours(city, "hours_target", 4, **{"rules.threshold_bonuses": [{"period": "day", "orders": target, "bonus_yuan": 0.01}]})
    off = _hours(city, "hours_target", 4, **bonus, **{"riders.labour_supply.responds": ["login", "hours"]})
    assert (small.online_s.to_numpy() == plain.online_s.to_numpy()).all()
    assert (off.online_s.to_numpy() == plain.online_s.to_numpy()).all()


def test_bad_weather_keeps_its_share_of_the_day_s_workers_at_home():
    food = ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")
    storm = {"world.weather": [{"day": 0, "start_h": 11, "end_h": 14, "kind": "rain", "away_share": 0.3}]}
    dry, wet = ridersim.run(food, seed=5), ridersim.run(food.with_changes(storm), seed=5)
    n = dry.summary["rider_days"]
    # the same draws: the riders who stay home are a subset; their number a binomial draw of 30%
    expected, sd = 0.7 * n, np.sqrt(n * 0.3 * 0.7)
    assert abs(wet.summary["rider_days"] - expected) < 4 * sd
    assert set(wet.riders.rider_id) <= set(dry.riders.rider_id)
