"""Files that grow without a user asking, kept bounded: the debug log rotates (a few files of a
few MB), and only the newest crash reports are kept. Standard library only, never raising:
a log that cannot be written or trimmed never breaks what was being logged."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

LOG_MAX_BYTES = 5 * 1024 * 1024  # one debug.log; a long --debug session is ~1 MB
LOG_KEEP = 3  # older files kept beside it: debug.1.log (the newest) … debug.3.log
CRASH_REPORTS_KEPT = 10
CRASH_REPORT = re.compile(r"^crash-[\d-]+\.txt$")


def rotated_name(path: Path, number: int) -> Path:
    """`debug.log` -> `debug.2.log`: the extension stays last, so the file opens as text."""
    return path.with_name(f"{path.stem}.{number}{path.suffix}")


def append_private(path: Path, data: bytes) -> None:
    """Append `data` to `path` (created 0600, kept so); first, when it would grow past
    LOG_MAX_BYTES, move it to `NAME.1.EXT` (each older one up a number, the oldest dropped)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.path.getsize(path) + len(data) > LOG_MAX_BYTES:
            _rotate(path, LOG_KEEP)
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if hasattr(os, "fchmod"):  # not on Windows: there the profile's ACL protects it
                os.fchmod(fd, 0o600)
            os.write(fd, data)
        finally:
            os.close(fd)


def _rotate(path: Path, keep: int) -> None:
    """Shift the older files up by one (the oldest is replaced). Another process rotating at
    the same moment only costs an entry's place, never an error."""
    for number in range(max(keep, 1), 1, -1):
        with contextlib.suppress(OSError):
            os.replace(rotated_name(path, number - 1), rotated_name(path, number))
    with contextlib.suppress(OSError):
        os.replace(path, rotated_name(path, 1))


def prune_crash_reports(directory: Path) -> list[Path]:
    """Delete all but the CRASH_REPORTS_KEPT newest crash reports in `directory` (their names
    start with the time they were written, so the name orders them); returns what went."""
    keep = CRASH_REPORTS_KEPT
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(directory)
            if CRASH_REPORT.match(entry.name) and entry.is_file(follow_symlinks=False)
        )
    except OSError:
        return []
    removed: list[Path] = []
    for name in names[: max(len(names) - keep, 0)]:
        with contextlib.suppress(OSError):
            os.unlink(directory / name)
            removed.append(directory / name)
    return removed
