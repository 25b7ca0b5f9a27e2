"""Copying inside tmux, for real: the console runs in a tmux on our own socket (-L), whose
default `set-clipboard external` drops an application's OSC 52; the copy must reach tmux's
buffer, and the message must say where it went."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.browser import consent
from tests.e2e.tmux import NEEDS_TMUX, Terminal, Tmux, open_authenticate, preset_applied
from tui.sandbox import SandboxServer

TMUX = Tmux("ipaas-auth-copy")
pytestmark = NEEDS_TMUX


@pytest.fixture
def console_in_tmux(isolated_home: Path, sandbox: SandboxServer, port: int) -> Iterator[Terminal]:
    yield from start_console(isolated_home, sandbox, port)


@pytest.fixture
def console_after_output(
    isolated_home: Path, sandbox: SandboxServer, port: int
) -> Iterator[Terminal]:
    """The same, started after a shell printed a few lines (they stay on the terminal's main
    screen, under the console's alternate one)."""
    yield from start_console(isolated_home, sandbox, port, before="LEFTOVER-LINE")


@pytest.fixture
def console_then_shell(
    isolated_home: Path, sandbox: SandboxServer, port: int
) -> Iterator[Terminal]:
    """The same, with the terminal kept once the console quits (what the shell then shows)."""
    yield from start_console(isolated_home, sandbox, port, after="CONSOLE-ENDED")


def start_console(
    isolated_home: Path, sandbox: SandboxServer, port: int, before: str = "", after: str = ""
) -> Iterator[Terminal]:
    """The console on a sandbox whose Zoho Commerce version has the preset (so `a` opens the
    Authenticate screen), over "SSH" (no browser opens; the ssh -L command is shown)."""
    login = preset_applied(sandbox, port)
    env = {
        "IPAAS_AUTH_HOME": str(isolated_home),
        "TERM": "xterm-256color",
        "SSH_CONNECTION": "'203.0.113.9 50000 198.51.100.7 22'",
        **login,
    }
    variables = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"env -u BROWSER {variables} {sys.executable} -m tui"
    if before:
        command = f"for i in 1 2 3 4 5; do echo {before} $i; done; exec {command}"
    if after:
        command = f"{command}; echo {after}; sleep 600"
    with TMUX.window("copy", [command], (120, 40), capture=["-J"]) as terminal:
        yield terminal


def plain_view(terminal: Terminal, port: int) -> str:
    """From start-up to the Authenticate screen's plain view (Enter, then w): its screen."""
    open_authenticate(terminal)
    terminal.keys("Enter")
    terminal.wait_for(f"ssh -L {port}:localhost:{port}", timeout=60)
    terminal.keys("w")
    return terminal.wait_for("Press Enter to return", timeout=60)


def toast_words(terminal: Terminal) -> str:
    """The toasts' text (right of their ▌ edge), joined into one line of words."""
    pieces = [line.split("▌", 1)[1] for line in terminal.screen().splitlines() if "▌" in line]
    return " ".join(" ".join(pieces).split())


def wait_for_toast(terminal: Terminal, text: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if text in (words := toast_words(terminal)):
            return words
        time.sleep(0.2)
    raise AssertionError(f"no toast says {text!r}; the screen shows:\n{terminal.screen()}")


def tmux_buffer() -> str:
    shown = subprocess.run([*TMUX.argv, "show-buffer"], capture_output=True, text=True)
    return shown.stdout


def test_c_inside_tmux_reaches_tmux_buffer(console_in_tmux: Terminal, port: int) -> None:
    open_authenticate(console_in_tmux)
    assert tmux_buffer() == ""
    console_in_tmux.keys("c")
    wait_for_toast(console_in_tmux, "The redirect URI was copied to tmux's paste buffer")
    assert tmux_buffer() == f"http://localhost:{port}/callback"


def test_with_set_clipboard_off_the_message_names_the_setting(
    console_in_tmux: Terminal, port: int
) -> None:
    TMUX("set-option", "-g", "set-clipboard", "off")
    open_authenticate(console_in_tmux)
    console_in_tmux.keys("c")
    words = wait_for_toast(console_in_tmux, "set -g set-clipboard on")
    assert "copied to tmux's paste buffer" in words and "passed on" not in words
    assert tmux_buffer() == f"http://localhost:{port}/callback"


def test_w_shows_the_url_and_ssh_command_as_lines_the_terminal_wraps(
    console_in_tmux: Terminal, port: int
) -> None:
    screen = plain_view(console_in_tmux, port)
    # -J joins the lines the terminal wrapped: one line each means no newline was inserted.
    [url] = [line.strip() for line in screen.splitlines() if "/oauth/v2/auth?" in line]
    assert len(url) > 120 and url.startswith("http://127.0.0.1:")
    assert "scope=ZohoCRM.modules.ALL," in url and "&state=" in url and " " not in url
    assert f"redirect_uri=http%3A%2F%2Flocalhost%3A{port}%2Fcallback" in url
    [command] = [line.strip() for line in screen.splitlines() if line.startswith("ssh -L")]
    page = url.split("/")[2].split(":")[1]  # the sandbox's sign-in page, forwarded too
    assert command == (
        f"ssh -L {port}:localhost:{port} -L {page}:127.0.0.1:{page} <the host you connected to>"
    )
    console_in_tmux.keys("Enter")
    console_in_tmux.wait_for("Waiting for Zoho", timeout=60)  # back in the console


def test_zohos_redirect_is_caught_while_the_plain_view_is_open(
    console_in_tmux: Terminal, sandbox: SandboxServer, port: int
) -> None:
    """The person copies the URL from the plain view and signs in; the listener answers the
    browser at once (it does not wait for Enter), and the view says the sign-in is done."""
    sandbox.world.redirect_uris.append(f"http://localhost:{port}/callback")  # registered
    screen = plain_view(console_in_tmux, port)
    [url] = [line.strip() for line in screen.splitlines() if "/oauth/v2/auth?" in line]
    location = consent(url)
    answer = httpx.get(location, timeout=10)  # the browser's redirect, during the plain view
    assert answer.status_code == 200 and "ipaas-auth" in answer.text
    screen = console_in_tmux.wait_for("Authenticated: tokens saved", timeout=60)
    assert "Select with the mouse" in screen  # still the plain view, told what happened
    console_in_tmux.keys("Enter")
    console_in_tmux.wait_for("Access token", timeout=60)


def test_w_starts_the_plain_view_on_a_cleared_screen(
    console_after_output: Terminal, port: int
) -> None:
    """Whatever the terminal showed before the console started is not mixed into the view."""
    terminal = console_after_output
    screen = plain_view(terminal, port)
    assert "LEFTOVER-LINE" not in screen
    # From the top of a clear screen, the ssh command first (it is run first).
    assert screen.splitlines()[0] == "On your own machine, run this first:"
    terminal.keys("Enter")
    terminal.wait_for("Waiting for Zoho", timeout=60)


def test_the_plain_view_leaves_nothing_above_the_shells_prompt(
    console_then_shell: Terminal, port: int
) -> None:
    """The URL (with its state) was still on the terminal's main screen after quitting."""
    terminal = console_then_shell
    plain_view(terminal, port)
    terminal.keys("Enter")
    terminal.wait_for("Waiting for Zoho", timeout=60)
    terminal.keys("q")
    screen = terminal.wait_for("CONSOLE-ENDED", timeout=60)
    assert "/oauth/v2/auth?" not in screen and "Press Enter to return" not in screen
