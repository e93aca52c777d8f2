"""Writing outputs safely: through a temporary file in the target folder, renamed into place.

A failed write (a full disk, a missing permission) raises OSError naming the file, and leaves
no partial file under the final name.
"""

from __future__ import annotations

import os
import re
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


def safe_name(name: str) -> str:
    """A folder name made from a scenario's name: no separators, no leading dots, nothing that
    leaves the folder it is made in ("../../x" -> "x")."""
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    return cleaned or "scenario"


def spreadsheet_safe(table):
    """A copy of a DataFrame whose text cells cannot run as spreadsheet formulas: a cell that
    begins with =, +, -, @ (or a tab or carriage return) gets a leading apostrophe, as spreadsheets expect."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") else v)
    return out
