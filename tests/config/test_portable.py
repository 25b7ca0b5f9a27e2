"""Runs on Windows and macOS too: no POSIX-only module at start, a lock with a timeout, writes
without fchmod, leftovers of killed saves cleared, messages naming what exists on the machine,
and the Windows browser from WSL. Proven here, on Linux, by taking the POSIX parts away."""

from __future__ import annotations

import errno
import json
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
from tui.core.authenticate import SignIn
from tui.core.authenticate_text import plan_text, port_busy_text
from tui.oauth.browser import BrowserPlan, is_wsl, open_in_browser, plan_browser
from tui.oauth.ports import port_owner_command

ROOT = Path(__file__).parent.parent.parent
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


# Several commands (a JSON list of argument lists), one after the other, in one such process;
# each one's status and output printed as a JSON line.
COMMANDS_WITHOUT_POSIX = (
    "import contextlib, io, json, sys\n"
    f"for name in {POSIX_ONLY!r}: sys.modules[name] = None\n"
    "from tui.__main__ import main\n"
    "for args in json.loads(sys.argv[1]):\n"
    "    out = io.StringIO()\n"
    "    with contextlib.redirect_stdout(out):\n"
    "        try:\n"
    "            status = main(args)\n"
    "        except SystemExit as exit_:  # argparse's --version\n"
    "            status = exit_.code\n"
    "    print(json.dumps([status, out.getvalue()]))\n"
)


def test_the_commands_run_without_the_posix_only_modules() -> None:
    commands = [
        ["--version"],
        ["profiles", "set", "demo", "environment=sandbox"],
        ["profiles", "list"],
        ["--profile", "demo", "status"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", COMMANDS_WITHOUT_POSIX, json.dumps(commands)],
        cwd=ROOT,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [status for status, _ in results] == [0, 0, 0, 0], done.stderr
    version, saved, listed, status = (out for _, out in results)
    assert version.startswith("ipaas-auth ")
    assert "Saved profile 'demo'" in saved
    assert "demo" in listed
    assert "Logged in     yes" in status


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


def test_a_file_system_that_cannot_lock_gets_our_words(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    """A network home without lock support: ENOLCK (NFS without lockd) or ENOSYS."""
    import filelock

    from config.atomic import FileWriteError

    path = isolated_home / "profiles.toml"
    lock = config.atomic.lock_path(path)
    for code in (errno.ENOLCK, errno.ENOSYS, errno.EACCES):

        def refuse(*args: object, code: int = code, **kwargs: object) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
        with pytest.raises(FileWriteError) as raised, locked(path):
            pass
        message = str(raised.value)
        if code == errno.EACCES:  # any other failure: the usual words, naming the error
            assert "network home" not in message and "permission denied" in message, message
            continue
        assert str(lock) in message and "network home" in message, message
        assert "IPAAS_AUTH_HOME" in message and "Nothing was changed" in message


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


# --- suggestions that exist on the machine ---------------------------------------------------


def only(*names: str) -> object:
    return lambda name: f"/usr/bin/{name}" if name in names else None


def test_the_port_owner_command_is_a_tool_of_this_platform() -> None:
    windows = port_owner_command(8976, "win32", only())
    assert windows is not None and "netstat -ano | findstr :8976" in windows
    assert "Get-NetTCPConnection -LocalPort 8976" in windows and "lsof" not in windows
    assert port_owner_command(8976, "darwin", only("lsof")) == "`lsof -i :8976`"
    assert port_owner_command(8976, "linux", only("lsof", "ss")) == "`lsof -i :8976`"
    assert port_owner_command(8976, "linux", only("ss")) == "`ss -ltnp 'sport = :8976'`"
    assert port_owner_command(8976, "linux", only()) is None


def test_the_busy_port_message_names_a_tool_found_here() -> None:
    import shutil

    message = port_busy_text(SignIn("", BrowserPlan(False, "ssh"), "", True, 8976, "p"))
    command = port_owner_command(8976)
    if command is None:
        assert "shows which" not in message
    else:
        assert command in message and shutil.which(command.strip("`").split()[0])


# --- WSL opens the Windows browser ---------------------------------------------------------------


def test_wsl_without_a_linux_browser_opens_the_windows_one(tmp_path: Path) -> None:
    wsl = {"WSL_DISTRO_NAME": "Ubuntu"}
    plan = plan_browser(wsl, platform="linux", which=only("wslview"))
    assert plan == BrowserPlan(True, "wsl") and "Windows browser" in plan_text(plan)
    with_display = {**wsl, "DISPLAY": ":0"}
    assert plan_browser(with_display, platform="linux", which=only("wslview")).reason == "wsl"
    linux_browser = only("wslview", "xdg-open")
    assert plan_browser(with_display, platform="linux", which=linux_browser).reason == "desktop"
    assert plan_browser({}, platform="linux", which=only("wslview")).reason == "no-display"
    ssh = {**wsl, "SSH_CONNECTION": "1 2 3 4"}
    assert plan_browser(ssh, platform="linux", which=only("wslview")).reason == "ssh"
    version = tmp_path / "version"
    version.write_text("Linux version 5.15.153.1-microsoft-standard-WSL2 (gcc) #1 SMP\n")
    assert is_wsl({}, version) and not is_wsl({}, tmp_path / "none")


def test_the_windows_opener_gets_the_whole_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in `wslview` on PATH records what it was given."""
    seen = tmp_path / "seen"
    opener = tmp_path / "bin" / "wslview"
    opener.parent.mkdir()
    opener.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {seen}\n')
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", str(opener.parent))
    url = "https://accounts.zoho.com/oauth/v2/auth?scope=a,b&state=s&client_id=1000.X"
    open_in_browser(url, BrowserPlan(True, "wsl"))
    deadline = time.monotonic() + 10
    while not (seen.exists() and seen.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen.read_text() == url


def test_the_ssh_hint_needs_no_pwd_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no pwd: with no user in the environment either, the hint is whole."""
    from tui.oauth.browser import Forward, ssh_forward_command

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setitem(sys.modules, "pwd", None)
    env = {"SSH_CONNECTION": "203.0.113.5 51000 198.51.100.7 22"}
    assert ssh_forward_command([Forward(8976)], env) == (
        "ssh -L 8976:localhost:8976 <the host you connected to>"
    )


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


def test_only_the_temporary_files_of_our_own_files_are_ever_removed(tmp_path: Path) -> None:
    """A home pointed at a shared folder holds other programs' files, named alike."""
    hours_later = time.time() + 3 * 3600
    ours = [
        tmp_path / ".profiles.toml.k3j4h5g6.tmp",
        tmp_path / ".crash-20261206-070000-42.txt.4242.abcdefgh.tmp",
        tmp_path / "cache" / ".integrations-demo.json.4242.abcdefgh.tmp",
    ]
    theirs = [
        tmp_path / ".report.docx.abcdefgh.tmp",
        tmp_path / ".settings.json.4242.abcdefgh.tmp",  # not a file of ours in the home
        tmp_path / "other" / ".integrations-demo.json.4242.abcdefgh.tmp",  # not our folder
    ]
    for path in ours + theirs:
        path.parent.mkdir(exist_ok=True)
        path.write_text("")
    assert sorted(remove_stale_temporary_files(tmp_path, now=hours_later)) == sorted(ours)
    assert all(path.exists() for path in theirs)
