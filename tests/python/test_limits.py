"""The work budget: a scenario that asks for more than a run can hold is refused before it runs."""

import json

import pytest

import ridersim
from conftest import ROOT, cli


def test_riders_summed_past_32_bits_are_refused_naming_the_key(baseline, tmp_path):
    # five types of 10 million riders with a free-entry pool 100 times larger: 5e9 workers
    spec = baseline.spec
    spec["riders"]["types"] = [dict(spec["riders"]["types"][0], name=f"t{i}", count=10_000_000) for i in range(5)]
    spec["riders"]["labour_supply"].update(free_entry=True, max_pool_factor=100)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(spec))
    for command in ("validate", "run"):
        done = cli(command, path, "--out", tmp_path / "out") if command == "run" else cli(command, path)
        assert done.returncode == 2, done.stderr
        assert "riders.types" in done.stderr and "5e+09 workers" in done.stderr and "budget.max_workers" in done.stderr
    assert not (tmp_path / "out").exists()


def test_too_many_jobs_are_refused_and_the_budget_can_be_raised(baseline):
    with pytest.raises(ridersim.ScenarioError, match=r"demand: the run would draw about .* jobs .*budget.max_jobs"):
        baseline.with_changes({"demand.orders_per_hour": [1e7] * 24})
    with pytest.raises(ridersim.ScenarioError, match="budget.max_jobs"):
        baseline.with_changes({"horizon.days": 3650, "demand.orders_per_hour": [2e4] * 24})
    raised = baseline.spec
    with pytest.raises(ridersim.ScenarioError, match=r"budget.max_jobs: expected a number >= 1 and <= 1e\+09"):
        ridersim.Scenario.from_dict(dict(raised, budget={"max_jobs": 2e9}))
    ok = ridersim.Scenario.from_dict(dict(raised, budget={"max_jobs": 1e9}))
    assert ok.name == baseline.name
