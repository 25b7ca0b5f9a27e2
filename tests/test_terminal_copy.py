"""Copying inside tmux, for real: the console runs in a tmux on our own socket (-L), whose
default `set-clipboard external` drops an application's OSC 52; the copy must reach tmux's
buffer, and the message must say where it went."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli_commands import ipaas_auth, sandbox_profile
from tests.test_terminal import Terminal
from tui.sandbox import SandboxServer, demo

ROOT = Path(__file__).parent.parent
SOCKET = f"ipaas-auth-copy-{os.getpid()}"
TMUX = ["tmux", "-L", SOCKET]

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true",
    reason="tmux is not installed (apt-get install tmux); CI installs it",
)


class OwnTerminal(Terminal):
    """tests.test_terminal's helper, on this module's own tmux socket."""

    def keys(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*TMUX, "capture-pane", "-p", "-J", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


@pytest.fixture
def console_in_tmux(isolated_home: Path, sandbox: SandboxServer) -> Iterator[OwnTerminal]:
    """The console on a sandbox whose Zoho Commerce version has the preset (so `a` opens the
    Authenticate screen)."""
    sandbox_profile(sandbox)
    login = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    applied = ipaas_auth(
        "version", "apply", "zoho", "--preset", "zoho-commerce", "--yes", env=login
    )
    assert applied.returncode == 0, applied.stderr
    name = f"copy-{uuid.uuid4().hex[:8]}"
    env = {
        "IPAAS_AUTH_HOME": str(isolated_home),
        "TERM": "xterm-256color",
        "BROWSER": "false",
        **login,
    }
    command = " ".join(f"{k}={v}" for k, v in env.items()) + f" {sys.executable} -m tui"
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-c", str(ROOT), command],
        check=True,
    )
    yield OwnTerminal(name)
    subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


def open_authenticate(terminal: OwnTerminal) -> None:
    terminal.wait_for("Zoho Commerce", timeout=60)
    terminal.keys("s")
    terminal.wait_for("Demo Store", timeout=60)
    terminal.keys("/", "Demo Store", "Enter")
    terminal.keys("Enter")
    terminal.wait_for("Refresh token", timeout=60)
    terminal.keys("a")
    terminal.wait_for("Register this redirect URI", timeout=60)


def toast_words(terminal: OwnTerminal) -> str:
    """The toasts' text (right of their ▌ edge), joined into one line of words."""
    pieces = [line.split("▌", 1)[1] for line in terminal.screen().splitlines() if "▌" in line]
    return " ".join(" ".join(pieces).split())


def wait_for_toast(terminal: OwnTerminal, text: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if text in (words := toast_words(terminal)):
            return words
        time.sleep(0.2)
    raise AssertionError(f"no toast says {text!r}; the screen shows:\n{terminal.screen()}")


def tmux_buffer() -> str:
    return subprocess.run(
        [*TMUX, "show-buffer"], capture_output=True, text=True, check=False
    ).stdout


def test_c_inside_tmux_reaches_tmux_buffer(console_in_tmux: OwnTerminal) -> None:
    open_authenticate(console_in_tmux)
    assert tmux_buffer() == ""
    console_in_tmux.keys("c")
    wait_for_toast(console_in_tmux, "The redirect URI was copied to tmux's paste buffer")
    assert tmux_buffer() == "http://localhost:8976/callback"


def test_with_set_clipboard_off_the_message_names_the_setting(
    console_in_tmux: OwnTerminal,
) -> None:
    subprocess.run([*TMUX, "set-option", "-g", "set-clipboard", "off"], check=True)
    open_authenticate(console_in_tmux)
    console_in_tmux.keys("c")
    words = wait_for_toast(console_in_tmux, "set -g set-clipboard on")
    assert "copied to tmux's paste buffer" in words and "passed on" not in words
    assert tmux_buffer() == "http://localhost:8976/callback"
