"""docs/bargaining.md's commands run as printed: the default sweep, resumed on Dask, the deal,
and the comparison of the Nash solution with the baseline (a minute and more, hence a file of its own)."""

import os
import subprocess

from conftest import PYTHON, ROOT
from test_docs import blocks


def test_the_sweep_and_bargain_commands_run_as_printed(tmp_path):
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), MPLBACKEND="Agg")
    lines = [line.split("#")[0].strip() for block in blocks("bargaining.md", "sh") for line in block.splitlines()
             if line.startswith("./ridersim ")]
    assert [line.split()[1] for line in lines] == ["sweep", "sweep", "bargain", "compare"]
    for line in lines:
        # ./ridersim is python -m ridersim once built (the tests run after the build)
        done = subprocess.run([PYTHON, "-m", "ridersim", *line.split()[1:]], cwd=tmp_path, env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, line + "\n" + done.stderr
    assert (tmp_path / "out" / "deal" / "proposals" / "nash.json").is_file()
    assert (tmp_path / "out" / "compare" / "report.html").is_file()
