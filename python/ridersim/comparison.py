"""Comparing proposals with a baseline: paired replications under common random numbers.

Replication r of every scenario runs with the same seed, so the potential orders, the riders'
shifts and every other draw that the rules do not touch are identical; the paired difference
proposal - baseline then measures the rules, not the luck of the draw.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ridersim import _core
from ridersim.results import run
from ridersim.scenario import Scenario

#: KPIs where a higher value is better for the party they describe (used to colour reports). The
#: workers' shares of what others pay are splits, with no better side: each moves when the others'
#: payments move with no worker's pay changed
HIGHER_IS_BETTER = {
    "orders_delivered": True, "orders_undelivered": False, "orders_deterred": False, "ctd_mean_min": False,
    "ctd_p90_min": False, "on_time_rate": True, "late_rate": False, "violations_per_1000_orders": False,
    "crashes_per_million_orders": False, "bad_reviews_per_1000_orders": False,
    "rider_net_per_online_hour_p10": True, "rider_net_per_online_hour_p50": True,
    "rider_net_per_online_hour_p90": True, "rider_net_per_online_hour_mean": True,
    "share_rider_days_below_min_wage": False, "penalties_per_rider_day_yuan": False,
    "bonuses_per_rider_day_yuan": True, "platform_net_revenue_yuan": True, "platform_net_per_order_yuan": True,
    "worker_gross_per_online_hour_mean": True, "worker_net_after_costs_per_online_hour_mean": True,
    "worker_net_per_day_mean_yuan": True, "worker_net_per_month_mean_yuan": True, "worker_take_rate": False,
    "passenger_wait_mean_min": False, "passenger_wait_p90_min": False, "empty_km_share": False,
    "orders_lost_share": False, "time_to_acceptance_mean_min": False, "complaints_per_1000_parcels": False,
    "fines_per_courier_day_yuan": False, "pay_in_arrears_yuan": False, "share_door_deliveries": True,
    "parcels_per_courier_day": True, "share_rider_days_below_min_wage_floor_hours": False,
    "share_rider_days_over_10_online_hours": False, "injury_payouts_yuan": True, "crashes": False,
    "expected_crashes_per_million_orders": False, "expected_crashes": False,
    "share_jobs_pressed": False, "minutes_short_per_job": False,
    "service_score_mean": True,
}

#: the parties money moves between, as the summary's balance_* figures name them (the core's list)
PARTIES = list(_core.accounts())


def headline_kpis(scenario: Scenario, available=None) -> list[str]:
    """The KPIs of the scenario's trade's headline table, in order (the trade declares them in the
    core); with `available` (the KPIs a comparison has), only those, where a figure of a worker
    type the scenario does not have (the default's full-timers, "...high_frequency") stands for
    the same figure of each type it has."""
    wanted = list(scenario.headline_kpis)
    if available is None:
        return wanted
    available = list(available)
    out = []
    for kpi in wanted:
        if kpi in available:
            out.append(kpi)
        elif "." in kpi:
            stem = kpi.split(".", 1)[0] + "."
            out += [k for k in available if k.startswith(stem)]
    return list(dict.fromkeys(out))


def party_name(party: str, words: dict) -> str:
    """A party in the trade's own words: customers are passengers in ride-hailing, workers riders or drivers."""
    return {"customers": words.get("customers", "customers"), "worker": words.get("workers", "workers"),
            "platform": words.get("platform", "platform"), "pension_fund": "pension fund",
            "vehicle_costs": "vehicle costs (fuel, rent)", "station": "franchise station",
            "guarantee_fund": "wage guarantee fund"}.get(party, party)


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Run seeds of the replications, derived by hashing (seed, r): never seed + r."""
    # 53 bits, so that every seed is exact in JSON and in floating point
    return [int(np.random.SeedSequence([seed, r]).generate_state(1, np.uint64)[0]) >> 11 for r in range(replications)]


@dataclass
class Replication:
    """What a comparison keeps of one run: the summary and each rider's totals."""
    summary: dict
    riders: pd.DataFrame  # per rider id: rider_type, net_fen, online_s, orders


def _replicate(scenario: Scenario, seed: int, policy=None) -> Replication:
    results = run(scenario, seed=seed, policy=policy)
    days = results.riders
    per_rider = days.groupby("rider_id").agg(rider_type=("rider_type", "first"), net_fen=("net_fen", "sum"),
                                             online_s=("online_s", "sum"), orders=("orders", "sum"))
    return Replication(results.summary, per_rider)


@dataclass
class Comparison:
    """The outcome of `run_comparison`."""
    baseline: Scenario
    proposals: list[Scenario]
    seed: int
    seeds: list[int]
    threshold_yuan: float
    table: pd.DataFrame                     # one row per proposal x KPI
    summaries: pd.DataFrame                 # one row per scenario x replication x KPI
    rider_hourly: pd.DataFrame              # per scenario, replication, rider: net yuan per online hour
    winners: pd.DataFrame                   # per proposal and rider type: shares that gain, lose, stay
    distribution: pd.DataFrame = field(default=None)  # per scenario and rider type: percentiles
    references: dict = field(default_factory=dict)    # proposal -> the baseline run it is held against, when not the baseline


def _paired(base: np.ndarray, prop: np.ndarray) -> dict:
    from scipy import stats  # imported when first needed: it is slow to import
    diff = prop - base
    n = len(diff)
    out = {"baseline_mean": float(np.mean(base)), "proposal_mean": float(np.mean(prop)),
           "diff_mean": float(np.mean(diff)), "ci_low": np.nan, "ci_high": np.nan,
           "unpaired_ci_low": np.nan, "unpaired_ci_high": np.nan}
    if n >= 2 and np.all(np.isfinite(diff)):
        sem = stats.sem(diff)
        if sem == 0:
            out["ci_low"] = out["ci_high"] = out["diff_mean"]
        else:
            out["ci_low"], out["ci_high"] = stats.t.interval(0.95, n - 1, loc=np.mean(diff), scale=sem)
        # the interval two independent samples would give, for comparison (Welch)
        var_a, var_b = np.var(base, ddof=1) / n, np.var(prop, ddof=1) / n
        se = np.sqrt(var_a + var_b)
        if se > 0:
            dof = (var_a + var_b) ** 2 / ((var_a ** 2 + var_b ** 2) / (n - 1))
            half = stats.t.ppf(0.975, dof) * se
        else:
            half = 0.0
        out["unpaired_ci_low"], out["unpaired_ci_high"] = out["diff_mean"] - half, out["diff_mean"] + half
    out["significant"] = bool(np.isfinite(out["ci_low"]) and (out["ci_low"] > 0 or out["ci_high"] < 0))
    return out


class _CallbackProgress:
    """A progress bar that reports to a function: on_progress(done, total)."""

    def __init__(self, total: int, on_progress):
        self.total, self.n, self.on_progress = total, 0, on_progress
        on_progress(0, total)

    def update(self, n: int = 1) -> None:
        self.n += n
        self.on_progress(self.n, self.total)

    def close(self) -> None:
        pass


def _progress(total: int, enabled, desc: str = "simulating", unit: str = "run"):
    """A bar on standard error (enabled True, or None on a terminal), none (False), or, for a
    function, calls of it with (done, in all) as runs (or other units) finish."""
    if callable(enabled):
        return _CallbackProgress(total, enabled)
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm  # plain tqdm: notebooks here have no widgets
    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr)


class Cancelled(Exception):
    """A comparison stopped before its runs were done."""


class NotComparable(ValueError):
    """A proposal that is not a change of the baseline it is compared with."""


def _worker_types(scenario: Scenario) -> list[str]:
    return [t.get("name", "") for t in scenario.spec.get("riders", {}).get("types", [])]


def check_comparable(baseline: Scenario, proposals: list[Scenario]) -> None:
    """Refuses (NotComparable) a proposal of another trade, or one that shares no worker type with
    the baseline (it changes another baseline: no figure would line up). A proposal may add or
    drop types: a figure of a type only one side has is NaN in the other."""
    other = [p.name for p in proposals if p.trade != baseline.trade]
    if other:
        raise NotComparable(f"every proposal must be about the baseline's trade ({baseline.trade}); "
                            f"not so: {', '.join(other)}")
    for p in proposals:
        if not set(_worker_types(p)) & set(_worker_types(baseline)):
            raise NotComparable(f"proposal {p.name!r} has the worker types {', '.join(_worker_types(p))} and the "
                                f"baseline {baseline.name!r} {', '.join(_worker_types(baseline))}: a proposal must "
                                "change the baseline it is compared with (does it extend another file?)")


def run_comparison(baseline: Scenario, proposals: list[Scenario], replications: int = 10, seed: int | None = None,
                   jobs: int | None = None, threshold_yuan: float = 0.5, progress: bool | None = None,
                   policy=None, cancel: threading.Event | None = None, chance: bool = True,
                   before_responses: bool = False, platform_responds: bool = False,
                   held_against: dict[str, Scenario] | None = None) -> Comparison:
    """Runs the baseline and each proposal `replications` times on common seeds, in parallel.

    The result is the same for any number of jobs: every run depends only on its scenario and seed.
    `progress`: True for a bar on standard error, None for one on a terminal only, or a function
    called with (runs done, runs in all) as runs finish.
    The seed is the baseline's own unless given, as on the command line. `policy`, a dispatch
    policy written in Python (see `ridersim.run`), dispatches every scenario of the comparison.
    Setting `cancel` (a threading.Event) from another thread stops it: no queued run starts, and
    it raises Cancelled once the running ones end. `chance` (on by default) reruns the baseline with
    only the allocation of jobs redrawn, the yardstick of the winners and losers beyond chance; off,
    their *_chance_* columns are empty and a comparison runs a third fewer runs for one proposal.
    `before_responses` adds, beside each proposal, the same proposal with every response of the
    workers switched off (riders.labour_supply.responds = []), held against the baseline with none
    either: the rule's impact before workers respond beside its effect after. A proposal that sets
    festival days, weather, a number of days (or responses) is always held against the baseline on
    the same calendar (and terms).
    `platform_responds` adds, beside each proposal, the same proposal after the platform's best
    response (`ridersim.respond`), held against today's rules after the platform's best response to
    them when that differs from the baseline. `held_against` names, by proposal name, another run
    a proposal is held against instead of the baseline.
    """
    if seed is None:
        seed = baseline.seed
    if replications < 1:
        raise ValueError(f"replications must be >= 1, got {replications}")
    if not proposals:
        raise ValueError("at least one proposal is needed")
    check_comparable(baseline, proposals)
    held_against = dict(held_against or {})
    if platform_responds:
        from ridersim.response import respond_to_each
        proposals, answers = respond_to_each(baseline, proposals, replications, seed, jobs, progress)
        held_against.update(answers)
    if before_responses:
        # each proposal beside itself with every response switched off: the rule's impact before
        # workers respond, and its effect after
        proposals = [q for p in proposals for q in (p, before_responding(p, baseline.words["workers"]))]
    scenarios = [baseline] + list(proposals)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"scenario names must differ to be compared, got {names}")
    # the baseline once more with only the allocation of jobs reshuffled: how much a person's pay
    # moves by chance alone, the yardstick of winners and losers
    if chance:
        scenarios.append(chance_scenario(baseline, names))
        names.append(scenarios[-1].name)
    # a proposal tried on festival days, or with responses switched off, is held against today's
    # rules on the same days and the same terms: the festival's own demand and absences are not
    # the rule's doing
    against = [0] * len(scenarios)
    for i, p in enumerate(proposals, start=1):
        reference = held_against.get(p.name) or same_terms_baseline(baseline, p, names)
        if reference is not None:
            known = [j for j, s in enumerate(scenarios) if s.spec == reference.spec]
            if not known:
                scenarios.append(reference)
                names.append(reference.name)
            against[i] = known[0] if known else len(scenarios) - 1
    seeds = replication_seeds(seed, replications)
    jobs = jobs or os.cpu_count() or 1
    tasks = [(i, r) for r in range(replications) for i in range(len(scenarios))]
    bar = _progress(len(tasks), progress)
    results: dict[tuple[int, int], Replication] = {}
    # the engine releases the GIL, so threads run simulations side by side. Stopped (Ctrl-C, or
    # `cancel` set), no queued run starts: only those running finish, a run's time at most
    cancel = cancel or threading.Event()

    def replicate(i, r):
        if cancel.is_set():
            raise Cancelled("the comparison was stopped")
        return _replicate(scenarios[i], seeds[r], policy)

    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {pool.submit(replicate, i, r): (i, r) for i, r in tasks}
        for future in futures:
            results[futures[future]] = future.result()
            if bar:
                bar.update(1)
    except BaseException:
        cancel.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        if bar:
            bar.close()

    last = 1 + len(proposals)  # the proposals are scenarios[1:last]
    summaries = pd.DataFrame([{"scenario": names[i], "replication": r, "seed": seeds[r], "kpi": k, "value": v}
                              for (i, r), rep in sorted(results.items()) if i < last or i in against
                              for k, v in rep.summary.items()])
    kpis = list(results[(0, 0)].summary)
    rows = []
    for i in range(1, last):
        for k in kpis:
            base = np.array([results[(against[i], r)].summary.get(k, np.nan) for r in range(replications)], dtype=float)
            prop = np.array([results[(i, r)].summary.get(k, np.nan) for r in range(replications)], dtype=float)
            rows.append({"proposal": names[i], "kpi": k, **_paired(base, prop)})
    table = pd.DataFrame(rows)

    hourly = []
    for (i, r), rep in sorted(results.items()):
        riders = rep.riders[rep.riders.online_s > 0]
        hourly.append(pd.DataFrame({"scenario": names[i], "replication": r, "rider_id": riders.index,
                                    "worker": scenarios[i].worker_identities(riders.index),
                                    "rider_type_name": riders.rider_type.astype(str).to_numpy(),
                                    "net_fen": riders.net_fen.to_numpy(),
                                    "online_s": riders.online_s.to_numpy(),
                                    "net_per_online_hour": (riders.net_fen / 100 / (riders.online_s / 3600)).to_numpy()}))
    # each scenario names its own types (a proposal may reorder or add them): matched by name
    everyone = pd.concat(hourly, ignore_index=True)
    winners = _winners_and_losers(everyone, names[:last], threshold_yuan, chance=names[last] if chance else None,
                                  against={names[i]: names[against[i]] for i in range(1, last)})
    rider_hourly = everyone[everyone.scenario.isin(names[:last])].reset_index(drop=True)
    distribution = (rider_hourly.groupby(["scenario", "rider_type_name"]).net_per_online_hour
                    .describe(percentiles=[0.1, 0.5, 0.9])
                    .rename(columns={"10%": "p10", "50%": "p50", "90%": "p90"})
                    [["count", "mean", "p10", "p50", "p90"]].reset_index())
    references = {names[i]: names[against[i]] for i in range(1, last) if against[i] != 0}
    return Comparison(baseline, list(proposals), seed, seeds, threshold_yuan, table, summaries, rider_hourly,
                      winners, distribution, references)


def who_pays(comparison: "Comparison") -> pd.DataFrame:
    """For each proposal, the change in each party's money over a run (mean and 95% paired
    interval): who gains and who pays. The changes add up to zero, as the ledger does.

    The customers' change is split into spending and welfare: `on_orders_bought_yuan`, what they
    pay more or less for the orders they still buy (-(price' - price) x orders'), and
    `not_spent_yuan`, money not spent on orders given up (-price x (orders' - orders)): a lost
    purchase, not a gain. The two add up to the customers' change (means over replications)."""
    t = comparison.table.set_index(["proposal", "kpi"])
    words = comparison.baseline.words
    rows = []
    for p in comparison.proposals:
        for party in PARTIES:
            key = f"balance_{party}_yuan"
            if (p.name, key) not in t.index:
                continue
            r = t.loc[(p.name, key)]
            row = {"proposal": p.name, "party": party, "party_name": party_name(party, words),
                   "baseline_yuan": r.baseline_mean, "change_yuan": r.diff_mean, "ci_low": r.ci_low,
                   "ci_high": r.ci_high, "significant": r.significant,
                   "on_orders_bought_yuan": np.nan, "not_spent_yuan": np.nan, "orders_change": np.nan}
            if party == "customers" and (p.name, "orders_delivered") in t.index:
                orders = t.loc[(p.name, "orders_delivered")]
                price = -r.baseline_mean / orders.baseline_mean if orders.baseline_mean > 0 else 0.0
                row["orders_change"] = orders.diff_mean
                row["not_spent_yuan"] = -price * orders.diff_mean
                row["on_orders_bought_yuan"] = r.diff_mean - row["not_spent_yuan"]
            rows.append(row)
    return pd.DataFrame(rows)


def chance_scenario(baseline: Scenario, names: list[str]) -> Scenario:
    """The baseline with another allocation seed: the same demand, workers and rules, with only
    the draws that decide who gets which job (offers accepted, legs ridden in violation, crashes,
    where idle workers wait) drawn anew."""
    name = f"{baseline.name} (chance)"
    while name in names:
        name += "'"
    salt = int(baseline.spec.get("allocation_seed", 0)) + 1
    return baseline.with_changes({"allocation_seed": salt}, name=name)


#: what a comparison holds equal between a proposal and its baseline, with the value it has unset
#: the terms a proposal is held to today's rules on (the calendar and the workers' responses), with
#: the value of each where a scenario leaves it out
SAME_TERMS = {"horizon.days": 1, "world.festival_days": [], "world.weather": [],
              "riders.labour_supply.responds": ["login", "hours", "gates"]}


def _at(spec: dict, path: str):
    for key in path.split("."):
        spec = spec.get(key) if isinstance(spec, dict) else None
    return SAME_TERMS[path] if spec is None else spec


def _same(a, b) -> bool:
    """Equal terms: lists of days or responses in any order, anything else as it is."""
    if isinstance(a, list) and isinstance(b, list) and not any(isinstance(x, dict) for x in a + b):
        return sorted(a) == sorted(b)
    return a == b


def same_terms_baseline(baseline: Scenario, proposal: Scenario, names: list[str]) -> Scenario | None:
    """The baseline on the proposal's calendar (days simulated, festival days, weather) and with
    its workers' responses, where they differ from the baseline's own (else None)."""
    changes = {path: _at(proposal.spec, path) for path in SAME_TERMS
               if not _same(_at(proposal.spec, path), _at(baseline.spec, path))}
    if not changes:
        return None
    terms = []
    if "horizon.days" in changes:
        terms.append(f"{changes['horizon.days']} days")
    if "world.festival_days" in changes:
        terms.append("festival days " + ", ".join(str(d) for d in changes["world.festival_days"]))
    if "world.weather" in changes:
        days = sorted({w.get("day") for w in changes["world.weather"]})
        terms.append("weather on days " + ", ".join(map(str, days)) if days else "no bad weather")
    if "riders.labour_supply.responds" in changes:
        margins = changes["riders.labour_supply.responds"]
        terms.append("responses: " + (", ".join(margins) if margins else "none"))
    name = f"{baseline.name} ({'; '.join(terms)})"
    while name in names:
        name += "'"
    return baseline.with_changes(changes, name=name)


def before_responding(proposal: Scenario, workers: str) -> Scenario:
    """The proposal with every response of its workers switched off: the rule's impact alone."""
    return proposal.with_changes({"riders.labour_supply.responds": []}, name=f"{proposal.name}, before {workers} respond")


def _winners_and_losers(rider_hourly: pd.DataFrame, names: list[str], threshold: float,
                        chance: str | None = None, against: dict[str, str] | None = None) -> pd.DataFrame:
    """Who gains or loses more than the threshold, person by person.

    Workers are matched by a stable identity (type name and index within the type: the same
    person under both rules, on the same seeds), whatever the order or size of the types. Each
    worker's earnings are pooled over all replications (total net / total online hours) before
    comparing: a single day's allocation of jobs is partly chance, the pooled figure is what the
    rules do. Workers who work under only one of the two rules are counted as entering or leaving,
    not as winners or losers.
    """
    pooled = (rider_hourly.groupby(["scenario", "worker"])
              .agg(rider_type_name=("rider_type_name", "first"), net_fen=("net_fen", "sum"), online_s=("online_s", "sum")))
    pooled["per_hour"] = pooled.net_fen / 100 / (pooled.online_s / 3600)
    base = pooled.loc[names[0]]
    rows = []
    # what chance alone moves: each person's change when only the allocation of jobs is redrawn
    luck = pd.Series(dtype=float)
    if chance is not None and chance in pooled.index.get_level_values(0):
        placebo = base.join(pooled.loc[chance][["per_hour"]], rsuffix="_proposal", how="inner")
        luck = placebo.per_hour_proposal - placebo.per_hour
        luck_type = placebo.rider_type_name
    for name in names[1:]:
        base = pooled.loc[(against or {}).get(name, names[0])]
        proposal = pooled.loc[name] if name in pooled.index.get_level_values(0) else pooled.iloc[0:0]
        both = base.join(proposal[["per_hour"]], rsuffix="_proposal", how="inner")
        entering = proposal.index.difference(base.index)
        leaving = base.index.difference(proposal.index)
        change = both.per_hour_proposal - both.per_hour
        types = sorted(set(both.rider_type_name) | set(proposal.rider_type_name) | set(base.rider_type_name))
        for type_name, group, in_type in [("all", change, None)] + [(t, change[both.rider_type_name == t], t) for t in types]:
            n = len(group)
            enter = entering if in_type is None else [w for w in entering if proposal.loc[w, "rider_type_name"] == in_type]
            leave = leaving if in_type is None else [w for w in leaving if base.loc[w, "rider_type_name"] == in_type]
            chance_group = luck if in_type is None or not len(luck) else luck[luck_type == in_type]
            # beyond chance: past the threshold and past what 95% of the reshuffled changes reach
            low, high = ((float(chance_group.quantile(0.025)), float(chance_group.quantile(0.975)))
                         if len(chance_group) else (0.0, 0.0))
            rows.append({"proposal": name, "rider_type": type_name, "riders": n,
                         "winners_share": float((group > threshold).mean()) if n else np.nan,
                         "losers_share": float((group < -threshold).mean()) if n else np.nan,
                         "unchanged_share": float((group.abs() <= threshold).mean()) if n else np.nan,
                         "mean_change_yuan_per_h": float(group.mean()) if n else np.nan,
                         "entering": len(enter), "leaving": len(leave),
                         "chance_winners_share": float((chance_group > threshold).mean()) if len(chance_group) else np.nan,
                         "chance_losers_share": float((chance_group < -threshold).mean()) if len(chance_group) else np.nan,
                         "winners_beyond_chance_share": float((group > max(threshold, high)).mean())
                         if n and len(chance_group) else np.nan,
                         "losers_beyond_chance_share": float((group < min(-threshold, low)).mean())
                         if n and len(chance_group) else np.nan})
    return pd.DataFrame(rows)


def compare(baseline: Scenario, proposals: list[Scenario] | Scenario, replications: int = 10, seed: int | None = None,
            jobs: int | None = None, threshold_yuan: float = 0.5, progress: bool | None = False,
            policy=None) -> pd.DataFrame:
    """Paired comparison of proposals with a baseline, one row per proposal x KPI.

    Columns: proposal, kpi, baseline_mean, proposal_mean, diff_mean, ci_low, ci_high (95% paired
    t interval), unpaired_ci_low, unpaired_ci_high (what independent runs would give),
    significant (the paired interval excludes 0).
    """
    if isinstance(proposals, Scenario):
        proposals = [proposals]
    # the table alone: no winners and losers, so no chance rerun
    return run_comparison(baseline, proposals, replications, seed, jobs, threshold_yuan, progress, policy,
                          chance=False).table
