"""Rare events measured honestly, and how long a run must be to see an effect.

Crashes are rare: a day of a district has a handful at most, so an interval over a few one-day
replications says little. Here counts are pooled over every replication and worker-day of a
scenario and given exact (Poisson, Garwood) intervals; two scenarios are compared by the exact
conditional test of their rate ratio (the proposal's share of the pooled count is binomial).

`replications_needed` answers the planning question: how many paired replications (or, for a
count, how much exposure) detect a change of a given size in a KPI at a given level and power.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: rare-event counts, the summary KPI that exposes them, and the rate they are reported per
RARE_EVENTS = {"crashes": ("orders_delivered", 1e6, "crashes_per_million_orders")}


def poisson_interval(count: float, level: float = 0.95) -> tuple[float, float]:
    """The exact (Garwood) interval of a Poisson mean from an observed count."""
    alpha = 1.0 - level
    low = 0.0 if count <= 0 else stats.chi2.ppf(alpha / 2, 2 * count) / 2
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return float(low), float(high)


@dataclass
class RateComparison:
    kpi: str
    base_count: float
    base_exposure: float
    prop_count: float
    prop_exposure: float
    per: float

    @property
    def base_rate(self) -> float:
        return self.per * self.base_count / self.base_exposure if self.base_exposure else math.nan

    @property
    def prop_rate(self) -> float:
        return self.per * self.prop_count / self.prop_exposure if self.prop_exposure else math.nan

    def rate_interval(self, which: str) -> tuple[float, float]:
        count, exposure = (self.base_count, self.base_exposure) if which == "base" else (self.prop_count, self.prop_exposure)
        low, high = poisson_interval(count)
        return self.per * low / exposure, self.per * high / exposure

    def ratio_interval(self) -> tuple[float, float]:
        """Exact interval of the rate ratio proposal / baseline, from the binomial split of the pooled count."""
        n = self.base_count + self.prop_count
        if n <= 0:
            return 0.0, math.inf
        k = self.prop_count
        p_low = 0.0 if k <= 0 else stats.beta.ppf(0.025, k, n - k + 1)
        p_high = 1.0 if k >= n else stats.beta.ppf(0.975, k + 1, n - k)
        exposure = self.base_exposure / self.prop_exposure
        to_ratio = lambda p: math.inf if p >= 1 else p / (1 - p) * exposure
        return to_ratio(p_low), to_ratio(p_high)

    def p_value(self) -> float:
        """Two-sided exact test that the rates are equal."""
        n = int(round(self.base_count + self.prop_count))
        if n == 0:
            return 1.0
        share = self.prop_exposure / (self.prop_exposure + self.base_exposure)
        return float(stats.binomtest(int(round(self.prop_count)), n, share).pvalue)


def pooled(summaries, scenario: str, kpi: str) -> tuple[float, float]:
    """(count, exposure) of a rare event pooled over a scenario's replications in a comparison."""
    exposure_kpi = RARE_EVENTS[kpi][0]
    rows = summaries[summaries.scenario == scenario]
    count = rows[rows.kpi == kpi].value.sum()
    exposure = rows[rows.kpi == exposure_kpi].value.sum()
    return float(count), float(exposure)


def rare_event_table(comparison) -> list[RateComparison]:
    """For each proposal and rare event: the pooled counts of baseline and proposal."""
    out = []
    for kpi, (_, per, _) in RARE_EVENTS.items():
        if kpi not in set(comparison.summaries.kpi):
            continue
        for p in comparison.proposals:
            # against the baseline run the proposal is held against (its festival days, its terms)
            bc, be = pooled(comparison.summaries, comparison.references.get(p.name, comparison.baseline.name), kpi)
            pc, pe = pooled(comparison.summaries, p.name, kpi)
            out.append((p.name, RateComparison(kpi, bc, be, pc, pe, per)))
    return out


def rare_event_lines(comparison) -> list[str]:
    """Each proposal's rare events pooled over the replications, with exact intervals, and whether
    the comparison was long enough to detect a 15% change (the size of the published effect of
    turning cash fines into points)."""
    lines = []
    replications = len(comparison.seeds)
    for name, rc in rare_event_table(comparison):
        b_low, b_high = rc.rate_interval("base")
        p_low, p_high = rc.rate_interval("proposal")
        r_low, r_high = rc.ratio_interval()
        high = "inf" if math.isinf(r_high) else f"{r_high:.2f}"
        line = (f"{name}, {rc.kpi} pooled over {replications} replications: {rc.base_count:.0f} vs {rc.prop_count:.0f} "
                f"({rc.base_rate:.1f} [{b_low:.1f}, {b_high:.1f}] vs {rc.prop_rate:.1f} [{p_low:.1f}, {p_high:.1f}] "
                f"per million orders, exact 95%); rate ratio [{r_low:.2f}, {high}]")
        needed = events_needed(-0.15)
        if rc.base_count < needed:
            per_replication = rc.base_count / replications
            more = f"about {needed / per_replication:,.0f} replications" if per_replication > 0 else "far longer runs"
            line += f"; too short to detect a 15% change (needs about {needed:.0f} baseline events: {more})"
            if rc.kpi.startswith("crashes"):
                line += "; expected_crashes_per_million_orders measures the crash rate the rules imply in this run"
        lines.append(line)
    return lines


def events_needed(relative_change: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """Baseline events needed to detect a rate ratio of 1 + relative_change (equal exposure in both arms)."""
    ratio = 1.0 + relative_change
    if ratio <= 0 or ratio == 1:
        raise ValueError(f"the relative change must be > -1 and not 0, got {relative_change}")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    # the log rate ratio has variance 1/events_base + 1/events_proposal
    return z ** 2 * (1 + 1 / ratio) / math.log(ratio) ** 2


#: the most replications the search counts up to; a need beyond it is answered as "more than"
SEARCH_CAP = 1_000_000


def replications_needed(differences_sd: float, change: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Paired replications to detect a mean change `change` given the SD of the paired differences:
    the smallest n >= 2 with n >= ((t_{1-alpha/2, n-1} + t_{power, n-1}) x sd / change)^2, or
    SEARCH_CAP + 1 when even SEARCH_CAP is not enough (a bound, not an answer)."""
    if change == 0:
        raise ValueError("the change to detect must not be 0")
    n = 2
    while True:
        t = stats.t.ppf(1 - alpha / 2, n - 1) + stats.t.ppf(power, n - 1)
        if n >= (t * differences_sd / change) ** 2:
            return n
        if n >= SEARCH_CAP:
            return SEARCH_CAP + 1
        n = n + 1 if n < 1000 else min(n + n // 10, SEARCH_CAP)


@dataclass
class PowerAnswer:
    kpi: str
    change: float
    pilot: int
    mean: float
    sd: float                  # of the paired differences, or the conservative unpaired bound
    paired: bool
    replications: int | None   # for a continuous KPI
    events: float | None       # for a rare event: baseline events needed
    days_per_replication: int
    worker_days_per_replication: float

    def sentence(self) -> str:
        if self.events is not None:
            per_replication = self.mean
            reps = math.ceil(self.events / per_replication) if per_replication > 0 else None
            if reps is None:
                return (f"{self.kpi}: none seen in {self.pilot} pilot replications; a change of {self.change:+g} needs "
                        f"about {self.events:.0f} baseline events: run far longer than {self.pilot} x "
                        f"{self.days_per_replication} day(s)")
            days = reps * self.worker_days_per_replication
            return (f"{self.kpi}: {per_replication:.2f} a replication; detecting a {100 * self.change:+.0f}% change at 95%/80% "
                    f"needs about {self.events:.0f} baseline events: {reps} replications of {self.days_per_replication} "
                    f"day(s), about {days:,.0f} worker-days per scenario")
        how = "paired differences" if self.paired else "the KPI itself x sqrt(2) (no proposal: a conservative bound)"
        needs = (f"more than {SEARCH_CAP:,} replications (the search stops there: a change this small against this "
                 "much noise is beyond any study)" if self.replications > SEARCH_CAP else
                 f"{self.replications} replications")
        return (f"{self.kpi}: SD of {how} {self.sd:.4g} over {self.pilot} pilot replications; detecting a change of "
                f"{self.change:+g} at 95%/80% needs {needs} of {self.days_per_replication} day(s)")


def power(baseline, kpi: str, change: float, proposal=None, pilot: int = 10, seed: int = 0,
          alpha: float = 0.05, target_power: float = 0.8) -> PowerAnswer:
    """How many replications detect a change of `change` in `kpi` (a relative change for a rare-event
    count such as "crashes": 0.15 is +15%), from a pilot of `pilot` paired replications."""
    from ridersim.comparison import replication_seeds
    from ridersim.results import run

    if pilot < 2:
        raise ValueError("the pilot needs at least 2 replications")
    seeds = replication_seeds(seed, pilot)
    base = [run(baseline, seed=s).summary for s in seeds]
    if kpi not in base[0]:
        raise KeyError(f"unknown KPI {kpi!r}; the KPIs are the keys of ridersim.run(scenario).summary")
    values = np.array([b[kpi] for b in base], dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{kpi} is not defined for this scenario (no number in {np.sum(~np.isfinite(values))} of "
                         f"{pilot} pilot runs: a share of a minimum wage it does not set, a rate of something that "
                         "never happens); no number of replications detects a change in it")
    days = int(baseline.spec["horizon"].get("days", 1))
    worker_days = float(np.mean([b["rider_days"] for b in base]))
    if kpi in RARE_EVENTS:
        return PowerAnswer(kpi, change, pilot, float(values.mean()), float("nan"), False, None,
                           events_needed(change, alpha, target_power), days, worker_days)
    if proposal is not None:
        prop = np.array([run(proposal, seed=s).summary[kpi] for s in seeds], dtype=float)
        if not np.all(np.isfinite(prop)):
            raise ValueError(f"{kpi} is not defined for the proposal {proposal.name!r} (no number in "
                             f"{np.sum(~np.isfinite(prop))} of {pilot} pilot runs)")
        sd, paired = float(np.std(prop - values, ddof=1)), True
    else:
        sd, paired = float(np.std(values, ddof=1) * math.sqrt(2)), False
    return PowerAnswer(kpi, change, pilot, float(values.mean()), sd, paired,
                       replications_needed(sd, change, alpha, target_power), None, days, worker_days)
