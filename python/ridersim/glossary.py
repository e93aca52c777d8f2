"""What each KPI means, in plain words: its label, its unit and an explanation, for people who
do not read code. The English text is the message id of the translation catalogue
(``ridersim/locale``); ``{workers}``, ``{jobs}`` and ``{customers}`` are filled with the trade's
own words (riders, trips, passengers ...), in the language shown.

Units: ``yuan`` money, ``yuan_h`` money per hour, ``share`` a proportion (shown as a percentage,
its changes in percentage points), ``min`` minutes, ``h`` hours, ``count`` a number of things,
``rate`` a number per 1,000 or per million, ``fen`` money in fen.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(text: str) -> str:
    """Marks text for the translation catalogue without translating it here."""
    return text


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    unit: str
    explanation: str


_KPIS = [
    Kpi("orders_placed", N_("{jobs} placed"), "count",
        N_("How many {jobs} {customers} placed in the simulated run, after those put off by the price or the promised time.")),
    Kpi("orders_delivered", N_("{jobs} completed"), "count",
        N_("How many {jobs} reached the {customers}.")),
    Kpi("orders_undelivered", N_("{jobs} not completed"), "count",
        N_("{jobs} placed that nobody completed in time: cancelled or lost.")),
    Kpi("orders_deterred", N_("{jobs} put off"), "count",
        N_("{jobs} {customers} would have placed but did not, because of the fee or the promised time.")),
    Kpi("ctd_mean_min", N_("time to the door, mean"), "min",
        N_("Minutes from the order to the hand-over, on average.")),
    Kpi("ctd_p90_min", N_("time to the door, slowest tenth"), "min",
        N_("Nine in ten {jobs} are completed within this many minutes.")),
    Kpi("on_time_rate", N_("on time"), "share",
        N_("The share of {jobs} completed by the promised time.")),
    Kpi("late_rate", N_("late"), "share", N_("The share of {jobs} completed after the promised time.")),
    Kpi("violations_per_1000_orders", N_("traffic violations per 1,000 {jobs}"), "rate",
        N_("Legs ridden against traffic rules (red lights, wrong way, speeding) to make the promised time, per 1,000 {jobs}.")),
    Kpi("crashes_per_million_orders", N_("crashes per million {jobs}"), "rate",
        N_("Road crashes of {workers} per million {jobs} completed.")),
    Kpi("crashes", N_("crashes"), "count", N_("Road crashes of {workers} in the simulated run.")),
    Kpi("expected_crashes_per_million_orders", N_("expected crashes per million {jobs}"), "rate",
        N_("Each leg's chance of a crash (its length, riding against traffic rules or not, hours online) summed over"
           " the {jobs} completed, per million: the crash rate the rules imply, known within a few per cent from a"
           " day, where crashes themselves are too rare to count.")),
    Kpi("expected_crashes", N_("expected crashes"), "count",
        N_("Each leg's chance of a crash summed over the run: the crashes the rules imply on average.")),
    Kpi("injury_expected_payouts_yuan", N_("expected injury payouts"), "yuan",
        N_("What the occupational injury insurance would pay on the expected crashes, as it pays on each crash.")),
    Kpi("insurance_fair_levy_per_job_yuan", N_("actuarially fair insurance levy per {job}"), "yuan",
        N_("The levy per {job} completed that would just pay the expected injury payouts: set it beside the levy"
           " charged.")),
    Kpi("share_jobs_pressed", N_("{jobs} whose promise needs speeding"), "share",
        N_("The share of {jobs} completed where, at the start of a leg, riding within traffic rules would miss the"
           " promised time: the time pressure of the promise.")),
    Kpi("minutes_short_per_job", N_("minutes of speeding a promise needs, per {job}"), "min",
        N_("The most minutes, at the start of a leg, by which riding within traffic rules would miss the promised"
           " time, averaged over the {jobs} completed (0 where it would not).")),
    Kpi("bad_reviews_per_1000_orders", N_("bad reviews per 1,000 {jobs}"), "rate",
        N_("Bad reviews caused by the delivery, per 1,000 {jobs}.")),
    Kpi("rider_days", N_("{workers} at work (worker-days)"), "count",
        N_("How many working days {workers} put in over the run: one person working one day counts one.")),
    Kpi("rider_net_per_online_hour_p10", N_("net pay per online hour, lowest tenth"), "yuan_h",
        N_("One working day in ten pays less than this per hour logged in, after deductions.")),
    Kpi("rider_net_per_online_hour_p50", N_("net pay per online hour, median"), "yuan_h",
        N_("Half of the working days pay less than this per hour logged in, half more, after deductions.")),
    Kpi("rider_net_per_online_hour_p90", N_("net pay per online hour, top tenth"), "yuan_h",
        N_("One working day in ten pays more than this per hour logged in.")),
    Kpi("rider_net_per_online_hour_mean", N_("net pay per online hour, mean"), "yuan_h",
        N_("All net pay divided by all hours logged in.")),
    Kpi("worker_gross_per_online_hour_mean", N_("gross pay per online hour"), "yuan_h",
        N_("Everything paid to {workers} (pay, fares, surcharges, bonuses, top-ups) per hour logged in, before commission and costs.")),
    Kpi("worker_net_after_costs_per_online_hour_mean", N_("net pay after costs per online hour"), "yuan_h",
        N_("What {workers} keep per hour logged in, after commission, fines and the running costs of their vehicles.")),
    Kpi("worker_net_per_day_mean_yuan", N_("net pay per working day"), "yuan",
        N_("What {workers} keep on an average working day, after deductions and vehicle costs.")),
    Kpi("worker_net_per_month_mean_yuan", N_("net pay per month"), "yuan",
        N_("What an average member of the workforce keeps after vehicle costs in a 30-day month, days off included:"
           " each ordinary, rainy and festival day of the month at what such a day of the run paid. A run of"
           " festival days only has no monthly figure: one festival day is not a month.")),
    Kpi("weekly_online_hours_mean", N_("online hours per week"), "h",
        N_("Hours logged in over a week, days off included.")),
    Kpi("share_rider_days_below_min_wage", N_("days below the minimum wage"), "share",
        N_("The share of working days whose pay after vehicle costs is below the legal minimum for the hours logged in:"
           " the hourly minimum for part-time work, the monthly minimum over 174 hours for full-time work.")),
    Kpi("share_rider_days_below_min_wage_floor_hours", N_("days below the minimum wage, on the floor's hours"), "share",
        N_("The same, counting only the hours the pay floor in force pays for (for example, hours with an order)."
           " A floor can leave {workers} below the minimum wage per hour logged in while nobody is below it on its own hours.")),
    Kpi("share_rider_days_over_10_online_hours", N_("days over 10 hours online"), "share",
        N_("The share of working days with more than 10 hours logged in.")),
    Kpi("rider_utilisation_mean", N_("busy share of online time"), "share",
        N_("The share of the time logged in that {workers} spend going to or carrying {jobs}.")),
    Kpi("worker_utilisation", N_("busy share of online time"), "share",
        N_("The share of the time logged in that {workers} spend going to or carrying {jobs}.")),
    Kpi("utilisation_with_passenger", N_("share of online time with a passenger"), "share",
        N_("The share of the time logged in with a passenger on board (New York City's definition).")),
    Kpi("penalties_per_rider_day_yuan", N_("deductions per working day"), "yuan",
        N_("Money deducted from {workers} for lateness, complaints and fines, per working day.")),
    Kpi("bonuses_per_rider_day_yuan", N_("bonuses per working day"), "yuan",
        N_("Safety bonuses, multipliers and threshold bonuses per working day.")),
    Kpi("customer_fee_mean_yuan", N_("fee paid by {customers}, mean"), "yuan",
        N_("The delivery fee {customers} pay per {job}, on average.")),
    Kpi("commission_rate_effective", N_("merchant commission rate"), "share",
        N_("The commission merchants pay the platform, as a share of the order value.")),
    Kpi("rider_cost_per_order_yuan", N_("platform's labour cost per {job}"), "yuan",
        N_("What the platform pays {workers} (pay, bonuses, top-ups, insurance, pension) per {job} completed.")),
    Kpi("worker_share_of_platform_collections", N_("{workers}' share of the platform's takings"), "share",
        N_("Of what {customers} and merchants pay the platform for the service, the share that reaches {workers}."
           " A split, not a gain: it moves when what others pay the platform moves even if no {worker}'s pay does"
           " (a cut in merchants' commission raises it); {workers}' pay says what they gain.")),
    Kpi("worker_share_of_customer_payments", N_("{workers}' share of what {customers} pay"), "share",
        N_("Of everything {customers} paid, the share that reaches {workers}. A split, not a gain: a higher price"
           " with the same pay lowers it.")),
    Kpi("platform_net_revenue_yuan", N_("platform net revenue"), "yuan",
        N_("Fees, commission and deductions the platform takes in, less what it pays {workers}, over the simulated run.")),
    Kpi("platform_net_per_order_yuan", N_("platform net revenue per {job}"), "yuan",
        N_("The platform's net revenue per {job} completed.")),
    Kpi("ledger_imbalance_fen", N_("ledger check (fen)"), "fen",
        N_("0 when every fen is accounted for: what each party paid and received balances.")),
    Kpi("passenger_wait_mean_min", N_("{customers}' wait, mean"), "min",
        N_("Minutes from the request to the pickup, on average.")),
    Kpi("passenger_wait_p90_min", N_("{customers}' wait, slowest tenth"), "min",
        N_("Nine in ten {customers} are picked up within this many minutes.")),
    Kpi("fare_mean_yuan", N_("fare, mean"), "yuan", N_("The fare {customers} pay per {job}, on average.")),
    Kpi("empty_km_share", N_("empty kilometres"), "share",
        N_("The share of kilometres driven with nothing on board: to a pickup or looking for work.")),
    Kpi("worker_take_rate", N_("platform's cut of fares"), "share",
        N_("The commission the platform keeps, as a share of the fares {customers} paid.")),
    Kpi("worker_commission_refunds_yuan", N_("commission refunded to {workers}"), "yuan",
        N_("Commission paid back to {workers} under a cap, over the run.")),
    Kpi("trip_floor_topups_yuan", N_("top-ups to the minimum per {job}"), "yuan",
        N_("What the platform adds to bring each {job}'s pay up to the floor, over the run.")),
    Kpi("vehicle_cost_per_worker_day_yuan", N_("vehicle costs per working day"), "yuan",
        N_("Fuel, power, rent and wear that {workers} pay per working day.")),
    Kpi("orders_lost_share", N_("{jobs} lost"), "share", N_("The share of {jobs} placed that no {worker} took.")),
    Kpi("time_to_acceptance_mean_min", N_("time until a {worker} accepts"), "min",
        N_("Minutes from the release of a {job} to its acceptance, on average.")),
    Kpi("peak_fees_yuan", N_("peak fees"), "yuan", N_("Peak-time fees {customers} paid over the run.")),
    Kpi("parcels_per_courier_day", N_("{jobs} per working day"), "count",
        N_("{jobs} delivered per {worker} per working day.")),
    Kpi("share_door_deliveries", N_("delivered to the door"), "share",
        N_("The share of {jobs} carried to the door rather than left at a locker or station.")),
    Kpi("complaints_per_1000_parcels", N_("complaints per 1,000 {jobs}"), "rate",
        N_("Complaints caused by the delivery, per 1,000 {jobs}.")),
    Kpi("fines_per_courier_day_yuan", N_("fines per working day"), "yuan",
        N_("Fines deducted from {workers} per working day.")),
    Kpi("pay_in_arrears_yuan", N_("pay in arrears"), "yuan",
        N_("Pay the franchise station owes {workers} and has not paid, over the run.")),
    Kpi("arrears_covered_by_guarantee_yuan", N_("arrears paid by the guarantee fund"), "yuan",
        N_("The part of the arrears the wage guarantee fund paid.")),
    Kpi("injury_payouts_yuan", N_("injury insurance payouts"), "yuan",
        N_("What the injury insurance paid {workers} after crashes, over the run.")),
    Kpi("balance_station_yuan", N_("franchise station's balance"), "yuan",
        N_("What the franchise station took in less what it paid out, over the run.")),
    Kpi("balance_platform_yuan", N_("platform's balance"), "yuan",
        N_("What the platform took in less what it paid out, over the run.")),
]

KPIS: dict[str, Kpi] = {k.key: k for k in _KPIS}

#: the parties money moves between, and what each is called
PARTIES = {
    "customers": N_("{customers}"),
    "platform": N_("platform"),
    "merchants": N_("merchants"),
    "worker": N_("{workers}"),
    "insurer": N_("insurer"),
    "pension_fund": N_("pension fund"),
    "vehicle_costs": N_("vehicle costs (fuel, rent)"),
    "station": N_("franchise station"),
    "guarantee_fund": N_("wage guarantee fund"),
}

#: worker types, as the scenarios name them
WORKER_TYPES = {
    "high_frequency": N_("full-time riders"),
    "low_frequency": N_("part-time riders"),
    "occasional": N_("occasional riders"),
    "full_time": N_("full-time drivers"),
    "part_time": N_("part-time drivers"),
    "van": N_("van drivers"),
    "small_truck": N_("small-truck drivers"),
    "large_truck": N_("large-truck drivers"),
    "courier": N_("couriers"),
    "all": N_("everyone"),
}

#: the vehicle classes of freight
VEHICLES = {"van": N_("van"), "small_truck": N_("small truck"), "large_truck": N_("large truck")}

#: the trades, as a negotiator calls them
TRADES = {
    "food": N_("food delivery"),
    "ride_hailing": N_("ride-hailing"),
    "freight": N_("same-city freight"),
    "courier": N_("express parcels"),
}


def kpi(key: str) -> Kpi:
    """A KPI's entry; a per-type KPI (``KEY.TYPE``) takes its base KPI's, and a KPI without an
    entry gets its code name (so a new KPI shows, untranslated, rather than vanishing)."""
    base, _, worker_type = key.partition(".")
    entry = KPIS.get(base)
    if entry is None:
        return Kpi(key, key, "count", "")
    return entry if not worker_type else Kpi(key, entry.label, entry.unit, entry.explanation)


def worker_type_of(key: str) -> str:
    """The worker type a per-type KPI is about ("" for one about everyone)."""
    return key.partition(".")[2]


#: what each trade's default calibration does not vouch for, said beside every result of it
CALIBRATION_CAVEATS = {
    "food": [
        N_("The food scenario matches 11 of 12 published figures (monthly income, hourly pay, orders per hour, the"
           " late rate, {workers}' share of what the platform collects); it pays 9.3 yuan per {job} where first-tier"
           " piece rates are 5-7, and its {customers} respond to fees more than New York City's did after its pay"
           " floor: a rule that raises fees probably costs fewer {jobs} than shown."),
        N_("Crashes are rare: a few simulated days see only a few, so a change in safety is read from the expected"
           " crashes (each leg's chance of a crash), whose level rests on one survey of crash involvement and whose"
           " rise with violations on one published odds ratio."),
        N_("When {workers} may join or leave freely, they learn one by one, but the pay that keeps them is set per"
           " type of {worker}, not per person."),
    ],
    "ride_hailing": [
        N_("Trips, hours and takings a vehicle-day, fares and the platform's take match city monitoring (Hangzhou,"
           " 2024) and the platform's 2024 average; a {worker} carries fewer trips an hour (1.7 against 2.1) because"
           " pickups take longer in this city, and waits did not fall under New York City's pay standard here as they"
           " did there, so effects on waits are uncertain."),
    ],
    "freight": [
        N_("Fares per {job} and the platform's take match published figures, and the largest loads reach the"
           " commission caps; {workers}' hours and earnings have no published figure yet, so their levels should not"
           " be quoted."),
    ],
    "courier": [
        N_("{jobs} a day, hours a week and pay per {job} match a national survey and press reports; monthly income"
           " falls about 1,800 yuan short of the survey's, because pickup commissions and base salaries are not"
           " modelled: quote changes, not the level of income."),
    ],
}


#: the sections of the rules, as the proposal editor groups the levers
SECTIONS = {
    "rules.dispatch": N_("Dispatch"),
    "rules.promise": N_("Promised time"),
    "rules.pay": N_("Pay"),
    "rules.fare": N_("Fares"),
    "rules.commission": N_("Commission"),
    "rules.lateness": N_("Lateness sanctions"),
    "rules.multiplier": N_("Earnings multiplier"),
    "rules.threshold_bonuses": N_("Threshold bonuses"),
    "rules.floor": N_("Hourly pay floor"),
    "rules.trip_floor": N_("Pay floor per job"),
    "rules.login_cap": N_("Limits on logging in"),
    "rules.pass_through": N_("Who bears the cost"),
    "rules.first_complaint_free": N_("Complaints"),
    "rules.bad_review_fine_yuan": N_("Complaints"),
    "rules.fatigue": N_("Working hours and fatigue"),
    "rules.welfare": N_("Insurance and pension"),
    "rules.customer_fee": N_("Fees paid by customers"),
    "rules.parcel": N_("Parcels"),
    "rules.station": N_("Franchise station"),
    "horizon.days": N_("Calendar"),
    "world.festival_days": N_("Calendar"),
    "world.weather": N_("Calendar"),
}


def section_of(lever_key: str) -> str:
    """The editor's section of a lever ("rules.pay" for "rules.pay.base_per_order_yuan")."""
    return ".".join(lever_key.split(".")[:2])


#: the bargaining solutions, as the mediator's table names them
SOLUTIONS = {
    "nash": N_("Nash"),
    "kalai-smorodinsky": N_("Kalai-Smorodinsky"),
    "egalitarian": N_("egalitarian"),
}


#: the terms of the platform's objective (a scenario's platform.objective), in plain words
PLATFORM_OBJECTIVE = {
    "value_per_job_yuan": N_("Value of a delivered job beyond its revenue (yuan): the platform's weight on growth"),
    "rival_elasticity": N_("Rivals' pull (at most 0): the platform keeps (its price / today's)^this of its market"),
    "max_lost_share": N_("Service level: the most of its jobs it may lose (a share)"),
    "min_jobs_share": N_("Market-share floor: the least share of today's jobs it must deliver"),
    "exit_below_yuan_per_day": N_("Exit floor (yuan a day): below this at its best, it exits or scales down"),
}
