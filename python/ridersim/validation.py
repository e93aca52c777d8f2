"""Checks of the default calibration against published stylised facts.

Regenerate docs/validation.md (and its plot) with

    /usr/bin/python3 -m ridersim.validation --out docs/validation.md

Each check runs the default baseline and a rule change on the same seeds (common random
numbers) and compares the outcome with its published target (docs/sources.md).
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from ridersim.paths import data_path
from ridersim.results import run
from ridersim.scenario import Scenario

BASELINE = data_path("scenarios", "baseline.json")
RIDE_HAILING = data_path("scenarios", "ride_hailing")


def _mean_kpis(scenario: Scenario, seeds, names) -> dict[str, float]:
    rows = [run(scenario, seed=s).summary for s in seeds]
    return {n: float(np.mean([r[n] for r in rows])) for n in names}


def safety_bonus_effect(base: Scenario, bonuses=(1.0, 1.5), seeds=range(4)) -> pd.DataFrame:
    """Violations per 1000 orders, and the expected crashes they imply, with and without a
    per-order safety bonus."""
    names = ["violations_per_1000_orders", "expected_crashes_per_million_orders", "late_rate"]
    rows = [{"safety_bonus_yuan": 0.0, **_mean_kpis(base, seeds, names)}]
    for bonus in bonuses:
        changed = base.with_changes({"rules.pay.safety_bonus_per_order_yuan": bonus})
        rows.append({"safety_bonus_yuan": bonus, **_mean_kpis(changed, seeds, names)})
    table = pd.DataFrame(rows)
    table["violation_cut"] = 1 - table["violations_per_1000_orders"] / table["violations_per_1000_orders"].iloc[0]
    return table


def promise_strictness(base: Scenario, quantiles=(0.1, 0.2, 0.35, 0.5), seeds=range(3)) -> pd.DataFrame:
    """Violations and late rate as the promise quantile rises (a low quantile is strict)."""
    names = ["violations_per_1000_orders", "late_rate", "ctd_mean_min", "orders_deterred"]
    return pd.DataFrame([{"quantile": q, **_mean_kpis(base.with_changes({"rules.promise.quantile": q}), seeds, names)}
                         for q in quantiles])


def daily_earnings(scenario: Scenario, seed: int) -> pd.DataFrame:
    """Mean net earnings per online hour and rider-days, by day."""
    riders = run(scenario, seed=seed).riders
    by_day = riders.groupby("day").agg(net_fen=("net_fen", "sum"), online_s=("online_s", "sum"),
                                       rider_days=("rider_id", "size"))
    by_day["net_per_online_hour"] = by_day.net_fen / 100 / (by_day.online_s / 3600)
    return by_day[["net_per_online_hour", "rider_days"]]


def free_entry_drift(base: Scenario, raise_yuan: float = 1.0, days: int = 56, seed: int = 0) -> pd.DataFrame:
    """A pay rise under free entry: earnings by day for the baseline (a fixed point of free entry:
    its reservation wages are solved, ridersim.equilibrium) and the raised rules."""
    free = base.with_changes({"horizon.days": days, "riders.labour_supply.free_entry": True})
    raised = free.with_changes({"rules.pay.base_per_order_yuan": free.spec["rules"]["pay"]["base_per_order_yuan"] + raise_yuan})
    a = daily_earnings(free, seed)
    b = daily_earnings(raised, seed)
    return pd.DataFrame({"baseline_net_per_online_hour": a.net_per_online_hour,
                         "raised_net_per_online_hour": b.net_per_online_hour,
                         "baseline_rider_days": a.rider_days, "raised_rider_days": b.rider_days})


def labour_supply_facts(first_week: float, last_week: float, seeds=range(3)) -> pd.DataFrame:
    """Published facts about how drivers respond, against the ride-hailing baseline (one day a run,
    paired seeds) and the free-entry run of the food baseline (its first and last week's gap in
    hourly earnings)."""
    rides = Scenario.load(BASELINE.parent / "ride_hailing" / "baseline.json").with_changes({"horizon.days": 1})
    festival = rides.with_changes({"world.festival_days": [0]})
    paid = festival.with_changes({"rules.pay.festival_surcharge_yuan": 5})
    runs = {name: [run(sc, seed=s) for s in seeds] for name, sc in
            [("ordinary", rides), ("festival", festival), ("festival, 5 yuan a trip more", paid)]}
    hours = {name: np.mean([r.riders.online_s.sum() / 3600 for r in rs]) for name, rs in runs.items()}
    unserved = {name: np.mean([r.summary["orders_lost_share"] for r in rs]) for name, rs in runs.items()}
    more = hours["festival, 5 yuan a trip more"] / hours["festival"] - 1
    return pd.DataFrame([
        {"fact": "drivers work more hours when pay is higher, not less (chensheldon2016, farber2015)",
         "model": f"a 5-yuan festival surcharge: driver hours {more:+.1%} on the same festival day",
         "holds": "yes" if more > 0 else "NO"},
        {"fact": "drivers go home for the Spring Festival while demand peaks: requests go unserved (didi2026, xmrb2017)",
         "model": f"requests unserved {unserved['ordinary']:.1%} on an ordinary day, {unserved['festival']:.1%} on a festival day",
         "holds": "yes" if unserved["festival"] > unserved["ordinary"] + 0.05 else "NO"},
        {"fact": "entry competes a pay rise's earnings gain away within about 8 weeks (hhk2023)",
         "model": f"food, +1 yuan a job under free entry: {first_week:.2f} yuan an hour more in the first week, "
                  f"{last_week:.2f} in the eighth",
         "holds": "yes" if first_week > 0 and last_week < 0.5 * first_week else "NO"},
    ])


def floor_effect(base: Scenario, seeds=range(3)) -> pd.DataFrame:
    """An hourly floor at the local minimum wage on engaged time."""
    floor = Scenario.load(data_path("scenarios", "proposals", "hourly-floor.json"))
    names = ["rider_net_per_online_hour_p10", "rider_net_per_online_hour_p50", "rider_cost_per_order_yuan",
             "share_rider_days_below_min_wage"]
    return pd.DataFrame([{"scenario": s.name, **_mean_kpis(s, seeds, names)} for s in (base, floor)])


TABLE17 = {"undelivered_pct": 0.25, "ctd_mean_min": 32.74, "ctd_p90_min": 49.3, "ctd_overage_min": 2.77,
           "rtp_mean_min": 1.93, "rtp_p90_min": 6.04, "utilisation_mean": 0.63, "cost_per_order": 11.42,
           "orders_per_bundle": 1.09}

#: Reyes et al. 2018, Tables 5-7: (table, factor, first group, second group) -> published means
PUBLISHED_EFFECTS = {
    ("T5", "s", "1", "2"): {"undelivered_pct": (0.42, 0.16), "ctd_mean_min": (33.7, 32.38), "ctd_overage_min": (3.21, 2.64),
                            "rtp_mean_min": (2.79, 1.64), "utilisation_mean": (0.63, 0.64), "cost_per_order": (11.58, 11.22)},
    ("T6", "t", "100", "75"): {"undelivered_pct": (0.36, 0.22), "ctd_mean_min": (34.79, 31.29), "ctd_overage_min": (3.54, 2.31),
                               "rtp_mean_min": (2.95, 1.48), "utilisation_mean": (0.68, 0.60), "cost_per_order": (11.34, 11.47)},
    ("T7", "p", "100", "125"): {"undelivered_pct": (0.20, 0.38), "ctd_mean_min": (31.1, 34.98), "ctd_overage_min": (2.07, 3.78),
                                "rtp_mean_min": (2.21, 2.22), "utilisation_mean": (0.64, 0.64), "cost_per_order": (11.41, 11.39)},
}
FACTOR_NAMES = {"s": "courier schedule (s1 historical, s2 optimised)", "t": "travel time (t100, t75 = 25% faster)",
                "p": "preparation time (p100, p125 = 25% longer)"}


def mdrp_policies(policies=("rolling_horizon", "bundling", "batched", "nearest_idle")) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every MDRPlib instance under each policy: the means, and the per-instance table of the first."""
    from ridersim.replay import MDRPLIB, replay_all
    means, first = {}, None
    for policy in policies:
        table = replay_all(MDRPLIB, policy)
        means[policy] = table.drop(columns=["instance"]).mean()
        if first is None:
            first = table
    frame = pd.DataFrame(means)
    frame["Reyes et al. 2018, Table 17"] = pd.Series(TABLE17)
    return frame, first


def mdrp_effects(table: pd.DataFrame) -> pd.DataFrame:
    """The effects of Tables 5-7 (group means over instances), published against reproduced."""
    parts = table.instance.str.extract(r"^(\d)(o100|o50|r50)t(100|75)s(1|2)p(100|125)$")
    table = table.assign(t=parts[2], s=parts[3], p=parts[4])
    rows = []
    for (name, factor, a, b), metrics in PUBLISHED_EFFECTS.items():
        ours = table.groupby(factor).mean(numeric_only=True)
        for metric, (pub_a, pub_b) in metrics.items():
            ours_a, ours_b = float(ours.loc[a, metric]), float(ours.loc[b, metric])
            material = abs(pub_b - pub_a) > 0.02 * max(abs(pub_a), abs(pub_b))
            same = (np.sign(pub_b - pub_a) == np.sign(ours_b - ours_a)) if material else None
            rows.append({"table": name, "factor": FACTOR_NAMES[factor], "metric": metric,
                         "published": f"{pub_a} -> {pub_b}", "ridersim": f"{ours_a:.2f} -> {ours_b:.2f}",
                         "same direction": "n/a (no material effect published)" if same is None else ("yes" if same else "NO")})
    return pd.DataFrame(rows)


def plot_free_entry(drift: pd.DataFrame, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    weekly = drift.rolling(7, min_periods=1).mean()
    ax1.plot(weekly.index, weekly.baseline_net_per_online_hour, label="baseline")
    ax1.plot(weekly.index, weekly.raised_net_per_online_hour, label="base pay +1 yuan")
    ax1.set_ylabel("net yuan per online hour\n(7-day mean)")
    ax1.legend()
    ax2.plot(weekly.index, weekly.baseline_rider_days, label="baseline")
    ax2.plot(weekly.index, weekly.raised_rider_days, label="base pay +1 yuan")
    ax2.set_ylabel("rider-days per day")
    ax2.set_xlabel("day")
    fig.suptitle("A pay rise under free entry: earnings rise, riders enter, earnings drift back")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _table(df: pd.DataFrame, digits: int = 3) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in df.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if isinstance(v, (float, np.floating)) and not float(v).is_integer():
                cells.append(f"{v:.{digits}f}")
            elif isinstance(v, (float, np.floating)):
                cells.append(f"{v:.0f}" if c in ("week",) else f"{v:.{digits}f}")
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def freight_commission_cut(seeds=range(3)) -> dict[str, float]:
    """The freight baseline's take rate before and after the announced cut to 10.9%."""
    base = Scenario.load(data_path("scenarios", "freight", "baseline.json"))
    cut = Scenario.load(data_path("scenarios", "freight", "proposals", "commission-cut.json"))
    return {"before": _mean_kpis(base, seeds, ["worker_take_rate"])["worker_take_rate"],
            "after": _mean_kpis(cut, seeds, ["worker_take_rate"])["worker_take_rate"]}


def _last_week(results, days: int) -> dict[str, float]:
    d = results.riders[results.riders.day >= days - 7]
    o = results.orders[results.orders.day >= days - 7]
    done = o[o.status == "delivered"]
    online_h = d.online_s.sum() / 3600
    return {"drivers_a_day": len(d) / 7,
            "net_after_costs_per_online_hour": d.net_after_costs_fen.sum() / 100 / online_h,
            "utilisation_engaged": d.engaged_s.sum() / d.online_s.sum(),
            "utilisation_with_passenger": (done.delivered_s - done.picked_up_s).sum() / d.online_s.sum(),
            "passenger_wait_min": float(((done.picked_up_s - done.placed_s) / 60).astype(float).mean()),
            "trips_a_day": len(done) / 7}


#: the published levels each trade's baseline is calibrated to: (what, KPI or derived figure, low,
#: high, the published figure, its sources); a target holds when the simulated 95% interval meets
#: the range. The figures are KPIs of the summary or derived ones (`derived_figures`).
TARGETS = {
    "food": [
        ("full-time riders' net income a month (yuan)", "worker_net_per_month_mean_yuan.high_frequency", 6000, 10000,
         "6,803 on average (2023); 6,000-8,000 (2018), 7,000-13,000 (2019) full-time", "cnefrc2024, meituan2018, meituan2019"),
        ("full-time riders' net per online hour (yuan)", "rider_net_per_online_hour_p50.high_frequency", 20, 37,
         "the monthly range over 27 days of 10-11 hours", "cnefrc2024, meituan2018"),
        ("orders a full-time day", "orders_per_rider_day.high_frequency", 21, 40, "21-30 (2018); 30-40 (2019)",
         "meituan2018, meituan2019"),
        ("orders an online hour, full-time", "orders_per_online_hour.high_frequency", 2.5, 4.0, "about 3 (30-40 a day)",
         "meituan2019"),
        ("pay per order (yuan)", "pay_per_job_yuan", 5, 7, "5-7 in first-tier cities", "meituan2019"),
        ("orders in hand at the meal peaks", "jobs_in_hand_at_peaks_mean", 1.5, 10, "several at once, up to about 10",
         "kdd2021"),
        ("riders' share of what the platform collects", "worker_share_of_platform_collections", 0.75, 0.85, "about 80%",
         "beijingnews2020"),
        ("click-to-door (min)", "ctd_mean_min", 25, 35, "about 30 on average", "kdd2021"),
        ("late rate", "late_rate", 0.12, 0.22, "16.7% of 405,180 orders", "npj2026"),
        ("trip distance (km)", "trip_km", 2.0, 2.8, "riding radius 2.39 km", "zhangliu2023"),
        ("violation probability per leg under cash sanctions", "violation_per_leg", 0.2, 0.9, "about 0.3", "wang2021"),
        ("crash involvement of a full-time rider a year", "crashes_a_full_time_year", 0.10, 0.30, "about 15%", "survey2017"),
    ],
    "ride_hailing": [
        ("trips a vehicle-day", "jobs_per_worker_day", 10.5, 16.6,
         "16.54 (Hangzhou, Q1 2024); 15 (Shaoguan, H1 2022); 14 (Baotou, 2024); 10.5 (Shenzhen, H2 2021)",
         "hzjt2024, sgjt2022, btjt2025, szjt2022"),
        ("hours online a vehicle-day", "online_hours_per_worker_day", 7.0, 8.6, "7.81 (Hangzhou, Q1 2024)", "hzjt2024"),
        ("trips an online hour", "jobs_per_online_hour", 1.8, 2.5, "2.1 (16.54 trips in 7.81 h, Hangzhou)", "hzjt2024"),
        ("fare a trip (yuan)", "fare_mean_yuan", 22, 30, "25.9 (2.671 bn yuan for 103 M trips, Hangzhou Q1 2024)", "hzjt2024"),
        ("takings a vehicle-day (yuan)", "gross_per_worker_day_yuan", 260, 460, "456 (Hangzhou, Q1 2024); 260 (Shaoguan, H1 2022)",
         "hzjt2024, sgjt2022"),
        ("the platform's take of fares", "worker_take_rate", 0.12, 0.16, "14% on average over 2024's orders", "didi2025"),
        ("trips on which the take exceeds 29%", "share_jobs_take_over_29pct", 0.001, 0.05,
         "2.7% above 30% in 2020, at an average take of 21%", "rh-statement2021"),
        ("utilisation with a passenger", "utilisation_with_passenger", 0.45, 0.65, "0.58 before New York City's pay standard",
         "parrottreich2018"),
    ],
    "freight": [
        ("fare an order (yuan)", "fare_mean_yuan", 94, 106,
         "transaction value per order: US$4.99 bn for 338 M orders (H1 2024), US$5.97 bn for 455 M (H1 2025)", "lala2025"),
        ("the platform's take of fares", "worker_take_rate", 0.115, 0.125, "12.2% (2025); 11.7% (a peer, Q1-Q3 2021)",
         "freight2025, kuaigou2022"),
        ("net after vehicle costs a day, the worst-off vehicle class (yuan)", "worst_class_net_per_day_yuan", 0, 1e9,
         "above 0: drivers do not work at a loss for long", "freight2025"),
        ("orders whose fare reaches the 100-yuan commission cap", "share_jobs_at_100_yuan_cap", 0.0005, 0.05,
         "the cap was written for the largest loads", "freight2025"),
    ],
    "courier": [
        ("parcels a courier-day", "parcels_per_courier_day", 50, 150,
         "50-100 for 38.4% of couriers, 100-150 for 11.8%, over 150 for 19.2% (n = 5,279)", "cyl-spb2019"),
        ("hours a week", "weekly_online_hours_mean", 60, 72, "about half work 10-12 h a day; 48.9% have one day off a week",
         "cyl-spb2019"),
        ("pay per parcel (yuan)", "pay_per_job_yuan", 0.9, 1.1, "about 1 without a base salary", "courier-press"),
        ("net income a month (yuan)", "worker_net_per_month_mean_yuan", 4000, 6000, "4,859 on average (2017)", "cyl-spb2019"),
    ],
}
FOOD_TARGETS = TARGETS["food"]

#: why a target's figure is what it is, where that needs saying (shown beside it)
TARGET_NOTES = {
    "crashes_a_full_time_year": "expected crashes (each leg's crash probability) per online hour x a full-timer's year of online hours; the crashes drawn, pooled over every rider-day: {drawn}",
    "rider_net_per_online_hour_p50.high_frequency": "the median rider-day",
    "pay_per_job_yuan": "what the platform (or the station) pays for a delivered job, bonuses and top-ups included",
    "worst_class_net_per_day_yuan": "the lowest of the vehicle classes' mean net pay a day",
    "share_jobs_at_100_yuan_cap": "fares above 100 / 12.2% = 820 yuan",
}

#: what the platform pays for a delivered job, by kind: the columns of the orders table
_JOB_PAY = ["pay_base_fen", "pay_distance_fen", "pay_weather_fen", "pay_night_fen", "pay_festival_fen",
            "safety_bonus_fen", "station_pay_fen", "direct_dispatch_fee_fen"]


def derived_figures(result) -> dict[str, float]:
    """Figures the targets need that the summary does not carry, from the result's tables."""
    orders, days, s = result.orders, result.riders, result.summary
    done = orders[orders.status == "delivered"]
    online_h = days.online_s.sum() / 3600
    figures = {"trip_km": float(done.distance_m.mean() / 1000),
               "violation_per_leg": s["violations_per_1000_orders"] / 2000,
               "jobs_per_worker_day": len(done) / len(days),
               "online_hours_per_worker_day": online_h / len(days),
               "jobs_per_online_hour": len(done) / online_h,
               "gross_per_worker_day_yuan": s["worker_gross_per_online_hour_mean"] * online_h / len(days),
               "pay_per_job_yuan": float(done[[c for c in _JOB_PAY if c in done]].sum(axis=1).mean() / 100)}
    fare = done.pay_fare_fen.to_numpy(dtype=float)
    if fare.sum() > 0:
        take = done.worker_commission_fen.to_numpy(dtype=float) / np.maximum(fare, 1)
        figures["share_jobs_take_over_29pct"] = float((take > 0.29).mean())
        figures["share_jobs_at_100_yuan_cap"] = float((fare * 0.122 > 10000).mean())
    by_type = days.groupby("rider_type", observed=True).net_after_costs_fen.mean() / 100
    figures["worst_class_net_per_day_yuan"] = float(by_type.min())
    return figures


def target_levels(trade: str, base: Scenario, replications: int = 8, days: int = 3) -> pd.DataFrame:
    """A baseline against its trade's calibration targets: `replications` runs of `days` days;
    each figure's mean over the runs with a 95% t-interval (crashes from their expected count, the
    crashes drawn pooled beside them with an exact interval)."""
    from scipy import stats
    from ridersim.power import poisson_interval

    several = base.with_changes({"horizon.days": days})
    rows, crashes, online_h = [], 0.0, 0.0
    for r in range(replications):
        result = run(several, seed=100 + r)
        s = {**result.summary, **derived_figures(result)}
        crashes += s["crashes"]
        online_h += s["rider_online_hours"]
        # a full-timer's year of online hours at the run's expected crashes an online hour
        s["crashes_a_full_time_year"] = (s["weekly_online_hours_mean.high_frequency"] * 52 * s["expected_crashes"]
                                         / s["rider_online_hours"]) if "weekly_online_hours_mean.high_frequency" in s else np.nan
        rows.append(s)
    frame = pd.DataFrame(rows)
    out = []
    for what, kpi, low, high, published, sources in TARGETS[trade]:
        values = frame[kpi].to_numpy(dtype=float)
        mean = float(values.mean())
        half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))
        lo, hi = mean - half, mean + half
        note = TARGET_NOTES.get(kpi, "")
        if kpi == "crashes_a_full_time_year":
            # the crashes drawn stay beside it as a check: too few for more than an order of magnitude
            year_h = float(frame["weekly_online_hours_mean.high_frequency"].mean()) * 52
            low_drawn, high_drawn = (year_h * c / online_h for c in poisson_interval(crashes))
            note = note.format(drawn=f"{year_h * crashes / online_h:.3g} ({low_drawn:.3g} to {high_drawn:.3g}, "
                                     f"{crashes:.0f} crash{'' if crashes == 1 else 'es'})")
        holds = hi >= low and lo <= high
        shown = f"above {low:g}" if high >= 1e9 else f"{low:g}-{high:g}"
        out.append({"target": what, "published": published, "range": shown, "simulated": mean,
                    "95% interval": f"{lo:.3g} to {hi:.3g}", "holds": "pass" if holds else "FAIL",
                    "source": sources, "note": note})
    return pd.DataFrame(out)


TRADE_TITLES = {"food": "food", "ride_hailing": "ride-hailing", "freight": "freight", "courier": "courier"}


def _baseline(trade: str) -> Scenario:
    return Scenario.load(BASELINE if trade == "food" else data_path("scenarios", trade, "baseline.json"))


def _targets_text(trade: str, tables: dict) -> str:
    path = "scenarios/baseline.json" if trade == "food" else f"scenarios/{trade}/baseline.json"
    return (f"The levels of `{path}` against published figures: 8 replications of 3 days (seeds 100-107); the "
            "simulated mean with its 95% interval (t over the replications; crashes pooled over every worker-day "
            "with an exact Poisson interval). A target holds when the interval meets the published range; "
            f"`scenarios/calibration/{trade}-targets.csv` gives them to `ridersim calibrate`.\n\n" + _table(tables[trade], 3))


def freight_caps_bind(seeds=range(3)) -> dict[str, float]:
    """The freight baseline's take rate with no per-order cap, a 100-yuan cap and a 50-yuan cap."""
    base = Scenario.load(data_path("scenarios", "freight", "baseline.json"))
    take = {}
    for name, cap in (("no cap", 0), ("cap 100", 100), ("cap 50", 50)):
        capped = base.with_changes({"rules.commission.worker_per_order_cap_yuan": cap})
        take[name] = _mean_kpis(capped, seeds, ["worker_take_rate"])["worker_take_rate"]
    return take


def food_levels(base: Scenario, replications: int = 8, days: int = 3) -> pd.DataFrame:
    """The food baseline against its calibration targets."""
    return target_levels("food", base, replications, days)


def _nyc_delivery_floor(days: int) -> tuple[Scenario, Scenario]:
    """The food baseline with free entry for `days` days, and the same with New York City's floor:
    1.6 times today's median hourly pay per engaged hour over a 0.55 utilisation reference."""
    base = Scenario.load(BASELINE)
    free = base.with_changes({"horizon.days": days, "riders.labour_supply.free_entry": True})
    median = run(base, seed=0).summary["rider_net_per_online_hour_p50"]
    floor = free.with_changes({"rules.floor": {"hourly_yuan": round(1.6 * median, 1), "basis": "engaged_over_utilisation",
                                               "utilisation_reference": 0.55}}, name="floor")
    return free, floor


def nyc_delivery_floor(days: int = 21, seed: int = 2) -> pd.DataFrame:
    """New York City's delivery pay floor with the platforms' responses switched on.

    The food baseline, a fixed point of free entry (its reservation wages solved), with
    free entry; then a floor of 1.6 times today's median hourly pay per engaged hour over a 0.55
    utilisation reference (as New York City counts it), with the platform passing half its top-ups
    into customer fees (rules.pass_through.floor_costs_to_fees = 0.5) and restricting log-ins to
    protect utilisation (rules.login_cap at 0.75). The last week of each run is compared.
    """
    free, floor = _nyc_delivery_floor(days)
    floor = floor.with_changes({"rules.pass_through.floor_costs_to_fees": 0.5,
                                "rules.login_cap": {"min_utilisation": 0.75}})
    rows = {}
    for name, scenario in (("baseline", free), ("floor, with the platform's responses", floor)):
        result = run(scenario, seed=seed)
        last = result.riders[result.riders.day >= days - 7]
        orders = result.orders[(result.orders.day >= days - 7) & (result.orders.status == "delivered")]
        rows[name] = {"earnings_per_online_hour": last.net_fen.sum() / 100 / (last.online_s.sum() / 3600),
                      "customer_fee_yuan": orders.customer_fee_fen.mean() / 100,
                      "active_workers_a_day": last.groupby("day").rider_id.nunique().mean(),
                      "deliveries_a_day": len(orders) / 7}
    return pd.DataFrame(rows).T


#: the figures New York City's delivery floor moved (nycdcwp2024), as the summary names them:
#: (what, KPI, published change, the direction it moved: +1, -1, or 0 for about unchanged)
NYC_DELIVERY_RECORD = [("earnings per online hour", "rider_net_per_online_hour_mean", "+64% (tips included)", 1),
                       ("customer fee", "customer_fee_mean_yuan", "+58%", 1),
                       ("active worker-days", "rider_days", "-9% (active workers)", -1),
                       ("deliveries", "orders_delivered", "about unchanged", 0)]


def nyc_delivery_floor_response(days: int = 14, replications: int = 2, max_evaluations: int = 20):
    """New York City's delivery pay floor with the platform free to set the delivery fee and a
    log-in cap, nothing set by hand: its best response (`ridersim.respond`).

    The food baseline under free entry for `days` days, then the same floor as above (1.6 times
    today's median hourly pay per engaged hour over a 0.55 utilisation reference); the platform
    moves the levers of the baseline's `platform` block, the delivery fee (1-10 yuan) and the log-in
    cap (0-0.9), to maximise its objective, under today's rules first and then under the floor.
    Whole-run means over the replications; the floor after the response is held against today's
    rules after the platform's own best response to them.
    """
    from ridersim.response import respond, responded_name
    free, floor = _nyc_delivery_floor(days)
    response = respond(free, floor, replications=replications, max_evaluations=max_evaluations, find_exit=False)
    table = response.comparison.table.set_index(["proposal", "kpi"])
    rows = []
    for what, kpi, published, direction in NYC_DELIVERY_RECORD:
        for name, label in ((floor.name, "before the platform responds"),
                            (responded_name(floor.name), "after it responds")):
            r = table.loc[(name, kpi)]
            change = r.diff_mean / r.baseline_mean
            if direction:
                holds = bool(np.sign(r.diff_mean) == direction and (r.ci_low > 0 or r.ci_high < 0))
            else:
                holds = abs(change) <= 0.10
            rows.append({"figure": what, "rules": label, "held against": r.baseline_mean, "change": change,
                         "interval": f"[{r.ci_low / r.baseline_mean:+.1%}, {r.ci_high / r.baseline_mean:+.1%}]",
                         "published": published, "holds": "yes" if holds else "no"})
    return pd.DataFrame(rows), response


def nyc_floor_under_free_entry(days: int = 28, seed: int = 1) -> pd.DataFrame:
    """The New York City pay standard under free entry, with and without the platform's response.

    The baseline is a fixed point of free entry (its reservation wages solved). The baseline, the
    utilisation-adjusted per-trip floor, and the floor with the platform restricting log-ins to
    keep engaged utilisation 3 points above the baseline's (as the platforms did in New York City)
    each run for four weeks (`days`) with free entry; the last week of each is compared.
    """
    base = Scenario.load(RIDE_HAILING / "baseline.json")
    free = base.with_changes({"horizon.days": days, "riders.labour_supply.free_entry": True})
    floor = json.loads((RIDE_HAILING / "proposals" / "utilisation-floor.json").read_text())["changes"]
    rows = {"baseline": _last_week(run(free, seed=seed), days)}
    rows["floor"] = _last_week(run(free.with_changes(floor, name="floor"), seed=seed), days)
    target = round(rows["baseline"]["utilisation_engaged"] + 0.03, 3)
    restricted = free.with_changes({**floor, "rules.login_cap": {"min_utilisation": target}}, name="floor-restricted")
    rows[f"floor, log-ins restricted (target {target:.3f})"] = _last_week(run(restricted, seed=seed), days)
    return pd.DataFrame(rows).T


def write_report(out: Path) -> bool:
    base = Scenario.load(BASELINE)
    out.parent.mkdir(parents=True, exist_ok=True)
    checks = []

    safety = safety_bonus_effect(base)
    cut = safety.set_index("safety_bonus_yuan")["violation_cut"]
    checks.append(("a 1-1.5 yuan safety bonus cuts violations by 15-35%",
                   all(0.15 <= cut[b] <= 0.35 for b in (1.0, 1.5))))

    strict = promise_strictness(base)
    checks.append(("a stricter promise raises violations and the late rate",
                   bool(strict.violations_per_1000_orders.is_monotonic_decreasing and
                        strict.late_rate.is_monotonic_decreasing)))

    drift = free_entry_drift(base)
    plot_free_entry(drift, out.parent / "img" / "free-entry.png")
    gap = drift.raised_net_per_online_hour - drift.baseline_net_per_online_hour
    first_week, last_week = float(gap.iloc[:7].mean()), float(gap.iloc[-7:].mean())
    checks.append(("under free entry a pay rise lifts hourly earnings, then they drift back (last week's gap "
                   "under half the first week's)", first_week > 0 and last_week < 0.5 * first_week))

    facts = labour_supply_facts(first_week, last_week)
    checks.append(("labour supply: the published facts about how drivers respond hold (below)",
                   bool((facts.holds == "yes").all())))

    floor = floor_effect(base)
    checks.append(("an hourly floor raises the p10 of rider earnings and the cost per order",
                   bool(floor.rider_net_per_online_hour_p10.iloc[1] > floor.rider_net_per_online_hour_p10.iloc[0] and
                        floor.rider_cost_per_order_yuan.iloc[1] > floor.rider_cost_per_order_yuan.iloc[0])))

    policies, per_instance = mdrp_policies()
    rh = policies["rolling_horizon"]
    checks.append(("MDRPlib, all 240 instances, best policy: click-to-door mean <= 32.74 min, % undelivered <= 0.5, "
                   "utilisation 0.55-0.70, cost per order within 5% of 11.42",
                   bool(rh.ctd_mean_min <= 32.74 and rh.undelivered_pct <= 0.5 and 0.55 <= rh.utilisation_mean <= 0.70
                        and abs(rh.cost_per_order / 11.42 - 1) <= 0.05)))
    effects = mdrp_effects(per_instance)
    checks.append(("MDRPlib: the directions of the effects in Reyes et al. Tables 5-7",
                   bool((effects["same direction"] != "NO").all())))

    nyc = nyc_floor_under_free_entry()
    change = (nyc / nyc.loc["baseline"] - 1)
    restricted = change.iloc[2]
    unrestricted = change.loc["floor"]
    checks.append(("ride-hailing, NYC pay standard with the platforms' response: hourly pay rises (+8.8% published)",
                   bool(restricted.net_after_costs_per_online_hour > 0)))
    checks.append(("ride-hailing, NYC pay standard with the platforms' response: utilisation rises "
                   "(54.8% -> 55.9% published)", bool(restricted.utilisation_with_passenger > 0)))
    checks.append(("ride-hailing, NYC pay standard: passenger waits fall by at least 5% (-18% published)",
                   bool(restricted.passenger_wait_min <= -0.05)))

    freight_cut = freight_commission_cut()
    checks.append(("freight: the platform keeps 12.2% of fares, 10.9% after the announced cut (within 0.2 points)",
                   abs(freight_cut["before"] - 0.122) <= 0.002 and abs(freight_cut["after"] - 0.109) <= 0.002))
    caps = freight_caps_bind()
    checks.append(("freight: a 50-yuan and a 100-yuan cap on the commission per order give different takes",
                   caps["cap 50"] < caps["cap 100"] < caps["no cap"]))

    trade_tables = {}
    for position, trade in enumerate(TARGETS):
        table = target_levels(trade, _baseline(trade))
        trade_tables[trade] = table
        held = int((table.holds == "pass").sum())
        checks.insert(position, (f"{TRADE_TITLES[trade]} baseline: at least 80% of the calibration targets inside "
                                 f"the published ranges ({held} of {len(table)})", held >= 0.8 * len(table)))
    levels = trade_tables["food"]
    delivery = nyc_delivery_floor()
    moved = delivery.iloc[1] / delivery.iloc[0] - 1
    delivery_rows = [("earnings per online hour", "earnings_per_online_hour", "+64% (tips included)",
                      moved.earnings_per_online_hour > 0),
                     ("customer fee", "customer_fee_yuan", "+58%", moved.customer_fee_yuan > 0),
                     ("active workers a day", "active_workers_a_day", "-9%", moved.active_workers_a_day < 0),
                     ("deliveries a day", "deliveries_a_day", "about unchanged", abs(moved.deliveries_a_day) <= 0.10)]
    checks.append(("food, New York City's delivery pay floor with the platforms' responses: earnings up, fees up, "
                   "fewer active workers", all(ok for *_, ok in delivery_rows[:3])))
    checks.append(("food, New York City's delivery pay floor: deliveries about unchanged (within 10%)", delivery_rows[3][3]))

    answer, response = nyc_delivery_floor_response()
    after = answer[answer.rules == "after it responds"].set_index("figure")
    capped = response.after.ranges.set_index("lever").loc["rules.login_cap.min_utilisation", "best"]
    checks.append(("food, New York City's delivery pay floor with the platform's best response (no hand-set "
                   "response): fees rise, log-ins are capped, fewer active workers",
                   bool(after.loc["customer fee", "holds"] == "yes" and capped > 0 and
                        after.loc["active worker-days", "holds"] == "yes")))
    checks.append(("food, New York City's delivery pay floor with the platform's best response: deliveries about "
                   "unchanged (within 10%)", bool(after.loc["deliveries", "holds"] == "yes")))
    from ridersim.response import summary_lines
    response_lines = summary_lines(response)

    weekly = drift.groupby(drift.index // 7).mean()
    weekly.index.name = "week"
    weekly = weekly.reset_index()
    text = """# Validation of the default calibration

Regenerate this page with `/usr/bin/python3 -m ridersim.validation --out docs/validation.md`
(from the repository root, with `python/` on `PYTHONPATH`; `./ridersim` sets it). Every comparison
runs the default baseline (`scenarios/baseline.json`) and the changed rules on the same seeds, so
the order stream is identical (common random numbers). The sources named here are keys of
[sources.md](sources.md).

## Summary

| check | result |
|---|---|
""" + "\n".join(f"| {name} | {'pass' if ok else 'FAIL'} |" for name, ok in checks) + f"""

Each check that fails is explained in its section below: where the model departs from the published
record, and why.

## Calibration targets of the food baseline

{_targets_text("food", trade_tables)} The pay levels and the promise's allowance come from
`ridersim calibrate` (see [calibration.md](calibration.md)).

Riders are paid 9.3 yuan an order where first-tier piece rates are 5-7: the calibration fits the
monthly income with fewer orders a day than full-timers' 30-50 at a higher rate per order.

## New York City's delivery pay floor, with the platforms' responses (nycdcwp2024)

{textwrap.dedent(nyc_delivery_floor.__doc__.split(chr(10) + chr(10))[1]).strip()} Last-week means
(seed 2):

{_table(delivery.reset_index().rename(columns=dict(index="rules")), 2)}

| figure | change here | published (Q1 2024 vs Q1 2023) | same direction |
|---|---|---|---|
{chr(10).join(f"| {what} | {getattr(moved, kpi):+.3f} | {pub} | {'yes' if ok else 'no'} |" for what, kpi, pub, ok in delivery_rows)}

Deliveries change by {moved.deliveries_a_day:+.1%} here where New York City's held about steady. The
default demand answers the delivery fee with an elasticity of -0.3 (the figure the platforms
claimed, nycdcwp2024), so a fee up by {moved.customer_fee_yuan:.0%} turns customers away, and fewer
riders carry the rest; New York City's record (fees +58%, deliveries about unchanged) points to
customers who respond far less (an elasticity near -0.05). `demand.response.fee_elasticity` is the
lever to study it with.

## New York City's delivery pay floor, the platform's best response (nycdcwp2024)

{textwrap.dedent(nyc_delivery_floor_response.__doc__.split(chr(10) + chr(10))[1]).strip()}
Replications: {len(response.seeds)}, each {response.baseline.spec["horizon"]["days"]} days.

{chr(10).join("- " + line for line in response_lines)}

{_table(response.levers(), 3)}

{_table(answer.assign(change=answer.change.map(lambda v: f"{v:+.1%}")), 2)}

The platform answers the floor as New York City's apps did, with nothing set by hand: it
restricts log-ins and raises its fee, and riders' pay per online hour rises. But it raises the fee
far beyond the 58% published and shrinks: fewer orders and far fewer rider-days. Here the floor's
cost is the idle hours it tops up, and a smaller market with capped log-ins has fewer of them;
customers here answer the fee with the elasticity the platforms claimed (-0.3), where New York
City's record (fees +58%, deliveries about unchanged) points to one near -0.05, so a higher fee
costs the platform few customers and deliveries would hold up. Where the fee or the cap ends at its
bound, the answer depends on the bound. Read the fee and the fall in deliveries as an upper bound.

## Safety bonus (xinhua2026: a 1-1.5 yuan/order no-red-light bonus cut red-light running 26%)

Mean over seeds 0-3. Violations are legs ridden in violation of traffic rules per 1000 delivered
orders (a delivery has two legs). The bonus is lost for the rest of the day at the first violation.

{_table(safety)}

## Promise strictness (xinhua2026, wang2021: shrinking time limits raise violations)

Mean over seeds 0-2; the promise is the given quantile of the predicted delivery time. The
baseline's 0.2 gives a late rate near the 16.7% of 405k Chinese orders (npj2026 [A]).

{_table(strict)}

## Free entry (hhk2023: after a pay rise, hourly earnings return to about baseline within ~8 weeks)

The baseline is a fixed point of free entry (each type's reservation wage solved as its mean net
pay per online hour, `python3 -m ridersim.equilibrium`); the baseline and a +1 yuan base pay run for 56 days with free
entry (elasticity 0.8, 14-day adjustment). Gap in net earnings per online hour: first week
{first_week:.2f} yuan, last week {last_week:.2f} yuan. Weekly means:

{_table(weekly, 2)}

![earnings and riders by day](img/free-entry.png)

## How workers respond: published facts

Workers respond on three margins (docs/model.md): who logs in, when the day ends, and gates. The
baselines keep to the planned day (farber2005); the facts below are checked with every response on.

{_table(facts)}

## Replaying real days: MDRPlib (Reyes et al. 2018)

All 240 Grubhub instances (`scenarios/traces/mdrplib/`) replayed with their own timing and pay
rules (`ridersim replay mdrplib --all scenarios/traces/mdrplib --out FILE.csv --policy NAME`).
Means over instances; the published column is their rolling-horizon algorithm with perfect
information (Table 17, "perfect").

{_table(policies.reset_index().rename(columns=dict(index="metric")))}

The policies: `rolling_horizon` (bundles by merchant of the orders ready within 15 minutes, matched
every minute to riders free now or soon, committed only when the rider must leave), `bundling`
(insertion of new orders into riders' routes), `batched` (one order per rider, min-cost matching
every minute), `nearest_idle` (greedy).

### Tables 5-7: what changes when the instances change (rolling_horizon)

{_table(effects)}

## Hourly floor (nycdcwp2024, kpr2020: floors raise low earnings and the platform's cost)

Mean over seeds 0-2: the baseline and `scenarios/proposals/hourly-floor.json` (25 yuan per online hour).

{_table(floor)}

## Ride-hailing (`scenarios/ride_hailing/baseline.json`)

{_targets_text("ride_hailing", trade_tables)}

Trips an online hour fall short of Hangzhou's 2.1: from assignment to the passenger on board
takes about eight minutes here (a 20 x 20 km city with about 160 drivers online at a time), so a
driver carries fewer trips in an hour than in a denser city. The spread of the take comes from the fixed fee per order: the
platform keeps over 29% of only the shortest, cheapest trips.

### The New York City pay standard under free entry (kpr2020)

{textwrap.dedent(nyc_floor_under_free_entry.__doc__.split(chr(10) + chr(10))[1]).strip()} Last-week
figures (seed 1):

{_table(nyc.reset_index().rename(columns=dict(index="rules")), 3)}

Change against the baseline (share), and what the published year-one record says:

| figure | floor alone | floor, log-ins restricted | published (year one) | holds (restricted) |
|---|---|---|---|---|
| hourly pay, net of vehicle costs | {unrestricted.net_after_costs_per_online_hour:+.3f} | {restricted.net_after_costs_per_online_hour:+.3f} | +8.8% | {'yes' if restricted.net_after_costs_per_online_hour > 0 else 'no'} |
| utilisation with a passenger | {unrestricted.utilisation_with_passenger:+.3f} | {restricted.utilisation_with_passenger:+.3f} | 54.8% -> 55.9% | {'yes' if restricted.utilisation_with_passenger > 0 else 'no'} |
| drivers a day | {unrestricted.drivers_a_day:+.3f} | {restricted.drivers_a_day:+.3f} | platforms restricted log-ins | {'yes' if restricted.drivers_a_day < 0 else 'no'} |
| passenger wait | {unrestricted.passenger_wait_min:+.3f} | {restricted.passenger_wait_min:+.3f} | -18% | {'yes' if restricted.passenger_wait_min <= -0.05 else 'no'} |
| trips a day | {unrestricted.trips_a_day:+.3f} | {restricted.trips_a_day:+.3f} | - | - |
| fares | 0 | 0 | +5.9% | no: fares are rules here, and the platform does not pass the floor's cost on |

Without the platform's response, free entry brings drivers in and utilisation falls: the floor's
pay rise is partly eaten by more drivers sharing the trips, as in the free-entry check of the food
baseline. With log-ins restricted, utilisation and hourly pay both rise, the direction New York
City saw. Waits do not fall by the published 18% here: with fewer drivers they barely move, where
New York City's fell (its demand and fleet grew over the year, which this model does not have).

## Same-city freight (`scenarios/freight/baseline.json`)

{_targets_text("freight", trade_tables)}

The announced commission cut and the per-order caps, mean over seeds 0-2:

| rules | platform's take of drivers' fares | published |
|---|---|---|
| baseline | {freight_cut["before"]:.4f} | 0.122 (freight2025 [B]) |
| commission cut (`proposals/commission-cut.json`) | {freight_cut["after"]:.4f} | 0.109, capped at 100 yuan an order |
| baseline with a 100-yuan cap per order | {caps["cap 100"]:.4f} | binds on fares above 820 yuan |
| baseline with a 50-yuan cap per order | {caps["cap 50"]:.4f} | binds on fares above 410 yuan (the discount card's cap) |

Large trucks carry longer loads (a lognormal of mean 40 km) at a larger vehicle's tariff, so the
long tail of fares reaches the caps. The fares and vehicle costs are assumptions (grade D) chosen
to give the published transaction value per order; drivers' hours and monthly earnings have no
published figure among our sources yet.

## Express couriers (`scenarios/courier/baseline.json`)

{_targets_text("courier", trade_tables)}

The monthly income falls short of the survey's 4,859 yuan: at about 1 yuan a parcel delivered,
150 parcels a day for 26 days come to about 3,900 yuan; the rest of a courier's income comes from
collecting parcels (a commission on each pickup) and, for some, a base salary, neither of which
the courier trade models yet. The parcels a day sit at the survey's middle; every courier of the
station has the same load here, where the survey shows a wide spread between couriers.

## Known limits of the default calibration

{known_limits()}
"""
    out.write_text(text)
    return all(ok for _, ok in checks)


def known_limits() -> str:
    """The calibration caveats every report states, as the validation page lists them."""
    from ridersim.glossary import CALIBRATION_CAVEATS
    from ridersim.i18n import say
    from ridersim.scenario import Scenario
    lines = []
    for trade, caveats in CALIBRATION_CAVEATS.items():
        path = data_path("scenarios", *(("baseline.json",) if trade == "food" else (trade, "baseline.json")))
        words = Scenario.load(path).words
        lines += [f"- {trade}: " + say("en", text, words)[:1].upper() + say("en", text, words)[1:] for text in caveats]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ridersim.validation", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/validation.md")
    args = parser.parse_args(argv)
    ok = write_report(Path(args.out))
    print(f"wrote {args.out}: {'all checks pass' if ok else 'SOME CHECKS FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
