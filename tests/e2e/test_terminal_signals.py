"""SIGTERM and SIGHUP end the console as `q` and ctrl+c do, for real: the console runs in a
tmux on our own socket (-L) with the callback listener open; after the signal the pane is back
at the shell with the alternate screen off, no mouse tracking and the cursor shown, and the
callback port is free. (Python's default ends the process where it stands: the shell is left
in the console's modes until `reset`.)"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, Tmux, open_authenticate, preset_applied
from tui.sandbox import SandboxServer

TMUX = Tmux("cli19-signals")
FLAGS = "#{alternate_on} #{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag} #{cursor_flag}"

pytestmark = pytest.mark.skipif(
    (shutil.which("tmux") is None or shutil.which("ps") is None) and os.environ.get("CI") != "true",
    reason="tmux (and ps) are not installed (apt-get install tmux procps); CI installs them",
)


def flags(terminal: Terminal) -> str:
    """Alternate screen, mouse tracking modes, cursor visible: "1 111 0" while the console
    runs, "0 000 1" at a shell."""
    return TMUX("display-message", "-p", "-t", terminal.name, FLAGS).strip()


def console_pid(terminal: Terminal) -> int:
    """The console's process: the pane's shell's child."""
    shell = TMUX("display-message", "-p", "-t", terminal.name, "#{pane_pid}").strip()
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", shell], capture_output=True, text=True, check=True
    ).stdout.split()
    [pid] = children
    return int(pid)


@pytest.fixture
def console(isolated_home: Path, sandbox: SandboxServer, port: int) -> Iterator[Terminal]:
    """The console on the Authenticate screen, waiting for Zoho (its listener open), started
    from a shell that says how it ended."""
    login = preset_applied(sandbox, port)
    env = {"IPAAS_AUTH_HOME": str(isolated_home), "TERM": "xterm-256color", **login}
    variables = " ".join(f"{k}={v}" for k, v in env.items())
    command = (
        f"env BROWSER=false {variables} {sys.executable} -m tui; "
        'echo "ENDED WITH $?"; exec sleep 600'
    )
    with TMUX.window("signals", ["sh", "-c", command], (120, 40)) as terminal:
        yield terminal


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def waiting_for_zoho(terminal: Terminal) -> None:
    open_authenticate(terminal)
    terminal.keys("Enter")  # sign in: the listener opens, waiting for Zoho's redirect
    terminal.wait_for("Waiting for Zoho", timeout=60)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_and_frees_the_callback_port(
    console: Terminal, port: int, name: str
) -> None:
    number = getattr(signal, name)
    waiting_for_zoho(console)
    assert flags(console).split()[0] == "1" and "1" in flags(console).split()[1]
    assert not port_is_free(port)  # the listener is open
    os.kill(console_pid(console), number)
    screen = console.wait_for(f"ENDED WITH {128 + number}", timeout=30)
    assert "Waiting for Zoho" not in screen  # the shell's screen, not the console's
    assert flags(console) == "0 000 1"  # no alternate screen, no mouse tracking, cursor shown
    assert port_is_free(port)
