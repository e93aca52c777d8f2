"""Builds the C++ core and its Python module with CMake for `pip install`.

    python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation .

The extension `ridersim._core` is built by the project's own CMakeLists.txt (Release, no tests or
benchmarks) for the interpreter running pip, and the scenarios (baselines, proposals, sweeps,
traces) and the notebooks are installed inside the package as `ridersim/data/`, where
`ridersim.data_path()` finds them outside a checkout.

With `RIDERSIM_CMAKE_BUILD=DIR` (a build folder of this tree already configured with the Python
module for the same interpreter, such as `build/default`), pip brings that build up to date and
installs its module instead of compiling the core again from nothing.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _cached(build, key):
    """A value of a CMake build folder's cache, or None."""
    cache = build / "CMakeCache.txt"
    if not cache.is_file():
        return None
    for line in cache.read_text(encoding="utf-8", errors="replace").splitlines():
        name, _, value = line.partition("=")
        if name.split(":")[0] == key:
            return value
    return None


def configure_command(build, module_dir):
    """The CMake command that configures a fresh build of the module alone (no tests, no benchmarks)."""
    return ["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release", "-DRIDERSIM_BUILD_TESTS=OFF",
            "-DRIDERSIM_BUILD_BENCH=OFF", "-DRIDERSIM_BUILD_PYTHON=ON", f"-DPython3_EXECUTABLE={sys.executable}",
            f"-DRIDERSIM_PYTHON_MODULE_DIR={module_dir}"]


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        existing = os.environ.get("RIDERSIM_CMAKE_BUILD")
        if existing:
            self._install_from(Path(existing).resolve(), Path(self.get_ext_fullpath(ext.name)).resolve())
            return
        build = Path(self.build_temp).resolve() / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(configure_command(build, out), check=True)
        jobs = str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build), "--target", "_core", "--parallel", jobs], check=True)

    @staticmethod
    def _install_from(build, target):
        """Brings an existing build's module up to date and copies it to where pip wants it."""
        module_dir = _cached(build, "RIDERSIM_PYTHON_MODULE_DIR")
        python = _cached(build, "Python3_EXECUTABLE")
        if module_dir is None:
            raise SystemExit(f"RIDERSIM_CMAKE_BUILD={build}: not a build folder of ridersim configured with the "
                             "Python module (no RIDERSIM_PYTHON_MODULE_DIR in its CMakeCache.txt)")
        if python and Path(python).resolve() != Path(sys.executable).resolve() and \
                Path(python).resolve() != Path(sys._base_executable).resolve():
            raise SystemExit(f"RIDERSIM_CMAKE_BUILD={build}: built for {python}, not for {sys.executable}")
        subprocess.run(["cmake", "--build", str(build), "--target", "_core"], check=True)
        built = Path(module_dir) / target.name
        if not built.is_file():
            raise SystemExit(f"RIDERSIM_CMAKE_BUILD={build}: no {target.name} in {module_dir} after the build")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)


class WithScenarios(build_py):
    def run(self):
        super().run()
        for folder in ("scenarios", "notebooks"):
            target = Path(self.build_lib) / "ridersim" / "data" / folder
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / folder, target)


if __name__ == "__main__":  # as pip runs it; the tests import configure_command alone
    setup(ext_modules=[Extension("ridersim._core", sources=[])],
          cmdclass={"build_ext": CMakeBuild, "build_py": WithScenarios})
