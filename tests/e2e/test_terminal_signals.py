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
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
from tests.e2e.test_terminal import Terminal
from tui.sandbox import SandboxServer, demo

ROOT = Path(__file__).parent.parent.parent
TMUX = ["tmux", "-L", f"cli19-signals-{os.getpid()}"]
FLAGS = "#{alternate_on} #{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag} #{cursor_flag}"

pytestmark = pytest.mark.skipif(
    (shutil.which("tmux") is None or shutil.which("ps") is None) and os.environ.get("CI") != "true",
    reason="tmux (and ps) are not installed (apt-get install tmux procps); CI installs them",
)


class OwnTerminal(Terminal):
    """tests.e2e.test_terminal's helper, on this module's own tmux socket."""

    def keys(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            [*TMUX, *args], check=True, capture_output=True, text=True
        ).stdout.strip()

    def flags(self) -> str:
        """Alternate screen, mouse tracking modes, cursor visible: "1 111 0" while the
        console runs, "0 000 1" at a shell."""
        return self.tmux("display-message", "-p", "-t", self.name, FLAGS)

    def console_pid(self) -> int:
        """The console's process: the pane's shell's child."""
        shell = self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}")
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", shell], capture_output=True, text=True, check=True
        ).stdout.split()
        [pid] = children
        return int(pid)


@pytest.fixture
def console(isolated_home: Path, sandbox: SandboxServer, port: int) -> Iterator[OwnTerminal]:
    """The console on the Authenticate screen, waiting for Zoho (its listener open), started
    from a shell that says how it ended."""
    sandbox_profile(sandbox, f"callback_port = {port}\n")
    login = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    applied = ipaas_auth(
        "version", "apply", "zoho", "--preset", "zoho-commerce", "--yes", env=login
    )
    assert applied.returncode == 0, applied.stderr
    name = f"signals-{uuid.uuid4().hex[:8]}"
    env = {"IPAAS_AUTH_HOME": str(isolated_home), "TERM": "xterm-256color", **login}
    variables = " ".join(f"{k}={v}" for k, v in env.items())
    command = (
        f"env BROWSER=false {variables} {sys.executable} -m tui; "
        'echo "ENDED WITH $?"; exec sleep 600'
    )
    size = ["-x", "120", "-y", "40"]
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, *size, "-c", str(ROOT), "sh", "-c", command],
        check=True,
    )
    terminal = OwnTerminal(name)
    yield terminal
    subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def open_authenticate(terminal: OwnTerminal) -> None:
    terminal.wait_for("Zoho Commerce", timeout=60)
    terminal.keys("s")
    terminal.wait_for("Demo Store", timeout=60)
    terminal.keys("/", "Demo Store", "Enter")
    terminal.wait_for("1 of ", timeout=60)
    terminal.keys("Enter")
    terminal.wait_for("Refresh token", timeout=60)
    terminal.keys("a")
    terminal.wait_for("Register this redirect URI", timeout=60)
    terminal.keys("Enter")  # sign in: the listener opens, waiting for Zoho's redirect
    terminal.wait_for("Waiting for Zoho", timeout=60)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_and_frees_the_callback_port(
    console: OwnTerminal, port: int, name: str
) -> None:
    number = getattr(signal, name)
    open_authenticate(console)
    assert console.flags().split()[0] == "1" and "1" in console.flags().split()[1]
    assert not port_is_free(port)  # the listener is open
    os.kill(console.console_pid(), number)
    screen = console.wait_for(f"ENDED WITH {128 + number}", timeout=30)
    assert "Waiting for Zoho" not in screen  # the shell's screen, not the console's
    assert console.flags() == "0 000 1"  # no alternate screen, no mouse tracking, cursor shown
    assert port_is_free(port)
