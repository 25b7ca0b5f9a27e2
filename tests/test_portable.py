"""Runs on Windows and macOS too: no POSIX-only module at start, a lock with a timeout, writes
without fchmod, leftovers of killed saves cleared. Proven here, on Linux, by taking the POSIX
parts away."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import config.atomic
from config.atomic import locked, private_file, remove_stale_temporary_files, write_atomic
from config.paths import home_dir
from tui.__main__ import main
from tui.clients import trace

ROOT = Path(__file__).parent.parent
POSIX_ONLY = ("fcntl", "termios", "tty", "pwd", "grp", "resource")
# `main` with the POSIX-only modules made unavailable, as on Windows.
WITHOUT_POSIX = (
    "import sys\n"
    f"for name in {POSIX_ONLY!r}: sys.modules[name] = None\n"
    "from tui.__main__ import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def without_posix(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.Popen(
        [sys.executable, "-c", WITHOUT_POSIX, *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,  # type: ignore[call-overload]
    )


def run_without_posix(*args: str) -> tuple[int, str, str]:
    process = without_posix(*args)
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err, err
    return process.returncode, out, err


def test_the_commands_run_without_the_posix_only_modules() -> None:
    status, out, _ = run_without_posix("--version")
    assert status == 0 and out.startswith("ipaas-auth ")
    status, out, _ = run_without_posix("profiles", "set", "demo", "environment=sandbox")
    assert status == 0 and "Saved profile 'demo'" in out
    status, out, _ = run_without_posix("profiles", "list")
    assert status == 0 and "demo" in out
    status, out, _ = run_without_posix("--profile", "demo", "status")
    assert status == 0 and "Logged in     yes" in out


def test_the_sandbox_starts_and_stops_without_the_posix_only_modules() -> None:
    process = without_posix("sandbox", "--port", "0")
    assert process.stdout is not None
    try:
        banner = [process.stdout.readline() for _ in range(2)]
        assert banner[0].startswith("ipaas-auth sandbox:"), banner
        while "Press Ctrl+C" not in process.stdout.readline():
            pass
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "Stopping the sandbox" in err, err


# --- the lock ----------------------------------------------------------------------------------

HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from config.atomic import locked
with locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(30)
"""


def test_a_save_waits_for_the_lock_at_most_the_timeout_and_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = home_dir() / "profiles.toml"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(profiles)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(config.atomic, "LOCK_TIMEOUT", 0.5)
        started = time.monotonic()
        status = main(["profiles", "set", "demo", "environment=sandbox"])
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert status == 1 and waited < 10, (status, waited)
    assert f"{profiles}.lock" in err and "more than 0.5 s" in err, err
    assert "another ipaas-auth process" in err and "Nothing was changed" in err, err
    assert "try again" in err and not profiles.exists()


def test_a_file_system_that_cannot_lock_gets_our_words() -> None:
    """A network home without lock support: ENOLCK (NFS without lockd) or ENOSYS."""
    path = Path("/net/home/ipaas-auth/profiles.toml")
    lock = config.atomic.lock_path(path)
    for code in (errno.ENOLCK, errno.ENOSYS):
        message = config.atomic._lock_failed_message(path, lock, OSError(code, os.strerror(code)))
        assert message is not None and str(lock) in message and "network home" in message
        assert "IPAAS_AUTH_HOME" in message and "Nothing was changed" in message
    assert config.atomic._lock_failed_message(path, lock, OSError(errno.EACCES, "x")) is None


def test_locked_and_written_without_fchmod_as_on_windows(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    path = isolated_home / "state.json"
    with locked(path):  # filelock's own Windows code takes it there
        monkeypatch.delattr(os, "fchmod")
        monkeypatch.delattr(os, "O_CLOEXEC")
        write_atomic(path, b"{}")
    assert path.read_bytes() == b"{}"
    monkeypatch.setenv(trace.DEBUG_ENV, "1")
    trace.write(["one entry"])
    assert trace.log_path().read_text() == "one entry\n"


def test_windows_messages_name_the_profile_permissions_not_a_mode() -> None:
    assert "0600" in private_file("posix")
    windows = private_file("nt")
    assert "0600" not in windows and "Windows account" in windows


# --- leftovers of saves killed mid-way -----------------------------------------------------------

KILLED_MID_SAVE = """
import os, signal, sys
from pathlib import Path
from config.atomic import write_atomic
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # killed before the rename
write_atomic(Path(sys.argv[1]), b"{}")
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_temporary_files_of_killed_saves_are_removed_at_the_next_start(
    isolated_home: Path,
) -> None:
    cache = isolated_home / "cache"
    cache.mkdir(parents=True)
    for target in (isolated_home / "state.json", cache / "integrations-demo.json"):
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_MID_SAVE, str(target)], cwd=ROOT, timeout=60
        )
        assert killed.returncode == -signal.SIGKILL
    left = sorted(isolated_home.rglob(".*.tmp"))
    assert len(left) == 2, left
    two_minutes_ago = time.time() - 120
    for path in left:
        os.utime(path, (two_minutes_ago, two_minutes_ago))
    # Kept: a save under way in a live process, a young one of a dead writer, someone's file.
    in_flight = isolated_home / f".profiles.toml.{os.getpid()}.abcd_123.tmp"
    in_flight.write_text("")
    young = isolated_home / f".state.json.{killed_pid()}.zzzz_999.tmp"
    young.write_text("")
    notes = isolated_home / ".notes.tmp"
    notes.write_text("mine")
    # Removed: a leftover of the older naming (no pid), hours old.
    older = isolated_home / ".profiles.toml.k3j4h5g6.tmp"
    older.write_text("")
    three_hours_ago = time.time() - 3 * 3600
    os.utime(older, (three_hours_ago, three_hours_ago))

    assert main(["profiles", "list"]) == 0
    assert sorted(isolated_home.rglob(".*.tmp")) == sorted([in_flight, young, notes])


def killed_pid() -> int:
    """The pid of a process that has ended."""
    code = "import os; print(os.getpid())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return int(done.stdout)


def test_any_stale_temporary_file_goes_after_an_hour_and_a_missing_home_is_nothing(
    tmp_path: Path,
) -> None:
    assert remove_stale_temporary_files(tmp_path / "missing") == []
    leftover = tmp_path / ".state.json.424242.abcdefgh.tmp"
    leftover.write_text("")
    assert remove_stale_temporary_files(tmp_path, now=time.time() + 30) == []
    assert remove_stale_temporary_files(tmp_path, now=time.time() + 3601) == [leftover]


def test_only_a_save_loads_the_lock_library() -> None:
    """filelock costs ~50 ms to import: a start, a read or a listing never pays it."""
    code = (
        "import sys\nfrom tui.__main__ import main\nmain(['profiles', 'list'])\n"
        "print('filelock' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == "False", done
