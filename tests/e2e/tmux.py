"""The console in a real terminal: tmux on a server of the test module's own (-L), never the
user's default one, whose sessions we must not touch. Keys in, screen out."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
from tui.sandbox import SandboxServer, demo

ROOT = Path(__file__).parent.parent.parent
NEEDS_TMUX = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true",
    reason="tmux is not installed (apt-get install tmux); CI installs it",
)


class Tmux:
    """One tmux server, on socket `socket` (one per test module and process)."""

    def __init__(self, socket: str) -> None:
        self.argv = ["tmux", "-L", f"{socket}-{os.getpid()}"]

    def __call__(self, *args: str) -> str:
        """What a tmux command prints; it must succeed."""
        return subprocess.run(
            [*self.argv, *args], check=True, capture_output=True, text=True
        ).stdout

    def alive(self, session: str) -> bool:
        done = subprocess.run([*self.argv, "has-session", "-t", session], capture_output=True)
        return done.returncode == 0

    @contextmanager
    def window(
        self,
        prefix: str,
        command: Sequence[str],
        size: tuple[int, int] = (80, 24),
        capture: Sequence[str] = (),
    ) -> Iterator[Terminal]:
        """A new session running `command` in the project's folder, killed afterwards;
        `capture`: capture-pane's flags for its screen."""
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        x, y = (str(n) for n in size)
        self("new-session", "-d", "-s", name, "-x", x, "-y", y, "-c", str(ROOT), *command)
        try:
            yield Terminal(self, name, capture)
        finally:
            subprocess.run([*self.argv, "kill-session", "-t", name], check=False)


class Terminal:
    """One tmux window, as a person sees and types into it."""

    def __init__(self, tmux: Tmux, name: str, capture: Sequence[str] = ()) -> None:
        self.tmux = tmux
        self.name = name
        self.capture = capture  # such as -J: the lines the terminal wrapped, joined

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", *self.capture, "-t", self.name)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        """The screen, once it shows `text`; fail with what it shows if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")


def preset_applied(sandbox: SandboxServer, port: int) -> dict[str, str]:
    """A profile on `sandbox` with its callback on `port`, the Zoho Commerce version given the
    preset (so `a` opens the Authenticate screen); the environment that logs in."""
    sandbox_profile(sandbox, f"callback_port = {port}\n")
    login = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    applied = ipaas_auth(
        "version", "apply", "zoho", "--preset", "zoho-commerce", "--yes", env=login
    )
    assert applied.returncode == 0, applied.stderr
    return login


def open_authenticate(terminal: Terminal) -> None:
    """From start-up to the demo subscription's Authenticate screen, by keys."""
    terminal.wait_for("Zoho Commerce", timeout=60)
    terminal.keys("s")
    terminal.wait_for("Demo Store", timeout=60)
    terminal.keys("/", "Demo Store", "Enter")
    terminal.wait_for("1 of ", timeout=60)  # keys typed ahead of a screen are issue 12's
    terminal.keys("Enter")
    terminal.wait_for("Refresh token", timeout=60)
    terminal.keys("a")
    terminal.wait_for("Register this redirect URI", timeout=60)
