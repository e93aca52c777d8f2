"""`pip install` into a fresh virtual environment installs a working package, which runs from any
folder with its scenarios inside it.

The core is compiled once per test run: with the build folder ctest runs from (RIDERSIM_TEST_BUILD),
pip installs that build's module (RIDERSIM_CMAKE_BUILD) instead of compiling it a second time, which
took 112 to more than 300 seconds of a busy 2-core machine. That pip's own configuration of a fresh
build works is checked apart, without compiling."""

import importlib.util
import os
import subprocess
import tarfile

import pytest

from conftest import ROOT


def test_pip_install_into_a_venv_works_from_another_folder(tmp_path):
    # a copy of the tree as git sees it (what a user's clone has), not this checkout's build
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard"], capture_output=True,
                           text=True, check=True).stdout.split()
    source = tmp_path / "src"
    source.mkdir()
    with tarfile.open(tmp_path / "tree.tar", "w") as tar:
        for name in files:
            if (ROOT / name).is_file() and not name.startswith(("build/", "out/")) and not name.endswith(".so"):
                tar.add(ROOT / name, arcname=name)
    with tarfile.open(tmp_path / "tree.tar") as tar:
        tar.extractall(source)
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if os.environ.get("RIDERSIM_TEST_BUILD"):
        env["RIDERSIM_CMAKE_BUILD"] = os.environ["RIDERSIM_TEST_BUILD"]
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index", str(source)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import ridersim, pathlib; base = ridersim.Scenario.load(ridersim.data_path('scenarios', 'baseline.json'));"
            "r = ridersim.run(base.with_changes({'horizon.end_h': 9}), seed=1);"
            "assert r.summary['ledger_imbalance_fen'] == 0 and r.summary['orders_delivered'] > 0;"
            "print(pathlib.Path(ridersim.__file__).parent)")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=elsewhere, capture_output=True, text=True,
                          env=env)
    assert done.returncode == 0, done.stderr
    installed = done.stdout.strip()
    assert installed.startswith(str(venv)), installed  # the installed package, not the checkout
    # the command line is installed too, and finds the packaged scenarios
    baseline = f"{installed}/data/scenarios/baseline.json"
    assert (tmp_path.joinpath(installed, "data", "notebooks", "01-quickstart.ipynb")).is_file()  # the notebooks too
    done = subprocess.run([str(venv / "bin" / "ridersim"), "validate", baseline], cwd=elsewhere, capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0 and "is a valid scenario" in done.stdout, done.stderr
    # the templates, the catalogue and the workspace's script are installed with the package
    code = ("import ridersim; base = ridersim.Scenario.load(ridersim.data_path('scenarios', 'baseline.json'))"
            ".with_changes({'horizon.end_h': 9});"
            "c = ridersim.run_comparison(base, [base.with_changes({'rules.pay.base_per_order_yuan': 8}, name='p')],"
            " replications=2, seed=1);"
            "page = ridersim.report(c, 'r.html', lang='zh').read_text(encoding='utf-8');"
            "assert '谁得益，谁买单' in page, 'untranslated';"
            "from ridersim.web.app import STATIC; assert (STATIC / 'app.js').is_file()")
    done = subprocess.run([str(venv / "bin" / "python"), "-c", code], cwd=elsewhere, capture_output=True, text=True,
                          env={**env, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr


def test_pip_configures_a_fresh_build_of_the_module_alone(tmp_path):
    """What pip runs without an existing build: CMake configures this tree for the module of this
    interpreter, without tests or benchmarks (compiling it is what the build itself checks)."""
    setup_py = load_setup_py()
    build = tmp_path / "cmake"
    done = subprocess.run(setup_py.configure_command(build, tmp_path / "module"), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    targets = subprocess.run(["cmake", "--build", str(build), "--target", "help"], capture_output=True, text=True,
                             check=True).stdout
    assert "_core" in targets
    assert "ridersim_tests" not in targets and "ridersim_bench" not in targets
    assert f"RIDERSIM_PYTHON_MODULE_DIR:PATH={tmp_path / 'module'}" in (build / "CMakeCache.txt").read_text()


def load_setup_py():
    spec = importlib.util.spec_from_file_location("ridersim_setup", ROOT / "setup.py")
    setup_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_py)  # not as __main__: defines, runs nothing
    return setup_py


def test_an_existing_build_that_is_not_ridersims_is_refused_by_name(tmp_path):
    (tmp_path / "CMakeCache.txt").write_text("CMAKE_BUILD_TYPE:STRING=Release\n")
    with pytest.raises(SystemExit, match=f"RIDERSIM_CMAKE_BUILD={tmp_path}: not a build folder of ridersim"):
        load_setup_py().CMakeBuild._install_from(tmp_path, tmp_path / "out" / "_core.so")
