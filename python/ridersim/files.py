"""Writing outputs safely: through a temporary file in the target folder, renamed into place.

A failed write (a full disk, a missing permission) raises OSError naming the file, and leaves
no partial file under the final name.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Writes `data` to `path` through `.NAME.partial` in the same folder; returns the path."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.partial")
    raw = data.encode(encoding) if isinstance(data, str) else data
    try:
        with open(temporary, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        try:
            temporary.unlink()
        except OSError:
            pass
        raise OSError(error.errno, f"cannot write {path}: {error.strerror or error}") from None
    return path
