"""The console in a real terminal (tmux), used the way a person uses it: keys in, screen out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.isolation import isolated_variables

ROOT = Path(__file__).parent.parent.parent
# Our own tmux server (-L): never the user's default one, whose sessions we must not touch.
TMUX = ["tmux", "-L", f"ipaas-auth-test-{os.getpid()}"]

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true",
    reason="tmux is not installed (apt-get install tmux); CI installs it",
)


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*TMUX, "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")


@pytest.fixture
def terminal(isolated_home: Path) -> Iterator[Terminal]:
    """`ipaas-auth` in an 80x24 tmux window, with no profiles yet (so: the sandbox)."""
    name = f"ipaas-auth-test-{uuid.uuid4().hex[:8]}"
    env = {**isolated_variables(), "TERM": "xterm-256color", "BROWSER": "false"}
    command = " ".join(f"{k}={v}" for k, v in env.items()) + f" {sys.executable} -m tui"
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", str(ROOT), command],
        check=True,
    )
    yield Terminal(name)
    subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


def test_first_run_preset_and_save_in_a_real_terminal(terminal: Terminal) -> None:
    screen = terminal.wait_for("SANDBOX")  # once connected, it says plainly it is the sandbox
    assert "this is the" in screen and "Zoho Commerce" in screen
    assert "i Integrations" in screen or "Integrations" in screen.splitlines()[-1]
    terminal.keys("/", "zoho", "Enter")
    terminal.wait_for("1 of 6 integrations")
    terminal.keys("Enter")
    terminal.wait_for("Authorization type")
    terminal.keys("Enter")
    terminal.wait_for("The template is empty")
    terminal.keys("p")
    terminal.wait_for("Unsaved changes")
    terminal.keys("C-s")
    terminal.wait_for("Save these changes to iPaaS.com?")
    terminal.keys("y")
    terminal.wait_for("Saved to iPaaS.com.")
    terminal.keys("Escape")
    terminal.wait_for("Versions · Enter")
    terminal.keys("Escape")
    terminal.wait_for("1 of 6 integrations")  # back on the list, which then shows the new type
    terminal.wait_for("OAuth Initiated")
    terminal.keys("q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the process ends and the shell's window closes
        alive = (
            subprocess.run(
                [*TMUX, "has-session", "-t", terminal.name], capture_output=True
            ).returncode
            == 0
        )
        if not alive:
            break
        time.sleep(0.1)
    assert not alive, f"still running after q:\n{terminal.screen()}"


def readme_escape_pause() -> float:
    """The pause after Escape the README tells a script that types the seed procedure."""
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(r"should wait ([0-9.]+) s after each `Escape`", text)
    assert found, "README.md no longer says how long a script waits after Escape"
    return float(found.group(1))


def test_the_readme_seed_typed_as_one_burst_reaches_the_sign_in(terminal: Terminal) -> None:
    """The README's numbered keystrokes, sent without waiting for any screen, pausing only as
    long as it says after each Escape (without it, ESC s reads as alt+s and the keys after it
    land in the version editor's template)."""
    terminal.wait_for("SANDBOX")
    pause = readme_escape_pause()
    terminal.keys("/", "zoho", "Enter", "Enter", "Enter", "p", "C-s", "y", "Escape")
    time.sleep(pause)  # pacing the input as the README says; nothing is asserted after it
    terminal.keys("Escape")
    time.sleep(pause)
    terminal.keys("s", "/", "store", "Enter", "Enter", "a", "Enter")
    screen = terminal.wait_for("Waiting for Zoho")
    assert "Authenticate Zoho Commerce" in screen and "Demo Store" in screen, screen
