"""The workspace under load: a real server, 20 comparison requests at once from 127.0.0.1."""

import json
import os
import subprocess
import threading
import time
import urllib.request

import pytest
from concurrent.futures import ThreadPoolExecutor

from conftest import PYTHON, ROOT, cli, free_port, wait_for_health, workspace_token

SEEDS = list(range(1, 11))  # ten questions, each asked twice: twenty requests at once



TOKEN = {}


def request(url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **TOKEN})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.status, response.read()


def proposal(seed):
    return {"trade": "food", "name": "base pay 8", "reason": "load test", "replications": 2, "seed": seed,
            "changes": {"rules.pay.base_per_order_yuan": 8.0}}


def start_server(folder, workers):
    """`ridersim serve` on a free port, in a process group of its own (as a terminal's Ctrl-C
    reaches a whole group); its port and process."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), MPLBACKEND="Agg")
    server = subprocess.Popen([PYTHON, "-m", "ridersim", "serve", "--port", str(port), "--workspace", str(folder),
                               "--workers", str(workers)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, stdin=subprocess.DEVNULL, start_new_session=True)
    return port, server


def test_twenty_comparisons_at_once_match_the_command_line_and_health_answers_meanwhile(tmp_path):
    port, server = start_server(tmp_path / "ws", 2)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for_health(port, server)["status"] == "ok"
        TOKEN["X-Ridersim-Token"] = workspace_token(base)

        # the health check keeps answering while the comparisons run
        answered_while_busy = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                status, body = request(base + "/health", timeout=30)
                assert status == 200
                if json.loads(body)["comparisons_running"] > 0:
                    answered_while_busy.append(time.time())
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        bodies = [proposal(seed) for seed in SEEDS for _ in range(2)]
        with ThreadPoolExecutor(max_workers=20) as pool:
            started = list(pool.map(lambda b: json.loads(request(base + "/api/comparisons", b)[1]), bodies))
        ids = {}
        for body, job in zip(bodies, started):
            ids.setdefault(body["seed"], set()).add(job["id"])
        assert all(len(v) == 1 for v in ids.values())  # the same question is one job
        for seed, (key,) in ids.items():
            for _ in range(1200):
                status = json.loads(request(f"{base}/api/comparisons/{key}")[1])
                if status["status"] in ("done", "failed"):
                    break
                time.sleep(0.2)
            assert status["status"] == "done", status
        stop.set()
        watcher.join()
        assert len(answered_while_busy) >= 3

        # each matches `ridersim compare` for the same seed, byte for byte
        spec = {"extends": str(ROOT / "scenarios" / "baseline.json"), "name": "base pay 8",
                "changes": {"rules.pay.base_per_order_yuan": 8.0}}
        (tmp_path / "proposal.json").write_text(json.dumps(spec))

        def compare(seed):
            out = tmp_path / f"cli-{seed}"
            done = cli("compare", "scenarios/baseline.json", tmp_path / "proposal.json", "--replications", 2,
                       "--seed", seed, "--jobs", 1, "--out", out)
            assert done.returncode == 0, done.stderr
            return (out / "comparison.csv").read_text()

        with ThreadPoolExecutor(max_workers=2) as pool:
            expected = dict(zip(SEEDS, pool.map(compare, SEEDS)))
        for seed, (key,) in ids.items():
            served = request(f"{base}/api/comparisons/{key}/table.csv")[1].decode()
            assert served == expected[seed], seed
        assert len(set(expected.values())) == len(SEEDS)  # different seeds, different answers
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_stops_the_server_within_seconds_while_a_comparison_runs(tmp_path, presses):
    import signal
    port, server = start_server(tmp_path / "ws", 1)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(port, server)
        TOKEN["X-Ridersim-Token"] = workspace_token(base)
        job = json.loads(request(base + "/api/comparisons", {**proposal(1), "replications": 50})[1])
        deadline = time.time() + 60
        while json.loads(request(f"{base}/api/comparisons/{job['id']}")[1])["status"] != "running":
            assert time.time() < deadline
            time.sleep(0.2)
        time.sleep(1)
        started = time.monotonic()
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as a terminal sends it to the whole group
        if presses == 2:  # and again while it stops: out at once, never an abort
            time.sleep(0.3)
            os.killpg(server.pid, signal.SIGINT)
        out, err = server.communicate(timeout=60)
        assert time.monotonic() - started < 15, (out, err)
        assert "terminate called" not in err and server.returncode != -6, err
        if presses == 1:
            assert server.returncode == 0, err
            assert "stopping 1 comparison(s)" in out and "ridersim workspace: stopped" in out
        else:
            assert server.returncode in (0, 130, -signal.SIGINT), err
        assert not (tmp_path / "ws" / "cache" / job["id"] / "done").exists()  # nothing half-done is kept
    finally:
        if server.poll() is None:
            server.kill()
