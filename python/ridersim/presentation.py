"""What a comparison shows people, in their language: the figures the templates lay out.

The static report (`ridersim compare`) and the workspace (`ridersim serve`) both render these with
the same templates, so the two never disagree. Three views pick the figures each side argues
about: the union's (workers' pay net of costs, hours, safety, pay below the minimum wage), the
platform's (revenue, cost per job, service, demand) and the mediator's (everything, and who pays).
"""

from __future__ import annotations

import json
import math
import threading

from ridersim import glossary, i18n
from ridersim.comparison import HIGHER_IS_BETTER, PARTIES, Comparison, headline_kpis, who_pays
from ridersim.inactive import changed_levers
from ridersim.scenario import Scenario

VIEWS = ("all", "union", "platform", "mediator")

_UNION = ["worker_net_per_month_mean_yuan", "worker_net_per_month_mean_yuan.*", "worker_net_per_day_mean_yuan",
          "rider_net_per_online_hour_p10", "rider_net_per_online_hour_p50", "rider_net_per_online_hour_p90",
          "worker_net_after_costs_per_online_hour_mean", "weekly_online_hours_mean.*",
          "share_rider_days_over_10_online_hours", "share_rider_days_below_min_wage",
          "share_rider_days_below_min_wage_floor_hours", "penalties_per_rider_day_yuan", "bonuses_per_rider_day_yuan",
          "fines_per_courier_day_yuan", "pay_in_arrears_yuan", "vehicle_cost_per_worker_day_yuan",
          "violations_per_1000_orders", "crashes_per_million_orders", "expected_crashes_per_million_orders",
          "share_jobs_pressed", "minutes_short_per_job", "injury_payouts_yuan", "injury_expected_payouts_yuan",
          "worker_share_of_platform_collections", "rider_days"]
_PLATFORM = ["platform_net_revenue_yuan", "platform_net_per_order_yuan", "balance_station_yuan",
             "rider_cost_per_order_yuan", "worker_take_rate", "commission_rate_effective", "orders_placed",
             "orders_delivered", "orders_deterred", "orders_lost_share", "on_time_rate", "ctd_mean_min", "ctd_p90_min",
             "passenger_wait_mean_min", "passenger_wait_p90_min", "time_to_acceptance_mean_min",
             "complaints_per_1000_parcels", "customer_fee_mean_yuan", "fare_mean_yuan",
             "injury_expected_payouts_yuan", "insurance_fair_levy_per_job_yuan", "rider_days"]

#: parties the mediator must not let a deal be paid by: they are not at the table
ABSENT_PARTIES = ("customers", "merchants")


def view_kpis(view: str, baseline: Scenario, available) -> list[str]:
    """The KPIs a view shows, in order, among those the comparison has."""
    if view not in VIEWS:
        raise ValueError(f"no view {view!r}; views: {', '.join(VIEWS)}")
    available = list(available)
    if view in ("all", "mediator"):
        wanted = headline_kpis(baseline, available)
    else:
        wanted = _UNION if view == "union" else _PLATFORM
    out = []
    for key in wanted:
        if key.endswith(".*"):
            stem = key[:-1]
            out += sorted(k for k in available if k.startswith(stem))
        elif key in available:
            out.append(key)
    return list(dict.fromkeys(out))


def shading(kpi: str, significant: bool, diff: float) -> str:
    """The cell's class: better / worse for those it describes, changed (no better side), or
    no change beyond chance. Every significant change is shaded, as the legend says."""
    if not significant:
        return "ns"
    base = kpi.partition(".")[0]
    if base not in HIGHER_IS_BETTER:
        return "changed"
    return "good" if (diff > 0) == HIGHER_IS_BETTER[base] else "bad"


def _unit(kpi: str) -> str:
    return glossary.kpi(kpi).unit


def kpi_rows(comparison: Comparison, lang: str, keys: list[str]) -> list[dict]:
    words = comparison.baseline.words
    t = comparison.table.set_index(["proposal", "kpi"])
    names = [p.name for p in comparison.proposals]
    ran = comparison.summaries
    plain = ran[ran.scenario == comparison.baseline.name].groupby("kpi").value.mean()
    rows = []
    for key in keys:
        if (names[0], key) not in t.index:
            continue
        unit = _unit(key)
        cells = []
        for n in names:
            r = t.loc[(n, key)]
            cells.append({"change": i18n.change(r.diff_mean, unit, lang),
                          "interval": f"[{i18n.change(r.ci_low, unit, lang)}, {i18n.change(r.ci_high, unit, lang)}]",
                          "level": i18n.value(r.proposal_mean, unit, lang),
                          "css": shading(key, bool(r.significant), r.diff_mean)})
        rows.append({"key": key, "label": i18n.kpi_label(lang, key, words),
                     "explanation": i18n.kpi_explanation(lang, key, words),
                     "baseline": i18n.value(plain.get(key, float("nan")), unit, lang), "cells": cells})
    return rows


#: the figures a one-line summary of a proposal names, when their interval excludes 0
BRIEF_KPIS = ["worker_net_per_month_mean_yuan", "rider_net_per_online_hour_p50", "share_rider_days_below_min_wage",
              "on_time_rate", "passenger_wait_mean_min", "violations_per_1000_orders",
              "expected_crashes_per_million_orders", "orders_delivered", "platform_net_revenue_yuan"]


def brief(comparison: Comparison, lang: str) -> list[dict]:
    """Per proposal: the significant changes in the brief's figures, who gains and loses, and
    the change in what customers and merchants pay."""
    words = comparison.baseline.words
    t = comparison.table.set_index(["proposal", "kpi"])
    pays = who_pays(comparison)
    out = []
    for p in comparison.proposals:
        parts = []
        for key in BRIEF_KPIS:
            if (p.name, key) in t.index and t.loc[(p.name, key)].significant:
                r = t.loc[(p.name, key)]
                parts.append(f"{i18n.kpi_label(lang, key, words)} {i18n.change(r.diff_mean, _unit(key), lang)}")
        w = comparison.winners[(comparison.winners.proposal == p.name) & (comparison.winners.rider_type == "all")]
        if len(w):
            w = w.iloc[0]
            gain, lose = i18n.value(w.winners_share, "share", lang), i18n.value(w.losers_share, "share", lang)
            parts.append(i18n.say(lang, "{gain} of {workers} gain, {lose} lose", words, gain=gain, lose=lose))
            beyond_gain = i18n.value(w.winners_beyond_chance_share, "share", lang)
            beyond_lose = i18n.value(w.losers_beyond_chance_share, "share", lang)
            luck = i18n.value(w.chance_losers_share, "share", lang)
            parts.append(i18n.say(lang, "beyond chance {gain} gain and {lose} lose (the luck of which {jobs} a person"
                                        " gets alone makes {luck} lose)", words, gain=beyond_gain, lose=beyond_lose,
                                  luck=luck))
        mine = pays[(pays.proposal == p.name) & pays.party.isin(ABSENT_PARTIES) & pays.significant]
        for r in mine.itertuples():
            # their money over the run: fewer orders also mean less paid, so no "pay more" here
            parts.append(i18n.say(lang, "{party}' money {amount} over the run", words,
                                  party=i18n.party(lang, r.party, words), amount=i18n.change(r.change_yuan, "yuan", lang)))
        if not parts:
            parts = [i18n.say(lang, "no change beyond chance in the headline figures", words)]
        out.append({"name": p.name, "parts": parts})
    return out


#: how the customers' change splits, by whether they buy fewer jobs (False) or more (True)
UNSPENT = {
    False: glossary.N_("Of {customers}' change, {bought} is what they pay on the {jobs} they still buy and {unspent}"
                       " is money not spent on {orders} {jobs} they gave up: a lost purchase, not a gain."),
    True: glossary.N_("Of {customers}' change, {bought} is what they pay on the {jobs} they still buy and {unspent}"
                      " is what they spend on {orders} more {jobs} bought."),
}


def who_pays_rows(comparison: Comparison, lang: str) -> list[dict]:
    """Per proposal: each party's change over a run with its interval; the total is the
    ledger's check (it must be 0)."""
    words = comparison.baseline.words
    pays = who_pays(comparison)
    out = []
    for p in comparison.proposals:
        mine = pays[pays.proposal == p.name]
        rows = [{"party": i18n.party(lang, r.party, words), "key": r.party,
                 "baseline": i18n.value(r.baseline_yuan, "yuan", lang),
                 "change": i18n.change(r.change_yuan, "yuan", lang),
                 "interval": f"[{i18n.change(r.ci_low, 'yuan', lang)}, {i18n.change(r.ci_high, 'yuan', lang)}]",
                 "css": ("good" if r.change_yuan > 0 else "bad") if r.significant else "ns"}
                for r in mine.itertuples()]
        total = float(mine.change_yuan.sum()) if len(mine) else 0.0
        customers = mine[mine.party == "customers"]
        unspent = None
        if len(customers) and abs(customers.not_spent_yuan.iloc[0]) >= 0.005:
            c = customers.iloc[0]
            unspent = i18n.say(lang, UNSPENT[c.orders_change > 0], words,
                               bought=i18n.change(c.on_orders_bought_yuan, "yuan", lang),
                               unspent=i18n.change(c.not_spent_yuan, "yuan", lang),
                               orders=format(abs(c.orders_change), ",.1f"))
        out.append({"name": p.name, "rows": rows, "total": i18n.change(round(total, 2) + 0.0, "yuan", lang),
                    "unspent": unspent})
    return out


def winners_rows(comparison: Comparison, lang: str) -> list[dict]:
    rows = []
    for r in comparison.winners.itertuples():
        rows.append({"proposal": r.proposal, "type": i18n.worker_type(lang, r.rider_type), "workers": f"{r.riders:,}",
                     "winners": i18n.value(r.winners_share, "share", lang),
                     "losers": i18n.value(r.losers_share, "share", lang),
                     "unchanged": i18n.value(r.unchanged_share, "share", lang),
                     "mean_change": i18n.change(r.mean_change_yuan_per_h, "yuan_h", lang),
                     "chance_losers": i18n.value(r.chance_losers_share, "share", lang),
                     "winners_beyond": i18n.value(r.winners_beyond_chance_share, "share", lang),
                     "losers_beyond": i18n.value(r.losers_beyond_chance_share, "share", lang)})
    return rows


def distribution_rows(comparison: Comparison, lang: str) -> list[dict]:
    return [{"scenario": r.scenario, "type": i18n.worker_type(lang, r.rider_type_name), "count": f"{r.count:,.0f}",
             "mean": i18n.value(r.mean, "yuan_h", lang), "p10": i18n.value(r.p10, "yuan_h", lang),
             "p50": i18n.value(r.p50, "yuan_h", lang), "p90": i18n.value(r.p90, "yuan_h", lang)}
            for r in comparison.distribution.itertuples()]


def rare_event_rows(comparison: Comparison, lang: str) -> list[dict]:
    from ridersim.power import events_needed, rare_event_table
    out = []
    needed = events_needed(-0.15)
    for name, rc in rare_event_table(comparison):
        b_low, b_high = rc.rate_interval("base")
        p_low, p_high = rc.rate_interval("proposal")
        r_low, r_high = rc.ratio_interval()
        out.append({"proposal": name, "label": i18n.kpi_label(lang, rc.kpi, comparison.baseline.words),
                    "counts": f"{rc.base_count:.0f} → {rc.prop_count:.0f}",
                    "rates": f"{rc.base_rate:.1f} [{b_low:.1f}, {b_high:.1f}] → {rc.prop_rate:.1f} [{p_low:.1f}, {p_high:.1f}]",
                    "ratio": f"[{r_low:.2f}, {'∞' if math.isinf(r_high) else f'{r_high:.2f}'}]",
                    "too_short": bool(rc.base_count < needed)})
    return out


def lever_rows(comparison: Comparison, lang: str) -> list[dict]:
    """Per proposal: the levers it changes, by their schema labels, with each value's source."""
    from ridersim.reporting import ABSENT, lever_changes
    from ridersim.schema import levers
    table = levers().set_index("key")
    out = []
    for p in comparison.proposals:
        rows = []
        for key, a, b, src in lever_changes(comparison.baseline.spec, p.spec):
            label = i18n.lever_label(lang, table.loc[key]) if key in table.index else key
            unit = i18n.lever_unit(lang, table.loc[key, "unit"]) if key in table.index else ""
            shown = lambda v: i18n.gettext(lang, "(not set)") if v is ABSENT else json.dumps(v, ensure_ascii=False)  # noqa: E731
            rows.append({"key": key, "label": label, "unit": unit, "baseline": shown(a), "proposal": shown(b),
                         "source": p.source_of(key) or src})
        out.append({"name": p.name, "description": p.description, "rows": rows})
    return out


#: what the platform's best response does to each proposal's gains, in words
RESPONSE_SAYS = {
    "moves": glossary.N_("If the platform responds to {proposal} with its own levers, it sets {levers}."),
    "stays": glossary.N_("If the platform responds to {proposal}, it leaves its levers as they are ({levers}):"
                         " no other setting serves it better beyond chance."),
    "none": glossary.N_("{workers}' money: {before} {before_ci} before the response, {after} {after_ci} after: none"
                        " of the gain survives, they end worse off than under today's rules."),
    "part": glossary.N_("{workers}' money: {before} {before_ci} before the response, {after} {after_ci} after:"
                        " {share} of the gain survives."),
    "more": glossary.N_("{workers}' money: {before} {before_ci} before the response, {after} {after_ci} after: they"
                        " gain {times} times as much (a higher price pays them more)."),
    "held": glossary.N_("Today's levers are not the platform's best answer to today's rules: {proposal} after its"
                        " answer is held against today's rules after its answer to them, so the changes below are"
                        " the rule's, not the platform's correction of today's levers."),
    "platform": glossary.N_("The platform's money: {before} {before_ci} before the response, {after} {after_ci}"
                            " after."),
    "survives": glossary.N_("Gains that survive the response: {figures}."),
    "lost": glossary.N_("Gains the response takes away (no longer beyond chance): {figures}."),
    "reversed": glossary.N_("Gains the response turns into losses: {figures}."),
    "new loss": glossary.N_("Worse only after the response: {figures}."),
}


def response_notes(comparison: Comparison, lang: str, view: str) -> list[dict]:
    """Per proposal asked with the platform's response: the levers the platform sets and, for the
    union (and the mediator), how much of the workers' money gain survives and which of the
    union's figures keep their gains; for the platform, its money before and after."""
    from ridersim.response import (gains_after_response, lever_value, responded_name, surviving_share,
                                   survival_verdict)
    words = comparison.baseline.words
    names = {p.name: p for p in comparison.proposals}
    party = "platform" if view == "platform" else "worker"
    money = who_pays(comparison)
    money = money[money.party == party].set_index("proposal")
    yuan = lambda v: i18n.change(v, "yuan", lang)  # noqa: E731
    keys = view_kpis("union", comparison.baseline, comparison.table.kpi.unique())
    out = []
    for p in comparison.proposals:
        answered = names.get(responded_name(p.name))
        if answered is None:
            continue
        moved = [f"{_lever_label(lang, key)} {lever_value(p.spec, key):g} → {value:g}"
                 for key, value in changed_levers(p, answered).items()]
        kept = [f"{_lever_label(lang, lever['path'])} {lever_value(p.spec, lever['path']):g}"
                for lever in answered.platform["levers"]]
        # (each message is looked up before it is said: the catalogue's extractor reads say's arguments)
        opening = RESPONSE_SAYS["moves" if moved else "stays"]
        parts = [i18n.say(lang, opening, words, proposal=p.name, levers="; ".join(moved or kept))]
        if answered.name in comparison.references:
            held = RESPONSE_SAYS["held"]
            parts.append(i18n.say(lang, held, words, proposal=p.name))
        if p.name in money.index and answered.name in money.index:
            before, after = money.loc[p.name], money.loc[answered.name]
            share = surviving_share(before, after) if party == "worker" else None
            says = RESPONSE_SAYS[survival_verdict(share)] if share is not None else RESPONSE_SAYS["platform"] \
                if party == "platform" else None
            values = {"before": yuan(before.change_yuan), "after": yuan(after.change_yuan),
                      "before_ci": f"[{yuan(before.ci_low)}, {yuan(before.ci_high)}]",
                      "after_ci": f"[{yuan(after.ci_low)}, {yuan(after.ci_high)}]",
                      "share": i18n.value(share or 0.0, "share", lang), "times": i18n.number(share or 0.0, lang, 1)}
            if says:
                parts.append(_sentence(i18n.say(lang, says, words, **values)))
        if party == "platform":
            out.append({"name": p.name, "parts": parts})
            continue
        gains = gains_after_response(comparison.table, p.name, keys, HIGHER_IS_BETTER)
        for verdict in ("survives", "lost", "reversed", "new loss"):
            mine = gains[gains.verdict == verdict]
            if len(mine):
                figures = ", ".join(f"{i18n.kpi_label(lang, r.kpi, words)} ({i18n.change(r.before, _unit(r.kpi), lang)}"
                                    f" → {i18n.change(r.after, _unit(r.kpi), lang)})" for r in mine.itertuples())
                parts.append(i18n.say(lang, RESPONSE_SAYS[verdict], words, figures=figures))
        out.append({"name": p.name, "parts": parts})
    return out


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lever_label(lang: str, key: str) -> str:
    """A lever's label by its path (a vehicle's levers by their concrete path), or the path itself."""
    from ridersim import _core
    found = _core.lever_at(key)
    return i18n.lever_label(lang, found) if found else key


MERCHANT_LEVERS = ("rules.commission.merchant_rate", "rules.commission.per_order_cap_yuan",
                   "rules.commission.average_cap")


def commission_notes(comparison: Comparison, lang: str) -> list[dict]:
    """Why a merchant-commission change leaves workers' pay alone where workers are paid piece rates."""
    from ridersim.reporting import lever_changes
    if comparison.baseline.pay_basis != "piece_rate":
        return []
    out = []
    for p in comparison.proposals:
        keys = [k for k, *_ in lever_changes(comparison.baseline.spec, p.spec)]
        if any(k.startswith(MERCHANT_LEVERS) for k in keys):
            out.append({"name": p.name, "text": i18n.say(
                lang, "{workers} are paid piece rates by the platform, not out of the merchant commission: a change in"
                      " the commission moves money between merchants and the platform, and changes {workers}' pay by"
                      " exactly 0 unless the platform changes their rates too.", comparison.baseline.words)})
    return out


def inactive_notes(comparison: Comparison, lang: str) -> list[dict]:
    """The rules that cannot bite in the comparison's scenarios (the baseline's own, then each
    proposal's changes), and the proposals that moved no figure at all, each with the control
    that would make it bite where there is one."""
    from ridersim import inactive
    from ridersim.schema import levers
    table = levers().set_index("key")
    found = inactive.report(comparison.baseline, comparison.proposals) + inactive.unmoved(comparison)
    return [{"name": f.proposal, "key": f.lever, "text": f.reason(lang), "control": f.control,
             "label": i18n.lever_label(lang, table.loc[f.lever]) if f.lever in table.index else f.lever}
            for f in found]


# matplotlib's pyplot is not thread-safe: one figure at a time
_PLOT_LOCK = threading.Lock()


def charts(comparison: Comparison, lang: str) -> dict:
    """The comparison's charts as embedded PNG images, labelled in the language."""
    from ridersim import plots
    from ridersim.reporting import _png
    words = comparison.baseline.words
    labels = {k: i18n.kpi_label(lang, k, words) for k in plots.DELTA_KPIS}
    axis = {"deltas_x": i18n.gettext(lang, "change against the baseline, % (bars: 95% paired interval)"),
            "earnings_x": i18n.say(lang, "net pay per online hour", words) + (" (元)" if lang == "zh" else " (yuan)"),
            "earnings_title": i18n.say(lang, "{workers}' net pay per online hour, everyone over all replications", words)}
    import matplotlib.pyplot as plt
    # Chinese labels need a CJK font; DejaVu Sans covers the rest
    fonts = {"font.family": ["DejaVu Sans", "WenQuanYi Micro Hei"]}
    with _PLOT_LOCK, plt.rc_context(fonts):
        out = {"deltas": _png(plots.kpi_deltas(comparison, labels=labels, xlabel=axis["deltas_x"])),
               "earnings": _png(plots.earnings_distribution(comparison, xlabel=axis["earnings_x"],
                                                            title=axis["earnings_title"]))}
        if {"on_time_rate", "rider_net_per_online_hour_p50"} <= set(comparison.table.kpi) and \
                comparison.table[comparison.table.kpi == "on_time_rate"].baseline_mean.notna().all():
            out["service"] = _png(plots.service_vs_earnings(
                comparison, xlabel=i18n.kpi_label(lang, "rider_net_per_online_hour_p50", words),
                ylabel=i18n.kpi_label(lang, "on_time_rate", words),
                title=i18n.gettext(lang, "Service against pay (one point per replication; ✕ their mean)")))
        return out


def _cached_charts(comparison: Comparison, lang: str, cache: dict | None) -> dict:
    if cache is None:
        return charts(comparison, lang)
    key = (id(comparison), lang)
    if key not in cache:
        cache[key] = charts(comparison, lang)
    return cache[key]


HELD_AGAINST = glossary.N_("{proposal} is held against {reference}: the same days and terms under today's rules, "
                           "so that a festival's own demand and absences are not read as the rule's effect")


def caveats(comparison: Comparison, lang: str) -> list[str]:
    """What the scenario's calibration does not vouch for, and which proposals are held against the
    baseline on other days or terms: said beside every result."""
    words = comparison.baseline.words
    return ([i18n.say(lang, HELD_AGAINST, words, proposal=name, reference=reference)
             for name, reference in comparison.references.items()] +
            [i18n.say(lang, text, words) for text in glossary.CALIBRATION_CAVEATS.get(comparison.baseline.trade, [])])


def comparison_context(comparison: Comparison, lang: str, view: str = "all", with_charts: bool = True,
                       chart_cache: dict | None = None) -> dict:
    """Everything the comparison templates need, for one language and one view. `chart_cache`, a
    dict kept by the caller, keeps the charts of a comparison once drawn (they take a second)."""
    names = [p.name for p in comparison.proposals]
    keys = view_kpis(view, comparison.baseline, comparison.table.kpi.unique())
    words = comparison.baseline.words
    return {
        "baseline": comparison.baseline.name, "baseline_description": comparison.baseline.description,
        "trade": i18n.trade(lang, comparison.baseline.trade), "proposals": names,
        "replications": len(comparison.seeds), "seed": comparison.seed, "seeds": comparison.seeds,
        "threshold": i18n.value(comparison.threshold_yuan, "yuan_h", lang), "view": view,
        "workers": i18n.words(lang, words)["workers"], "customers": i18n.words(lang, words)["customers"],
        "brief": brief(comparison, lang), "kpis": kpi_rows(comparison, lang, keys),
        "who_pays": who_pays_rows(comparison, lang), "winners": winners_rows(comparison, lang),
        "distribution": distribution_rows(comparison, lang), "rare_events": rare_event_rows(comparison, lang),
        "levers": lever_rows(comparison, lang), "caveats": caveats(comparison, lang),
        "commission_notes": commission_notes(comparison, lang), "inactive": inactive_notes(comparison, lang),
        "responses": response_notes(comparison, lang, view),
        "charts": _cached_charts(comparison, lang, chart_cache) if with_charts else {},
        "parties": PARTIES,
    }
