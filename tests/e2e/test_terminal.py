"""The console in a real terminal (tmux), used the way a person uses it: keys in, screen out."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import NEEDS_TMUX, ROOT, Terminal, Tmux
from tests.isolation import isolated_variables

TMUX = Tmux("ipaas-auth-test")
pytestmark = NEEDS_TMUX


@pytest.fixture
def terminal(isolated_home: Path) -> Iterator[Terminal]:
    """`ipaas-auth` in an 80x24 tmux window, with no profiles yet (so: the sandbox)."""
    env = {**isolated_variables(), "TERM": "xterm-256color", "BROWSER": "false"}
    command = " ".join(f"{k}={v}" for k, v in env.items()) + f" {sys.executable} -m tui"
    with TMUX.window("ipaas-auth-test", [command]) as terminal:
        yield terminal


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
        alive = TMUX.alive(terminal.name)
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
