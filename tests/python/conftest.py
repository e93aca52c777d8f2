import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"

sys.path.insert(0, str(ROOT / "python"))

import ridersim  # noqa: E402


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server a test starts."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(port: int, server, tries: int = 600) -> dict:
    """Waits until the workspace on `port` answers /health (the server process still alive); its answer."""
    import json
    import time
    import urllib.request
    for _ in range(tries):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                return json.loads(answer.read())
        except OSError:
            assert server.poll() is None, f"the server ended: {server.stderr.read() if server.stderr else ''}"
            time.sleep(0.1)
    raise AssertionError(f"no answer on port {port}")


def workspace_token(base: str) -> str:
    """The token a workspace's pages carry (what its own pages send with every change), read from its home page."""
    import re
    import urllib.request
    with urllib.request.urlopen(base + "/", timeout=60) as answer:
        page = answer.read().decode("utf-8")
    found = re.search(r'<meta name="ridersim-token" content="([^"]+)">', page)
    assert found, "the home page carries no token"
    return found.group(1)


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
