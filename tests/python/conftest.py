import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"

sys.path.insert(0, str(ROOT / "python"))

import ridersim  # noqa: E402


def cli(*args, cwd=None, check=False):
    """Runs `python -m ridersim ARGS` and returns the CompletedProcess (text)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    return subprocess.run([PYTHON, "-m", "ridersim", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, check=check, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def baseline():
    return ridersim.Scenario.load(ROOT / "scenarios" / "baseline.json")


@pytest.fixture(scope="session")
def small_city():
    return ridersim.Scenario.load(ROOT / "tests" / "data" / "small-city.json")
