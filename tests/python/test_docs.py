"""The examples of the docs run as printed (the README's are in test_readme.py)."""

import os
import re
import subprocess

import pytest

from conftest import ROOT

DOCS = ["calibration.md", "replay.md"]


def blocks(doc: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "docs" / doc).read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("doc", DOCS)
def test_the_python_examples_run_as_printed(doc):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), MPLBACKEND="Agg")
    for code in blocks(doc, "python") or []:
        done = subprocess.run(["/usr/bin/python3", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, code + done.stderr


@pytest.mark.parametrize("doc", DOCS)
def test_the_commands_run_as_printed(doc):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    lines = [line for block in blocks(doc, "sh") for line in block.splitlines() if line.startswith("./ridersim ")]
    assert lines
    for line in lines:
        # ./ridersim is python -m ridersim once built (the tests run after the build)
        args = line.split()[1:]
        done = subprocess.run(["/usr/bin/python3", "-m", "ridersim", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, line + "\n" + done.stderr
