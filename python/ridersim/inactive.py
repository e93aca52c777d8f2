"""Changes that cannot bite: a lever set in a scenario where it can have no effect, and why.

Said before anything runs, so that a proposal is not read as "no effect" when its rule never had
a chance: a festival surcharge in a run with no festival day, a log-off later than every shift, a
lever of another trade. Each finding names the control that would make the rule bite. After a
comparison, `unmoved` adds the proposals that moved no figure at all (a cap above every
commission the run produced, for example), with what the run shows about why.
"""

from __future__ import annotations

from dataclasses import dataclass


from ridersim import schema
from ridersim.glossary import N_
from ridersim.scenario import Scenario, value_at


@dataclass(frozen=True)
class Inactive:
    proposal: str
    lever: str
    message: str          # why, a catalogue message with {placeholders}
    values: tuple = ()    # (name, value) pairs filling them
    control: str = ""     # the key that would make the lever bite, where one does

    def reason(self, lang: str = "en") -> str:
        from ridersim import i18n
        return i18n.gettext(lang, self.message).format(**dict(self.values))

    def text(self, lang: str = "en") -> str:
        from ridersim import i18n
        control = i18n.gettext(lang, N_("set {control}")).format(control=self.control) if self.control else ""
        return f"{self.proposal}: {self.lever}: {self.reason(lang)}" + (f" ({control})" if control else "")


def _lever_keys(spec: dict) -> list[str]:
    keys = []
    for key in schema.levers().key:
        if "<vehicle>" in key:
            fares = value_at(spec, "rules.fare") or {}
            keys += [key.replace("<vehicle>", v) for v in sorted(fares) if v != "sources" and isinstance(fares.get(v), dict)]
        else:
            keys.append(key)
    return keys


def changed_levers(baseline: Scenario, proposal: Scenario) -> dict[str, object]:
    """The levers whose values differ between the two scenarios, with the proposal's value."""
    base, prop = baseline.spec, proposal.spec
    return {k: value_at(prop, k) for k in _lever_keys(prop) if value_at(prop, k) != value_at(base, k)}


def _festival_days(spec: dict) -> list[int]:
    days = int(value_at(spec, "horizon.days") or 1)
    return [d for d in (value_at(spec, "world.festival_days") or []) if 0 <= d < days]


def _longest_shift_h(spec: dict) -> float:
    return max((s["end_h"] - s["start_h"] for t in value_at(spec, "riders.types") or [] for s in t.get("shifts", [])),
               default=0.0)


def _extra_h(spec: dict) -> float:
    """The most hours a worker may add past the planned day: a stopping rule other than the hours
    target, or a gate to reach, with those responses on."""
    responds = value_at(spec, "riders.labour_supply.responds")
    responds = ["login", "hours", "gates"] if responds is None else responds
    rule = value_at(spec, "riders.labour_supply.stopping_rule") or "hours_target"
    gated = _positive(value_at(spec, "rules.multiplier.share")) and _positive(value_at(spec, "rules.multiplier.min_online_h"))
    gated = gated or bool(value_at(spec, "rules.threshold_bonuses"))
    if ("hours" in responds and rule != "hours_target") or ("gates" in responds and gated):
        extra = value_at(spec, "riders.labour_supply.max_extra_h")
        return 2.0 if extra is None else float(extra)
    return 0.0


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def set_levers(scenario: Scenario) -> dict[str, object]:
    """The levers a scenario sets, with their values."""
    spec = scenario.spec
    return {k: value_at(spec, k) for k in _lever_keys(spec) if value_at(spec, k) is not None}


def before_running(baseline: Scenario, proposal: Scenario | None = None) -> list[Inactive]:
    """The levers a proposal changes (or, without one, that the baseline sets) that cannot have
    an effect in its scenario, with the reason."""
    scenario = proposal if proposal is not None else baseline
    levers = changed_levers(baseline, proposal) if proposal is not None else set_levers(baseline)
    return _cannot_bite(scenario, levers)


#: a fatigue rule past every working day: (when workers keep to the planned day, when they may stay on)
FATIGUE_MESSAGES = {
    "rules.fatigue.forced_logoff_after_h": (
        N_("logs workers off after {hours} h online, and no shift lasts longer than {longest} h"),
        N_("logs workers off after {hours} h online, and no working day lasts longer than {longest} h "
           "(the longest shift and {extra} h more)")),
    "rules.fatigue.alert_after_h": (
        N_("alerts after {hours} h online, and no shift lasts longer than {longest} h"),
        N_("alerts after {hours} h online, and no working day lasts longer than {longest} h "
           "(the longest shift and {extra} h more)")),
}


def _cannot_bite(scenario: Scenario, levers: dict[str, object]) -> list[Inactive]:
    spec, trade = scenario.spec, scenario.trade
    table = schema.levers().set_index("key")
    found = []

    def say(lever, message, control="", **values):
        found.append(Inactive(scenario.name, lever, message, tuple(values.items()), control))

    no_festival = not _festival_days(spec)
    # (a shift and the hours a worker may add past it)
    extra_h = _extra_h(spec)
    longest_day = _longest_shift_h(spec) + extra_h
    for key, value in levers.items():
        row_key = key if key in table.index else ".".join(["rules.fare.<vehicle>"] + key.split(".")[3:])
        trades = table.loc[row_key, "trades"].split() if row_key in table.index else []
        if trades and trade not in trades:
            say(key, N_("applies to {trades} only; a {trade} scenario does not use it"), trades=", ".join(trades), trade=trade)
        elif key == "world.festival_days" and value and no_festival:
            say(key, N_("names no day of the run: its last day is day {last} (the first is day 0)"), "horizon.days",
                last=format(int(value_at(spec, "horizon.days") or 1) - 1))
        elif key == "rules.pay.festival_surcharge_yuan" and _positive(value) and no_festival:
            say(key, N_("pays on festival days, and the run has none"), "world.festival_days")
        elif key in ("rules.pay.peak_fee_share", "rules.pay.peak_fee_days") and _positive(value_at(spec, "rules.pay.peak_fee_share")) \
                and value_at(spec, "rules.pay.peak_fee_days") == "festival" and no_festival:
            say(key, N_("is charged on festival days, and the run has none"), "world.festival_days")
        elif key.startswith("rules.multiplier.") and _positive(value_at(spec, "rules.multiplier.share")) \
                and value_at(spec, "rules.multiplier.days") == "festival" and no_festival:
            say(key, N_("accelerates earnings on festival days, and the run has none"), "world.festival_days")
        elif key == "rules.pay.weather_surcharge_yuan" and _positive(value) and not value_at(spec, "world.weather"):
            say(key, N_("pays during bad weather, and the run has none"), "world.weather")
        elif key == "rules.lateness.exempt_merchant_delay_min" and _positive(value) \
                and value_at(spec, "rules.lateness.sanction") in ("none", None) \
                and not _positive(value_at(spec, "rules.lateness.late_fine_yuan")):
            say(key, N_("exempts abnormal orders from lateness sanctions, and there are none"), "rules.lateness.sanction")
        elif key == "rules.promise.weather_aware" and value and _positive(value_at(spec, "rules.promise.fixed_min")):
            say(key, N_("adjusts a predicted promise, and the promise here is a fixed time"), "rules.promise.fixed_min")
        elif key == "rules.promise.weather_aware" and value and not value_at(spec, "world.weather"):
            say(key, N_("adjusts the promise for bad weather, and the run has none"), "world.weather")
        elif key in FATIGUE_MESSAGES and _positive(value) and value >= longest_day:
            planned, stretched = FATIGUE_MESSAGES[key]
            hours, longest, extra = (format(v, "g") for v in (value, longest_day, extra_h))
            say(key, stretched if extra_h else planned, "riders.types[].shifts", hours=hours, longest=longest, extra=extra)
    return found


def unmoved(comparison) -> list[Inactive]:
    """The proposals of a comparison that moved no figure in any replication, each changed lever
    named: the runs produced no job or worker its rule applies to (a cap above every commission,
    a bonus nobody qualified for)."""
    from ridersim.comparison import SAME_TERMS
    found = []
    table = comparison.table
    for proposal in comparison.proposals:
        rows = table[table.proposal == proposal.name]
        moved = rows.diff_mean.abs().fillna(0) > 0
        if moved.any():
            continue
        for key in changed_levers(comparison.baseline, proposal) or {"(no lever)": None}:
            if key in SAME_TERMS:
                found.append(Inactive(proposal.name, key, N_("is a condition, not a rule: today's rules are run on the "
                                                           "same calendar, so it moves nothing by itself; it lets the "
                                                           "rules of festivals and weather bite")))
            else:
                found.append(Inactive(proposal.name, key, N_("moved no figure in any replication: no job or worker in "
                                                           "these runs met its conditions")))
    return found


def report(baseline: Scenario, proposals: list[Scenario]) -> list[Inactive]:
    """Before running: the baseline's own levers that cannot bite, then each proposal's changes."""
    return before_running(baseline) + [finding for p in proposals for finding in before_running(baseline, p)]


__all__ = ["Inactive", "changed_levers", "set_levers", "before_running", "unmoved", "report"]
