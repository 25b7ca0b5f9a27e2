"""Atomic file writes under an advisory lock: a reader sees the old file or the new one, never
half of either, and two writers (two consoles, a console and a command) never lose each
other's changes, because each read-modify-write runs while holding `NAME.lock` beside the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from config.errors import FileWriteError

LOCK_SUFFIX = ".lock"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


@contextlib.contextmanager
def locked(path: Path, error: Callable[[str], Exception] | None = None) -> Iterator[None]:
    """Hold an exclusive advisory lock (flock on `path.lock`) for a read-modify-write of `path`.

    A FileWriteError inside (or taking the lock) becomes `error(message)` when given, so each
    store reports a file it cannot write with its own error type. The lock file is left in
    place: removing it would let a third writer lock a new file while a second still holds
    the old one.
    """
    try:
        with _flock(path):
            yield
    except FileWriteError as exc:
        if error is None:
            raise
        raise error(str(exc)) from exc


@contextlib.contextmanager
def _flock(path: Path) -> Iterator[None]:
    lock = lock_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise FileWriteError(path, exc) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` through a temporary file in the same directory and `os.replace`.

    A symbolic link is written through: the link stays, its target gets the content. The file
    gets `mode` (0600 by default: these files name accounts and may hold secrets). Any OS error
    (read-only directory, full disk) becomes FileWriteError, with the file as it was and no
    temporary file left behind.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    tmp_name: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise FileWriteError(path, exc) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
