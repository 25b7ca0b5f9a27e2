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

import httpx
import pytest

from tests.browser import consent
from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
from tests.e2e.test_terminal import Terminal
from tests.isolation import isolated_variables
from tui.sandbox import SandboxServer, demo

ROOT = Path(__file__).parent.parent.parent
SOCKET = f"ipaas-auth-copy-{os.getpid()}"
TMUX = ["tmux", "-L", SOCKET]

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true",
    reason="tmux is not installed (apt-get install tmux); CI installs it",
)


class OwnTerminal(Terminal):
    """tests.e2e.test_terminal's helper, on this module's own tmux socket."""

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
def console_in_tmux(
    isolated_home: Path, sandbox: SandboxServer, port: int
) -> Iterator[OwnTerminal]:
    yield from start_console(isolated_home, sandbox, port)


@pytest.fixture
def console_after_output(
    isolated_home: Path, sandbox: SandboxServer, port: int
) -> Iterator[OwnTerminal]:
    """The same, started after a shell printed a few lines (they stay on the terminal's main
    screen, under the console's alternate one)."""
    yield from start_console(isolated_home, sandbox, port, before="LEFTOVER-LINE")


def start_console(
    isolated_home: Path, sandbox: SandboxServer, port: int, before: str = ""
) -> Iterator[OwnTerminal]:
    """The console on a sandbox whose Zoho Commerce version has the preset (so `a` opens the
    Authenticate screen), over "SSH" (no browser opens; the ssh -L command is shown)."""
    sandbox_profile(sandbox, f"callback_port = {port}\n")
    login = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    applied = ipaas_auth(
        "version", "apply", "zoho", "--preset", "zoho-commerce", "--yes", env=login
    )
    assert applied.returncode == 0, applied.stderr
    name = f"copy-{uuid.uuid4().hex[:8]}"
    env = {
        **isolated_variables(),
        "TERM": "xterm-256color",
        "SSH_CONNECTION": "'203.0.113.9 50000 198.51.100.7 22'",
        **login,
    }
    variables = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"env -u BROWSER {variables} {sys.executable} -m tui"
    if before:
        command = f"for i in 1 2 3 4 5; do echo {before} $i; done; exec {command}"
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
    terminal.wait_for("1 of ", timeout=60)  # keys typed ahead of a screen are issue 12's
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


def test_c_inside_tmux_reaches_tmux_buffer_and_says_so(
    console_in_tmux: OwnTerminal, port: int
) -> None:
    open_authenticate(console_in_tmux)
    assert tmux_buffer() == ""
    console_in_tmux.keys("c")
    wait_for_toast(console_in_tmux, "The redirect URI was copied to tmux's paste buffer")
    assert tmux_buffer() == f"http://localhost:{port}/callback"
    # With set-clipboard off, the message names the setting that passes copies on.
    subprocess.run([*TMUX, "delete-buffer"], check=True)
    subprocess.run([*TMUX, "set-option", "-g", "set-clipboard", "off"], check=True)
    console_in_tmux.keys("c")
    words = wait_for_toast(console_in_tmux, "set -g set-clipboard on")
    # (The first toast, "… and passed on to your terminal's clipboard", may still show.)
    assert "paste buffer (prefix ] pastes it); for your system clipboard, add" in words
    assert tmux_buffer() == f"http://localhost:{port}/callback"


def test_w_shows_the_url_and_ssh_command_and_the_redirect_is_caught_meanwhile(
    console_after_output: OwnTerminal, sandbox: SandboxServer, port: int
) -> None:
    """The plain view starts on a cleared screen (what the terminal showed before the console
    is not mixed in), shows the URL and the ssh command as lines the terminal wraps; the
    person copies the URL and signs in: the listener answers the browser at once (it does not
    wait for Enter), and the view says the sign-in is done."""
    terminal = console_after_output
    sandbox.world.redirect_uris.append(f"http://localhost:{port}/callback")  # registered
    open_authenticate(terminal)
    terminal.keys("Enter")
    terminal.wait_for(f"ssh -L {port}:localhost:{port}", timeout=60)
    terminal.keys("w")
    screen = terminal.wait_for("Press Enter to return", timeout=60)
    assert "LEFTOVER-LINE" not in screen
    assert screen.splitlines()[0] == "Sign-in URL:"  # from the top of a clear screen
    # -J joins the lines the terminal wrapped: one line each means no newline was inserted.
    [url] = [line.strip() for line in screen.splitlines() if "/oauth/v2/auth?" in line]
    assert len(url) > 120 and url.startswith("http://127.0.0.1:")
    assert "scope=ZohoCRM.modules.ALL," in url and "&state=" in url and " " not in url
    assert f"redirect_uri=http%3A%2F%2Flocalhost%3A{port}%2Fcallback" in url
    [command] = [line.strip() for line in screen.splitlines() if line.startswith("ssh -L")]
    assert command.endswith("@198.51.100.7")
    location = consent(url)
    answer = httpx.get(location, timeout=10)  # the browser's redirect, during the plain view
    assert answer.status_code == 200 and "ipaas-auth" in answer.text
    screen = terminal.wait_for("Authenticated: tokens saved", timeout=60)
    assert "Select with the mouse" in screen  # still the plain view, told what happened
    terminal.keys("Enter")
    terminal.wait_for("Access token", timeout=60)  # back in the console
