"""The platform's best response to a rule: the settings of the levers it controls that maximise its
objective under the proposal's rules (a Stackelberg view: the rule is signed, the platform moves).

The levers, their bounds and the objective are data: a scenario's ``platform`` block. Every
setting tried is run on the same seeds (common random numbers), so the objective is a
deterministic function of the levers and two settings differ by what they do, not by luck. The
search is a coarse scan of each lever from the starting point, then Nelder-Mead (scipy) from the
best setting found, in coordinates scaled to each lever's range, to a tolerance on the levers
(`lever_tolerance`, a share of each range) and on the objective (`tolerance`, a share of it).

The objective of one run, a day, is
    (net revenue + value_per_job_yuan x jobs delivered) x (price / today's price) ^ rival_elasticity
where price is the customer's mean price per job and today's is the reference run's (the same
seed under today's rules): the share of its market the platform keeps when its price moves away
from its rivals', who are held at today's. A setting that loses more than `max_lost_share` of its
jobs, or delivers fewer than `min_jobs_share` of today's jobs, is infeasible.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ridersim import _core
from ridersim.results import run
from ridersim.scenario import Scenario, value_at

class RespondError(ValueError):
    """A best response that cannot be asked: no platform levers, or a lever the rule itself fixes."""


@dataclass(frozen=True)
class Objective:
    """What the platform maximises (see the module's docstring); a scenario's platform.objective."""
    value_per_job_yuan: float = 0.0
    rival_elasticity: float = 0.0
    max_lost_share: float = 1.0
    min_jobs_share: float = 0.0
    exit_below_yuan_per_day: float = 0.0

    @classmethod
    def of(cls, scenario: Scenario, **overrides) -> "Objective":
        given = dict(scenario.platform["objective"])
        unknown = set(overrides) - set(given)
        if unknown:
            raise RespondError(f"unknown objective terms: {', '.join(sorted(unknown))}; allowed: {', '.join(given)}")
        given.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**given)

    def per_run(self, summary: dict, reference: dict, days: int) -> tuple[float, float]:
        """(the objective a day, how far it is from feasible: 0 when feasible) of one run held
        against the reference run on the same seed."""
        jobs = summary["orders_delivered"]
        value = (summary["platform_net_revenue_yuan"] + self.value_per_job_yuan * jobs) / days
        price, today = summary["customer_fee_mean_yuan"], reference["customer_fee_mean_yuan"]
        if self.rival_elasticity and price > 0 and today > 0:
            value *= (price / today) ** self.rival_elasticity
        shortfall = max(0.0, summary["orders_lost_share"] - self.max_lost_share)
        if reference["orders_delivered"] > 0:
            shortfall += max(0.0, self.min_jobs_share - jobs / reference["orders_delivered"])
        return value, shortfall


@dataclass
class Setting:
    """One setting of the platform's levers, run on every seed."""
    values: tuple[float, ...]
    objective: np.ndarray   # per replication, yuan a day
    shortfall: float        # mean distance from feasible (0: feasible)
    summaries: list[dict]

    @property
    def mean(self) -> float:
        return float(np.mean(self.objective))

    @property
    def score(self) -> float:
        """What the search maximises: the objective, or, when infeasible, far below any feasible one."""
        return self.mean if self.shortfall <= 0 else -1e12 * (1.0 + self.shortfall)


@dataclass
class BestResponse:
    """The platform's best response to one scenario's rules."""
    scenario: Scenario            # the rules with the platform's levers at their best
    paths: list[str]
    start: Setting
    best: Setting
    tried: list[Setting]
    ranges: pd.DataFrame          # per lever: start, best, low, high (settings as good as the best), bounds
    gain_ci: tuple[float, float]  # 95% paired interval of best - start, yuan a day
    exits: bool                   # even at its best the objective is below the floor

    @property
    def moved(self) -> bool:
        """Whether the best setting is better than the start beyond chance and the tolerance."""
        return bool(self.ranges.moved.any())

    def table(self) -> pd.DataFrame:
        """Every setting tried, with its objective: one row each."""
        return pd.DataFrame([{**dict(zip(self.paths, s.values)), "objective_yuan_per_day": s.mean,
                              "feasible": s.shortfall <= 0} for s in self.tried])


def lever_value(spec: dict, path: str) -> float:
    """A numeric lever's value in a scenario: its own, or, where the scenario leaves it out, its
    default, or off (0) for one of a block left out."""
    value = value_at(spec, path)
    return value if value is not None else (_core.lever_at(path) or {}).get("default") or 0.0


def search_bound(levers: int, max_evaluations: int = 60) -> int:
    """The most settings `best_response` runs for so many levers: the start, the scan of each lever
    (or `max_evaluations`, whichever is more) and the tidied setting."""
    return max(max_evaluations, 5 * levers + 2) + 1


def platform_levers(baseline: Scenario, proposal: Scenario | None = None, only: list[str] | None = None) -> list[dict]:
    """The levers the platform may move: those of the (proposal's) platform block, or only those
    named in `only`, less those the proposal's rules set to other values than today's (an
    agreement binds them)."""
    scenario = proposal or baseline
    levers = list(scenario.platform["levers"])
    if only:
        known = {lever["path"]: lever for lever in levers}
        missing = [p for p in only if p not in known]
        if missing:
            raise RespondError(f"not a platform lever of {scenario.name!r}: {', '.join(missing)}; its platform levers: "
                               f"{', '.join(known) or 'none (set platform.levers in the scenario)'}")
        levers = [known[p] for p in only]
    if not levers:
        raise RespondError(f"{scenario.name!r} gives the platform no lever to move: set platform.levers "
                           "(docs/scenario.md; the courier baseline has none, as the brand's revenue is not modelled)")
    free = [lever for lever in levers if value_at(scenario.spec, lever["path"]) == value_at(baseline.spec, lever["path"])]
    if not free:
        raise RespondError(f"the proposal {scenario.name!r} sets every lever the platform could move "
                           f"({', '.join(lever['path'] for lever in levers)}); nothing is left to respond with")
    return free


def _evaluate(scenario: Scenario, paths: list[str], values: tuple[float, ...], seeds: list[int],
              references: list[dict], objective: Objective, pool: ThreadPoolExecutor) -> Setting:
    setting = scenario.with_changes(dict(zip(paths, values))) if paths else scenario
    summaries = list(pool.map(lambda s: run(setting, seed=s).summary, seeds))
    pairs = [objective.per_run(s, r, int(setting.spec["horizon"]["days"])) for s, r in zip(summaries, references)]
    return Setting(values, np.array([v for v, _ in pairs]), float(np.mean([g for _, g in pairs])), summaries)


def _paired_interval(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """95% paired t interval of mean(b - a), as a comparison computes it; with one replication,
    the difference itself."""
    from ridersim.comparison import _paired
    r = _paired(a, b)
    if not np.isfinite(r["ci_low"]):
        return r["diff_mean"], r["diff_mean"]
    return float(r["ci_low"]), float(r["ci_high"])


def best_response(scenario: Scenario, levers: list[dict], seeds: list[int], references: list[dict],
                  objective: Objective, start: dict | None = None, tolerance: float = 0.005,
                  lever_tolerance: float = 0.01, max_evaluations: int = 60, jobs: int | None = None,
                  on_setting=None) -> BestResponse:
    """The setting of `levers` that maximises the objective under the scenario's rules.

    `references`: per seed, the summary of the run under today's rules that prices and jobs are held
    against. `start`: where the search begins (path -> value; default the scenario's own values).
    `on_setting`, a function of no arguments, is called as each new setting has been run (at most
    `search_bound` times).
    """
    from scipy.optimize import minimize

    paths = [lever["path"] for lever in levers]
    low = np.array([lever["min"] for lever in levers], dtype=float)
    span = np.array([lever["max"] for lever in levers], dtype=float) - low
    first = [float((start or {}).get(p, lever_value(scenario.spec, p))) for p in paths]
    first_u = np.clip((np.array(first) - low) / span, 0.0, 1.0)
    tried: dict[tuple, Setting] = {}
    pool = ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1)

    def values_of(u) -> tuple[float, ...]:
        # settings on a grid of a thousandth of each range: a value people can write, and a cache key
        u = np.clip(np.round(np.asarray(u, dtype=float), 3), 0.0, 1.0)
        return tuple(float(x) for x in np.round(low + u * span, 6))

    def evaluate(u) -> Setting:
        key = values_of(u)
        if key not in tried:
            tried[key] = _evaluate(scenario, paths, key, seeds, references, objective, pool)
            if on_setting:
                on_setting()
        return tried[key]

    try:
        start_setting = evaluate(first_u)
        # a coarse scan of each lever alone, from the start: finds the hill Nelder-Mead then climbs
        best_u = first_u.copy()
        for i in range(len(paths)):
            for x in np.linspace(0.0, 1.0, 5):
                u = best_u.copy()
                u[i] = x
                if evaluate(u).score > evaluate(best_u).score:
                    best_u = u
        simplex = [best_u] + [np.clip(best_u + np.where(np.arange(len(paths)) == i, 0.1 if best_u[i] <= 0.9 else -0.1, 0.0),
                                      0.0, 1.0) for i in range(len(paths))]
        scale = max(abs(start_setting.mean), 1.0)
        minimize(lambda u: -evaluate(u).score / scale, best_u, method="Nelder-Mead",
                 bounds=[(0.0, 1.0)] * len(paths),
                 options={"initial_simplex": np.array(simplex), "xatol": lever_tolerance, "fatol": tolerance,
                          "maxfev": max(1, max_evaluations - len(tried))})
        top = max(tried.values(), key=lambda s: s.score)

        def as_good(s: Setting) -> bool:
            """Feasible, and not worse than the best found beyond chance or the tolerance."""
            return s.shortfall <= 0 and (_paired_interval(top.objective, s.objective)[1] >= 0 or
                                         top.mean - s.mean <= tolerance * max(abs(top.mean), 1.0))

        # the platform moves no lever it gains nothing by moving: each lever whose settings as good
        # as the best include its start goes back to it, if the setting stays as good
        good = [s for s in tried.values() if as_good(s)] or [top]
        tidy = tuple(start_setting.values[i] if min(s.values[i] for s in good) <= start_setting.values[i] <=
                     max(s.values[i] for s in good) else top.values[i] for i in range(len(paths)))
        if tidy != top.values:
            tidy_u = (np.array(tidy) - low) / span
            evaluate(tidy_u)
    finally:
        pool.shutdown(wait=True)
    settings = list(tried.values())
    good = [s for s in settings if as_good(s)] or [top]
    tidied = tried.get(values_of((np.array(tidy) - low) / span))
    best = tidied if tidied is not None and as_good(tidied) else top
    gain = _paired_interval(start_setting.objective, best.objective)
    rows = []
    for i, (p, lever) in enumerate(zip(paths, levers)):
        near = [s.values[i] for s in good]
        rows.append({"lever": p, "start": start_setting.values[i], "best": best.values[i], "low": min(near),
                     "high": max(near), "min": lever["min"], "max": lever["max"],
                     "moved": best.values[i] != start_setting.values[i],
                     # every setting tried along its whole range was as good: it moves nothing here
                     "flat": min(near) <= lever["min"] and max(near) >= lever["max"]})
    ranges = pd.DataFrame(rows)
    chosen = scenario.with_changes(dict(zip(paths, best.values)), name=f"{scenario.name}, after the platform responds")
    exits = best.shortfall > 0 or best.mean < objective.exit_below_yuan_per_day
    return BestResponse(chosen, paths, start_setting, best, settings, ranges, gain, exits)


@dataclass
class Response:
    """The outcome of `respond`: the platform's best response to today's rules and to the
    proposal's, and the comparison of the proposal before and after it responds."""
    baseline: Scenario
    proposal: Scenario
    objective: Objective
    today: BestResponse           # the platform's best response to today's rules (the self-check)
    after: BestResponse           # its best response to the proposal's rules
    comparison: object            # ridersim.comparison.Comparison: the proposal before and after
    exit_at: dict | None = None   # when it exits: the rule values from which it would
    seeds: list[int] = field(default_factory=list)

    @property
    def baseline_is_best(self) -> bool:
        """Whether today's levers are the platform's best response to today's rules (within the tolerance)."""
        return not self.today.moved

    def settings(self) -> pd.DataFrame:
        """Every setting the searches tried, under today's rules and under the proposal's (`rules`)."""
        return pd.concat([self.today.table().assign(rules="today"),
                          self.after.table().assign(rules=self.proposal.name)], ignore_index=True)

    def levers(self) -> pd.DataFrame:
        """Per lever: today's value, the platform's best under today's rules and under the proposal,
        with the range of settings as good as each best."""
        t, a = self.today.ranges.set_index("lever"), self.after.ranges.set_index("lever")
        return pd.DataFrame({"today": t.start, "best_today": t.best, "best_today_low": t.low, "best_today_high": t.high,
                             "after": a.best, "after_low": a.low, "after_high": a.high, "min": t["min"],
                             "max": t["max"]}).reset_index()


#: how much of a gain survives the platform's response, in words (the workspace says them in its language)
SURVIVAL_WORDS = {"none": "none of it survives: they end worse off than under today's rules",
                  "part": "{share:.0%} of it survives",
                  "more": "they gain {share:.1f} times as much after it (a higher price pays them more)"}


def surviving_share(before, after) -> float | None:
    """The share of a party's money gain beyond chance (a row of `who_pays`) that is left after the
    platform's response; None when there was no gain beyond chance to keep."""
    if not before["ci_low"] > 0:
        return None
    return float(after["change_yuan"] / before["change_yuan"])


def survival_verdict(share: float) -> str:
    """"none" (the gain turns into a loss), "part" (some or all of it is kept) or "more"."""
    return "none" if share < 0 else "part" if share <= 1 else "more"


def gains_after_response(table: pd.DataFrame, name: str, kpis: list[str], higher_is_better: dict) -> pd.DataFrame:
    """Per figure of `kpis` that the proposal `name` improves beyond chance, or that only its
    response worsens beyond chance: its change before and after the platform's response, and
    whether the gain survives ("survives": still better beyond chance, "lost": no longer beyond
    chance, "reversed": worse beyond chance) or a loss appears ("new loss"). `table` is a
    comparison's KPI table (proposal, kpi, diff_mean, ci_low, ci_high, significant)."""
    t = table.set_index(["proposal", "kpi"])
    after_name = responded_name(name)
    rows = []
    for kpi in kpis:
        better = higher_is_better.get(kpi.partition(".")[0])
        if better is None or (name, kpi) not in t.index or (after_name, kpi) not in t.index:
            continue
        a, b = t.loc[(name, kpi)], t.loc[(after_name, kpi)]
        good = lambda r: bool(r.significant) and (r.diff_mean > 0) == better  # noqa: E731
        bad = lambda r: bool(r.significant) and (r.diff_mean > 0) != better  # noqa: E731
        if good(a):
            verdict = "survives" if good(b) else "reversed" if bad(b) else "lost"
        elif bad(b) and not bad(a):
            verdict = "new loss"
        else:
            continue
        rows.append({"kpi": kpi, "before": a.diff_mean, "before_low": a.ci_low, "before_high": a.ci_high,
                     "after": b.diff_mean, "after_low": b.ci_low, "after_high": b.ci_high, "verdict": verdict})
    return pd.DataFrame(rows, columns=["kpi", "before", "before_low", "before_high", "after", "after_low",
                                       "after_high", "verdict"])


def responded_name(name: str) -> str:
    """The name of a proposal after the platform's best response to it."""
    return f"{name}, after the platform responds"


def respond(baseline: Scenario, proposal: Scenario, levers: list[str] | None = None, objective: dict | None = None,
            replications: int = 4, seed: int | None = None, jobs: int | None = None, tolerance: float = 0.005,
            max_evaluations: int = 60, find_exit: bool = True, progress: bool | None = False) -> Response:
    """The platform's best response to a proposal, holding the proposal's rules fixed.

    The platform moves the levers of the proposal's `platform` block (or only those named in
    `levers`) that the proposal does not set itself, to maximise its objective (the block's, with
    `objective` overriding terms of it). The search starts from the platform's best response to
    today's rules, found first: when that differs from today's levers beyond the tolerance, the
    baseline is not its own best response and the proposal after the response is held against
    today's rules after the response. When even its best falls below the objective's exit floor,
    the platform exits or scales down, and (`find_exit`) the rule values from which it would are
    found by bisection between today's rules and the proposal's. `progress` as `run_comparison`'s,
    counting the settings of the two searches, then the runs.
    """
    from ridersim.comparison import check_comparable, replication_seeds, run_comparison

    check_comparable(baseline, [proposal])
    if replications < 2:
        raise RespondError(f"replications must be >= 2 for an interval, got {replications}")
    if not 0 <= tolerance < 1:
        raise RespondError(f"tolerance must be a share of the objective >= 0 and < 1, got {tolerance}")
    seed = baseline.seed if seed is None else seed
    aim = Objective.of(proposal, **(objective or {}))
    chosen = platform_levers(baseline, proposal, levers)
    seeds = replication_seeds(seed, replications)
    settings = dict(tolerance=tolerance, max_evaluations=max_evaluations, jobs=jobs)
    known: dict = {}
    with _settings_counted(2 * search_bound(len(chosen), max_evaluations), progress) as on_setting:
        today, after, responded, held = _answer(baseline, proposal, chosen, seeds, aim,
                                                {**settings, "on_setting": on_setting}, known)
    comparison = run_comparison(baseline, [proposal, responded], replications=replications, seed=seed, jobs=jobs,
                                chance=False, held_against=held, progress=progress)
    exit_at = None
    if after.exits and not today.exits and find_exit:
        references = known["references"][_today_rules(baseline, proposal).to_json()]
        exit_at = _exit_point(baseline, proposal, chosen, seeds, references, aim, settings)
    return Response(baseline, proposal, aim, today, after, comparison, exit_at, seeds)


def _today_rules(baseline: Scenario, proposal: Scenario) -> Scenario:
    """Today's rules on the proposal's terms: its festival days and its workers' responses, where
    they differ from the baseline's (the festival's own demand is not the rule's doing)."""
    from ridersim.comparison import same_terms_baseline
    return same_terms_baseline(baseline, proposal, [baseline.name, proposal.name]) or baseline


def _answer(baseline: Scenario, proposal: Scenario, levers: list[dict], seeds: list[int], aim: Objective,
            settings: dict, known: dict) -> tuple[BestResponse, BestResponse, Scenario, dict]:
    """The platform's best response to today's rules, on the proposal's terms, and to the
    proposal's, started from the first; the proposal after it; and, where today's levers are not
    the platform's best, the run it is held against. `known` keeps the runs of today's rules and
    their best responses for other proposals on the same terms."""
    today_rules = _today_rules(baseline, proposal)
    text = today_rules.to_json()
    references = known.setdefault("references", {})
    if text not in references:
        references[text] = _references(today_rules, seeds, settings.get("jobs"))
    key = (text, tuple(lever["path"] for lever in levers), aim)
    todays = known.setdefault("todays", {})
    if key not in todays:
        todays[key] = best_response(today_rules, levers, seeds, references[text], aim, **settings)
    today = todays[key]
    after = best_response(proposal, levers, seeds, references[text], aim, start=dict(zip(today.paths, today.best.values)),
                          **settings)
    responded = after.scenario.with_changes({}, name=responded_name(proposal.name))
    held = {responded.name: today.scenario.with_changes({}, name=f"{today_rules.name}, after the platform responds")} \
        if today.moved else {}
    return today, after, responded, held


def _references(baseline: Scenario, seeds: list[int], jobs: int | None) -> list[dict]:
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        return list(pool.map(lambda s: run(baseline, seed=s).summary, seeds))


def _numeric_changes(baseline: Scenario, proposal: Scenario) -> dict[str, tuple[float, float]]:
    """The numeric values the proposal changes: path -> (today's, the proposal's)."""
    out = {}

    def walk(a, b, path):
        if isinstance(b, dict):
            for key, value in b.items():
                if key != "sources":
                    walk(a.get(key) if isinstance(a, dict) else None, value, f"{path}.{key}" if path else key)
        elif isinstance(b, (int, float)) and not isinstance(b, bool) and b != a:
            out[path] = (float(a) if isinstance(a, (int, float)) else 0.0, float(b))

    walk(baseline.spec, proposal.spec, "")
    out.pop("name", None)
    return out


def _exit_point(baseline: Scenario, proposal: Scenario, levers: list[dict], seeds: list[int], references: list[dict],
                aim: Objective, settings: dict, steps: int = 4) -> dict | None:
    """The rule values, on the way from today's rules to the proposal's, from which the platform's
    best response no longer keeps it in (bisection on the share of the way, `steps` halvings)."""
    changes = _numeric_changes(baseline, proposal)
    if not changes:
        return None
    stays, leaves = 0.0, 1.0
    quick = {**settings, "max_evaluations": max(10, settings["max_evaluations"] // 2)}
    for _ in range(steps):
        t = (stays + leaves) / 2
        between = proposal.with_changes({p: a + t * (b - a) for p, (a, b) in changes.items()})
        if best_response(between, levers, seeds, references, aim, **quick).exits:
            leaves = t
        else:
            stays = t
    return {p: round(a + leaves * (b - a), 6) for p, (a, b) in changes.items()}


def respond_to_each(baseline: Scenario, proposals: list[Scenario], replications: int, seed: int,
                    jobs: int | None, progress=False) -> tuple[list[Scenario], dict[str, Scenario]]:
    """Each proposal beside itself after the platform's best response, and the runs each responded
    proposal is held against (today's rules after the platform's own best response, where that
    differs from today's levers). `progress` as `run_comparison`'s, counting settings tried
    against the most the searches could try."""
    from ridersim.comparison import replication_seeds
    seeds = replication_seeds(seed, max(2, replications))
    chosen = [platform_levers(baseline, p) for p in proposals]
    # today's rules are searched once for each set of terms and levers, then each proposal
    todays = {(_today_rules(baseline, p).to_json(), tuple(lever["path"] for lever in levers))
              for p, levers in zip(proposals, chosen)}
    most = sum(search_bound(len(paths)) for _, paths in todays) + sum(search_bound(len(levers)) for levers in chosen)
    out, held, known = [], {}, {}
    with _settings_counted(most, progress) as on_setting:
        for p, levers in zip(proposals, chosen):
            *_, responded, against = _answer(baseline, p, levers, seeds, Objective.of(p),
                                             {"jobs": jobs, "on_setting": on_setting}, known)
            out += [p, responded]
            held.update(against)
    return out, held


@contextmanager
def _settings_counted(most: int, progress):
    """A progress bar of the settings searches try, against the most they could (`progress` as
    `run_comparison`'s): yields the function to call per setting (None without a bar), and fills
    the bar when the searches end before their most."""
    from ridersim.comparison import _progress
    bar = _progress(most, progress, "the platform's answer", "setting")
    try:
        yield bar.update if bar else None
        if bar:
            bar.update(bar.total - bar.n)
    finally:
        if bar:
            bar.close()


def _interval(low: float, high: float) -> str:
    return f"[{low:+,.0f}, {high:+,.0f}]"


def _setting_text(best: BestResponse) -> str:
    parts = []
    for row in best.ranges.itertuples():
        near = f" (as good: {row.low:g} to {row.high:g})" if row.low != row.high else ""
        parts.append(f"{row.lever} {row.best:g}{near}")
    return "; ".join(parts)


def summary_lines(response: Response) -> list[str]:
    """The response in plain words: the self-check, the levers moved, who gains and pays before and
    after, whether the workers' gain survives, and the platform's participation."""
    from ridersim.comparison import who_pays
    aim, today, after = response.objective, response.today, response.after
    lines = [f"the platform moves {', '.join(today.paths)}; it maximises net revenue a day"
             + (f" + {aim.value_per_job_yuan:g} yuan a job" if aim.value_per_job_yuan else "")
             + (f", keeping a share of the market at (price / today's)^{aim.rival_elasticity:g}" if aim.rival_elasticity else "")
             + (f", losing at most {aim.max_lost_share:.0%} of jobs" if aim.max_lost_share < 1 else "")
             + (f", keeping at least {aim.min_jobs_share:.0%} of today's jobs" if aim.min_jobs_share > 0 else "")
             + f"; {len(response.seeds)} paired replications a setting"]
    if response.baseline_is_best:
        lines.append(f"today's rules: today's levers are the platform's best response within the tolerance "
                     f"(best found {_setting_text(today)}; {today.best.mean:,.0f} against {today.start.mean:,.0f} "
                     f"yuan a day, gain {_interval(*today.gain_ci)})")
    else:
        lines.append(f"today's rules: today's levers are NOT the platform's best response: it would set {_setting_text(today)}, "
                     f"{today.best.mean - today.start.mean:+,.0f} yuan a day {_interval(*today.gain_ci)}; the proposal after "
                     "its response is held against today's rules after the same response")
    lines.append(f"{response.proposal.name}: the platform's best response is {_setting_text(after)}, "
                 f"{after.best.mean:,.0f} yuan a day (before it responds {after.start.mean:,.0f}, "
                 f"gain {_interval(*after.gain_ci)})")
    pays = who_pays(response.comparison)
    responded = responded_name(response.proposal.name)
    words = response.baseline.words
    for name in (response.proposal.name, responded):
        rows = pays[(pays.proposal == name) & (pays.change_yuan.abs() >= 0.005)]
        parts = [f"{r.party_name} {r.change_yuan:+,.0f} {_interval(r.ci_low, r.ci_high)}" for r in rows.itertuples()]
        lines.append(f"who pays, {name} (yuan a run): " + (", ".join(parts) or "nothing moves"))
    workers = pays[pays.party == "worker"].set_index("proposal")
    if response.proposal.name in workers.index and responded in workers.index:
        before, after_gain = workers.loc[response.proposal.name], workers.loc[responded]
        share = surviving_share(before, after_gain)
        if share is not None:
            verdict = SURVIVAL_WORDS[survival_verdict(share)].format(share=share)
            lines.append(f"{words['workers']}' gain: {before.change_yuan:+,.0f} {_interval(before.ci_low, before.ci_high)} "
                         f"before the response, {after_gain.change_yuan:+,.0f} {_interval(after_gain.ci_low, after_gain.ci_high)} "
                         f"after: {verdict}")
    if today.exits:
        lines.append(f"participation: even under today's rules the platform makes {today.best.mean:,.0f} yuan a day at its "
                     f"best, below its floor of {aim.exit_below_yuan_per_day:,.0f}: the floor does not describe this city")
    elif after.exits:
        where = ("; it would from " + ", ".join(f"{p} = {v:g}" for p, v in response.exit_at.items())
                 if response.exit_at else "")
        lines.append(f"participation: even at its best the platform makes {after.best.mean:,.0f} yuan a day, below its floor "
                     f"of {aim.exit_below_yuan_per_day:,.0f}: it would exit or scale down{where}")
    else:
        lines.append(f"participation: the platform stays ({after.best.mean:,.0f} yuan a day at its best, floor "
                     f"{aim.exit_below_yuan_per_day:,.0f})")
    return lines
