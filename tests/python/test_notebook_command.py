"""`ridersim notebook` opens the notebooks in a Jupyter server bound to this machine."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_notebook_command_serves_the_notebooks(tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), HOME=str(tmp_path), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))
    server = subprocess.Popen(["/usr/bin/python3", "-m", "ridersim", "notebook", "--no-browser", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline, listing = time.monotonic() + 60, None
        while time.monotonic() < deadline and listing is None:
            time.sleep(0.5)
            assert server.poll() is None, server.stderr.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as reply:
                    assert "version" in json.loads(reply.read())
                # the notebook folder is the checkout's notebooks/: its log says so
                listing = True
            except OSError:
                continue
        assert listing, "the server did not answer within a minute"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        _, err = server.communicate(timeout=30)
    assert str(ROOT / "notebooks") in err.decode()
