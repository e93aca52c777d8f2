"""The work budget covers dispatch: dispatch levers set inside their bounds that made a day's run
take ten minutes and more stop, with the default budget, within about a minute, with an error
naming the levers (exit 2), and nothing written."""

from conftest import ROOT, cli


def test_a_dispatch_that_explodes_stops_within_its_budget(tmp_path):
    heavy = tmp_path / "heavy.json"
    heavy.write_text('{"extends": "%s", "name": "heavy", "changes": {"rules.dispatch.policy": "bundling", '
                     '"rules.dispatch.batch_interval_s": 1, "rules.dispatch.candidates_per_order": 1000}}'
                     % (ROOT / "scenarios" / "courier" / "baseline.json"))
    done = cli("run", heavy, "--out", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert "rules.dispatch: the dispatch did more than" in done.stderr
    assert "candidates_per_order (1000)" in done.stderr and "batch_interval_s (1)" in done.stderr
    assert "raise budget.dispatch_work_per_job" in done.stderr
    assert not (tmp_path / "out").exists()
