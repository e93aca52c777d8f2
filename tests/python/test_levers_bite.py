"""Every lever the shipped proposals change either moves some figure beyond chance or is said to be
unable to bite: no rule a user can set silently does nothing."""

import pytest

import ridersim
from ridersim import inactive
from ridersim.comparison import SAME_TERMS, run_comparison
from ridersim.scenario import value_at
from conftest import ROOT

PROPOSALS = sorted((ROOT / "scenarios").glob("**/proposals/*.json"))


def _baseline_of(path):
    return ridersim.Scenario.load(path.parent.parent / "baseline.json")


def _without(proposal, key, value):
    """The proposal with one lever back at the baseline's value (absent where the baseline has
    none); the baseline itself where the lever cannot go alone (a floor needs its amount)."""
    import copy
    spec = copy.deepcopy(proposal.spec)
    *parents, last = key.split(".")
    node = spec
    for part in parents:
        node = node[part]
    if value is None:
        del node[last]
    else:
        node[last] = value
    spec["name"] = "without"
    try:
        return ridersim.Scenario.from_dict(spec)
    except ValueError:
        return None


@pytest.mark.parametrize("path", PROPOSALS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_each_changed_lever_moves_a_figure_or_is_said_inactive(path):
    baseline, proposal = _baseline_of(path), ridersim.Scenario.load(path)
    levers = inactive.changed_levers(baseline, proposal)
    assert levers, "a proposal changes at least one lever"
    said = {f.lever for f in inactive.before_running(baseline, proposal)}
    # the calendar (festival days, weather, days) is a condition both sides are run on, not a rule:
    # that it moves nothing by itself, and says so, is tested with the comparison
    for key in [k for k in levers if k not in SAME_TERMS]:
        # the proposal against itself without this one lever: what the lever adds to the rest
        without = _without(proposal, key, value_at(baseline.spec, key)) or baseline
        comparison = run_comparison(without, [proposal], replications=4, progress=False, chance=False)
        moved = bool(comparison.table.significant.any())
        said_after = {f.lever for f in inactive.unmoved(comparison)}
        assert moved or key in said or key in said_after, f"{key} of {path.name} moved nothing and was not said inactive"
