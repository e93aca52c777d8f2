"""Which ridersim made an output: the version, and the git commit of a checkout."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def source_revision() -> str:
    """The git commit the package runs from ("commit ABC", "commit ABC, modified"), or
    "installed" outside a checkout. Asked once per process."""
    from ridersim.paths import checkout
    root = checkout()
    if root is None:  # an installed package: whatever git repository it sits in is not its source
        return "installed"
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                                text=True, timeout=5)
        if commit.returncode != 0:
            return "installed"
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return f"commit {commit.stdout.strip()}" + (", modified" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "installed"
