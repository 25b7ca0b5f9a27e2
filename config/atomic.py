"""Atomic file writes under a lock: a reader sees the old file or the new one, never half of
either, and two writers (two consoles, a console and a command) never lose each other's
changes, because each read-modify-write runs while holding `NAME.lock` beside the file.

The lock is filelock's (flock on macOS and Linux, LockFileEx on Windows) with a timeout; the
writes are ours, with the POSIX-only calls guarded. A writer killed mid-save leaves its
temporary file behind: `remove_stale_temporary_files` clears those at the next start.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from config.errors import FileWriteError

LOCK_SUFFIX = ".lock"
LOCK_TIMEOUT = 10.0  # seconds; a save holds the lock for milliseconds

# `.NAME.PID.RANDOM.tmp`: the writer's pid tells a killed writer's file from one being written.
# The older `.NAME.RANDOM.tmp` (no pid) is ours too. mkstemp's RANDOM is 8 of [a-z0-9_].
_TEMPORARY = re.compile(r"^\.(?P<target>.+?)\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp$")
STALE_AFTER = 3600.0  # a temporary file this old is left over, whoever wrote it
DEAD_WRITER_AFTER = 60.0  # …and one this old whose writer is gone (a pid of another machine
# sharing a network home, or of another container, is never taken for dead before then)


def private_file(system: str = os.name) -> str:
    """What keeps our files private, for messages: the mode on POSIX; on Windows, where a mode
    means no more than read-only, the permissions (ACL) of the user's profile they live in."""
    if system == "nt":
        return "a file only your Windows account can read (your user profile's permissions)"
    return "a file only you can read (mode 0600)"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


@contextlib.contextmanager
def locked(
    path: Path,
    error: Callable[[str], Exception] | None = None,
    timeout: float | None = None,
) -> Iterator[None]:
    """Hold an exclusive lock on `path.lock` for a read-modify-write of `path`, waiting at most
    `timeout` seconds (LOCK_TIMEOUT) for another process to let it go.

    A FileWriteError inside (or taking the lock) becomes `error(message)` when given, so each
    store reports a file it cannot write with its own error type.
    """
    try:
        with _file_lock(path, LOCK_TIMEOUT if timeout is None else timeout):
            yield
    except FileWriteError as exc:
        if error is None:
            raise
        raise error(str(exc)) from exc


@contextlib.contextmanager
def _file_lock(path: Path, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout  # lazy: ~50 ms, paid by a save, not by a start

    lock_file = lock_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Where the file system has no flock, filelock falls back to a lock file of its own.
        lock = FileLock(lock_file, timeout=timeout, mode=0o600)
        lock.acquire()
    except Timeout:
        raise FileWriteError(path, _timed_out(), _busy_message(path, lock_file, timeout)) from None
    except OSError as exc:
        raise FileWriteError(path, exc, _lock_failed_message(path, lock_file, exc)) from exc
    try:
        yield
    finally:
        with contextlib.suppress(OSError):  # the lock goes with the descriptor in any case
            lock.release()


def _timed_out() -> OSError:
    return TimeoutError(errno.ETIMEDOUT, "the lock was not released in time")


def _busy_message(path: Path, lock_file: Path, timeout: float) -> str:
    return (
        f"Cannot write {path}: its lock {lock_file} has been held for more than {timeout:g} s, "
        "most likely by another ipaas-auth process (a console or a command still saving). "
        "Nothing was changed. Let that process finish, or close it (a console left open in "
        "another terminal?), then try again."
    )


def _lock_failed_message(path: Path, lock_file: Path, exc: OSError) -> str | None:
    """Our own words for a file system that cannot lock (a network home); None: the usual."""
    if exc.errno not in (errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP):
        return None
    return (
        f"Cannot write {path}: the file system cannot lock {lock_file} ({exc.strerror or exc}); "
        "a network home often cannot. Nothing was changed. Set IPAAS_AUTH_HOME to a directory "
        "on a local disk and try again."
    )


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` through a temporary file in the same directory and `os.replace`.

    A symbolic link is written through: the link stays, its target gets the content. The file
    gets `mode` (0600 by default: these files name accounts and may hold secrets; on Windows
    the user profile's permissions protect it instead). Any OS error (read-only directory,
    full disk) becomes FileWriteError, with the file as it was and no temporary file left.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    tmp_name: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
        if hasattr(os, "fchmod"):  # POSIX (and Windows from 3.13, where it sets read-only)
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
    """Make the rename itself durable (best effort: Windows cannot open a directory)."""
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


# The files ipaas-auth writes atomically in its home, by name: only their temporary files are
# ever removed (a home pointed at a shared folder holds other programs' files too).
OUR_FILES = re.compile(
    r"^(profiles\.toml|secrets\.json|state\.json|token_index\.json|crash-[\d-]+\.txt)$"
)
OUR_CACHE_FILES = re.compile(r"^[\w.-]+\.json$")


def remove_stale_temporary_files(
    home: Path, cache: str = "cache", now: float | None = None
) -> list[Path]:
    """Delete the temporary files that writers killed mid-save (SIGKILL, a power cut) left
    behind: those of our own files in `home` and of the list cache in `home/cache`, one listing
    each, at start. Returns what was removed; never raises."""
    now = time.time() if now is None else now
    removed = sweep_temporary_files(home, OUR_FILES, now)
    return removed + sweep_temporary_files(home / cache, OUR_CACHE_FILES, now)


def sweep_temporary_files(
    directory: Path, targets: re.Pattern[str], now: float | None = None
) -> list[Path]:
    """Remove the stale temporary files of `targets` in one directory (one listing)."""
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    removed: list[Path] = []
    for entry in entries:
        with contextlib.suppress(OSError):
            match = _TEMPORARY.match(entry.name)
            if match is None or not targets.match(match["target"]):
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if age > STALE_AFTER or (age > DEAD_WRITER_AFTER and _gone(match["pid"])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _gone(pid: str | None) -> bool:
    """Whether the process that wrote a temporary file has ended. Only asked on POSIX, where
    signal 0 only checks (on Windows os.kill would end the process): elsewhere, age decides."""
    if pid is None or os.name != "posix":
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError, ValueError):
        return False  # alive but another user's, or a number no process can have
    return False
