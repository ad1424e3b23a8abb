"""Renderers: pure functions from a `Report` to text, plus one helper that writes files safely."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text with "\\n" line ends; see `write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write-then-rename, so a reader never sees half a file and a failure leaves none.

    `mkstemp` creates files readable by their owner only, which is wrong for a report or a
    plan the team shares: the new file gets the mode of the file it replaces, else the
    umask's default.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    handle, temporary = _new_temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _new_temporary(path: Path) -> tuple[int, Path]:
    """A new file beside `path`, opened for writing by this process only (what
    `tempfile.mkstemp` does; not imported for it: `tempfile` loads `shutil`, `random` and
    the compression modules, a twentieth of a warm scan's start)."""
    for attempt in range(1000):
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{attempt}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
