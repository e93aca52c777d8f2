"""Writing outputs safely: through a temporary file in the target folder, renamed into place.

A failed write (a full disk, a missing permission) raises OSError naming the file, and leaves
no partial file under the final name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path


class LinkRefused(OSError):
    """A write would go through a symbolic link inside the folder it must stay in."""


def check_no_links(root: str | os.PathLike, path: str | os.PathLike) -> None:
    """Refuses (LinkRefused) a path under `root` that is not inside it, or whose folders between
    `root` and it include a symbolic link: what is written there could land anywhere."""
    root, path = Path(root), Path(path)
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise LinkRefused(errno.EPERM, f"{path} is outside {root}") from None
    here = root
    for part in relative.parts[:-1]:
        here = here / part
        if here.is_symlink():
            raise LinkRefused(errno.ELOOP, f"cannot write {path}: {here} is a symbolic link (nothing is written through one)")


def write_atomic(path: str | os.PathLike, data: str | bytes, encoding: str = "utf-8",
                 inside: str | os.PathLike | None = None) -> Path:
    """Writes `data` to `path` through `.NAME.partial` in the same folder; returns the path. The
    temporary file is created afresh (never through a link of that name); with `inside`, no folder
    between it and `path` may be a symbolic link. Renaming replaces a link of the final name, never
    what it points to."""
    path = Path(path)
    if inside is not None:
        check_no_links(inside, path)
    temporary = path.with_name(f".{path.name}.partial")
    raw = data.encode(encoding) if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # left by a write that died: a file or a link, removed, never followed
        with os.fdopen(os.open(temporary, flags, 0o644), "wb") as handle:
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


@contextlib.contextmanager
def staged_folder(out: str | os.PathLike):
    """Outputs complete or absent: yields a fresh folder beside `out` to write a set of files into;
    when the block ends without error they are renamed into `out` (made if missing), else the
    folder is removed and `out` is left as it was. A run that fails part-way (a full disk, an
    interrupt) never leaves a set of its files that looks complete."""
    import shutil
    import tempfile
    shown = Path(out)
    out = shown.absolute()
    try:
        existing = next(p for p in [out, *out.parents] if p.exists())
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    except OSError as error:
        raise OSError(error.errno, f"cannot create {shown}: {error.strerror or error}") from None
    try:
        try:
            yield staging
        except OSError as error:  # named by the file the user asked for, not the one beside it
            raise OSError(error.errno, str(error.strerror or error).replace(str(staging), str(shown))) from None
        try:
            out.mkdir(exist_ok=True)
        except OSError as error:
            raise OSError(error.errno, f"cannot write {out}: {error.strerror or error}") from None
        moves = [(path, out / path.relative_to(staging)) for path in sorted(staging.rglob("*"))]
        for path, target in moves:  # everything that could stop a rename, before the first one
            if path.is_file() and target.is_dir() and not target.is_symlink():
                raise OSError(errno.EISDIR, f"cannot write {target}: a folder is in the way")
        for path, target in moves:
            if path.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
