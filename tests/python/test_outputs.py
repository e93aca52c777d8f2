"""Checked writes: an output that cannot be written is an error naming the file, never a partial
file under its final name, and never reported as written."""

import json
import subprocess

import pytest

from conftest import ROOT, cli

BASELINE = ROOT / "scenarios" / "baseline.json"
FILES = ["summary.json", "orders.csv", "riders.csv", "ledger.csv"]


def test_a_folder_in_the_way_is_an_error_naming_the_file(tmp_path):
    out = tmp_path / "out"
    (out / "orders.csv").mkdir(parents=True)
    done = cli("run", BASELINE, "--out", out)
    assert done.returncode == 1
    assert "cannot write" in done.stderr and "orders.csv" in done.stderr
    assert "wrote" not in done.stdout
    assert sorted(p.name for p in out.iterdir()) == ["orders.csv"]  # nothing of the run beside it
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def mounted_tmpfs(folder, options):
    """A tmpfs at `folder` (needs root, as the tests run here and in CI), unmounted after use."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB disk."""
    yield from mounted_tmpfs(tmp_path / "disk", "size=2m")


def test_a_full_disk_fails_with_exit_1_and_leaves_no_partial_file(small_disk, tmp_path):
    reference = tmp_path / "reference"
    assert cli("run", BASELINE, "--out", reference).returncode == 0
    assert sum((reference / f).stat().st_size for f in FILES) > 2 * 1024 * 1024  # does not fit
    out = small_disk / "run"
    done = cli("run", BASELINE, "--out", out)
    assert done.returncode == 1, done.stderr
    assert "cannot write" in done.stderr and "No space left on device" in done.stderr
    assert "wrote" not in done.stdout
    assert str(out) in done.stderr  # the folder asked for, not the one written beside it
    # none of the run's files: a set missing its ledger would look complete
    assert not out.exists() or list(out.iterdir()) == []
    assert [p.name for p in small_disk.iterdir()] == []


def test_an_interrupted_write_of_a_run_leaves_none_of_its_files(tmp_path):
    """Writing stops part-way (a file-size limit stands in for a full disk): no file of the run is
    left, where before the first files were and the rest were not."""
    import os
    import resource
    import signal

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # the summary fits, the orders do not
    out = tmp_path / "run"
    done = subprocess.run(["/usr/bin/python3", "-m", "ridersim", "run", str(ROOT / "tests" / "data" / "small-city.json"),
                           "--out", str(out)], preexec_fn=limit, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "python")})
    assert done.returncode == 1, done.stderr
    assert f"cannot write {out}/" in done.stderr and "File too large" in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_report_that_does_not_fit_is_not_left_half_written(small_disk):
    # fill the disk, then ask for a comparison report
    (small_disk / "ballast").write_bytes(b"x" * (2 * 1024 * 1024 - 64 * 1024))
    out = small_disk / "compare"
    done = cli("compare", BASELINE, ROOT / "scenarios" / "proposals" / "commission-cut.json", "--replications", 2,
               "--out", out)
    assert done.returncode == 1, done.stderr
    assert "cannot write" in done.stderr
    assert "report: " not in done.stdout
    assert not (out / "report.html").exists() and not (out / "comparison.csv").exists()
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast"]


def test_names_that_spreadsheets_or_browsers_would_run_are_neutralised(tmp_path):
    proposal = tmp_path / "<img src=x onerror=alert(1)>.json"
    proposal.write_text(json.dumps({"extends": str(ROOT / "scenarios" / "proposals" / "commission-cut.json"),
                                    "name": '=HYPERLINK("http://x","click")', "changes": {}}))
    out = tmp_path / "out"
    done = cli("compare", BASELINE, proposal, "--replications", 2, "--out", out)
    assert done.returncode == 0, done.stderr
    import pandas as pd
    names = set(pd.read_csv(out / "comparison.csv").proposal)
    assert names == {"'=HYPERLINK(\"http://x\",\"click\")"}
    html = (out / "report.html").read_text()
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # in the reproduce command, escaped


def test_a_name_with_dollars_and_backslashes_does_not_break_the_plots(small_city, tmp_path):
    import ridersim
    odd = small_city.with_changes({"rules.pay.base_per_order_yuan": 5}, name=r"$\foo$ 50% more")
    c = ridersim.run_comparison(small_city, [odd], replications=2, seed=1)
    path = ridersim.report(c, tmp_path / "r.html")
    assert path.stat().st_size > 10_000


def test_reports_say_which_version_and_commit_made_them(small_city, tmp_path):
    import subprocess

    import ridersim
    from ridersim.reporting import source_revision
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert source_revision().startswith(f"commit {head}")
    c = ridersim.run_comparison(small_city, [small_city.with_changes({"rules.pay.base_per_order_yuan": 5}, name="p")],
                                replications=2, seed=1)
    html = ridersim.report(c, tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"ridersim {ridersim.__version__}, commit {head}" in html
    # and so does every run's summary.json, from C++ (the version) and Python (the commit)
    ridersim.run(small_city, seed=2).write(tmp_path / "run")
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert list(summary)[:4] == ["scenario", "seed", "ridersim_version", "ridersim_revision"]
    assert summary["ridersim_version"] == ridersim.__version__
    assert summary["ridersim_revision"].startswith(f"commit {head}")
    assert summary["kpis"] == json.loads(ridersim.run(small_city, seed=2).summary_json())["kpis"]


@pytest.fixture
def read_only_folder(tmp_path):
    """A read-only file system (root ignores a folder's own permission bits, not that)."""
    yield from mounted_tmpfs(tmp_path / "ro", "size=1m,ro")


@pytest.mark.parametrize("command", ["run", "compare"])
def test_a_read_only_output_folder_is_named_in_the_error(read_only_folder, command):
    out = read_only_folder / "results"
    args = ([BASELINE] if command == "run" else
            [BASELINE, ROOT / "scenarios" / "proposals" / "commission-cut.json", "--replications", 2])
    done = cli(command, *args, "--out", out)
    assert done.returncode == 1, done.stderr
    assert f"cannot create {out}: Read-only file system" in done.stderr
    assert "wrote" not in done.stdout and "report: " not in done.stdout
