"""The README's examples run as printed."""

import os
import re
import subprocess

from conftest import ROOT, cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_the_python_example_runs_as_printed(tmp_path):
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    code = "\n".join(blocks("python"))
    assert "ridersim.Scenario.load" in code
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), MPLBACKEND="Agg")
    done = subprocess.run(["/usr/bin/python3", "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "median.html").exists()


def test_the_ride_hailing_command_runs_as_printed(tmp_path):
    line = next(l for b in blocks("sh") for l in b.splitlines() if "ride_hailing/baseline.json" in l)
    args = line.split()[1:]
    proposals = sorted((ROOT / "scenarios" / "ride_hailing" / "proposals").glob("*.json"))
    args = [a for a in args if "*" not in a]
    out = tmp_path / "out"
    args[args.index("--out") + 1] = str(out)
    done = cli(*args[:1], *args[1:2], *proposals, *args[2:], "--replications", 2)
    assert done.returncode == 0, done.stderr
    assert "drivers gain" in done.stdout and (out / "report.html").exists()


def test_the_workspace_commands_start_a_server_as_printed(tmp_path):
    from conftest import wait_for_health
    workspace_doc = (ROOT / "docs" / "workspace.md").read_text(encoding="utf-8")
    lines = [l.split("#")[0].strip() for b in blocks("sh") for l in b.splitlines() if l.startswith("./ridersim serve")]
    lines += [l.split("#")[0].strip() for b in re.findall(r"```sh\n(.*?)```", workspace_doc, flags=re.S)
              for l in b.splitlines() if l.startswith("./ridersim serve")]
    assert lines == ["./ridersim serve", "./ridersim serve", "./ridersim serve --port 9000 --workspace talks-2026-12"]
    for line in dict.fromkeys(lines):
        args = line.split()[1:]
        port = int(args[args.index("--port") + 1]) if "--port" in args else 8765
        folder = args[args.index("--workspace") + 1] if "--workspace" in args else "ridersim-workspace"
        server = subprocess.Popen([str(ROOT / "ridersim"), *args], cwd=tmp_path, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert wait_for_health(port, server)["status"] == "ok", line
            assert (tmp_path / folder / "cache").is_dir()
        finally:
            server.terminate()
            server.wait(timeout=30)
