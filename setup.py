"""Builds the C++ core and its Python module with CMake for `pip install`.

    python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation .

The extension `ridersim._core` is built by the project's own CMakeLists.txt (Release, no tests or
benchmarks) for the interpreter running pip, and the scenarios (baselines, proposals, sweeps,
traces) and the notebooks are installed inside the package as `ridersim/data/`, where
`ridersim.data_path()` finds them outside a checkout.
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


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        out = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build = Path(self.build_temp).resolve() / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        "-DRIDERSIM_BUILD_TESTS=OFF", "-DRIDERSIM_BUILD_BENCH=OFF", "-DRIDERSIM_BUILD_PYTHON=ON",
                        f"-DPython3_EXECUTABLE={sys.executable}", f"-DRIDERSIM_PYTHON_MODULE_DIR={out}"], check=True)
        jobs = str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build), "--target", "_core", "--parallel", jobs], check=True)


class WithScenarios(build_py):
    def run(self):
        super().run()
        for folder in ("scenarios", "notebooks"):
            target = Path(self.build_lib) / "ridersim" / "data" / folder
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / folder, target)


setup(ext_modules=[Extension("ridersim._core", sources=[])],
      cmdclass={"build_ext": CMakeBuild, "build_py": WithScenarios})
