"""Keys typed before the console has the terminal, in a real terminal (tmux): the tty is still
in cooked mode then, and turns each Enter (CR) into a line feed (ICRNL), which the console
reads as ctrl+j once it starts. They must still act as Enter."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import NEEDS_TMUX, Terminal, Tmux
from tests.isolation import isolated_variables

TMUX = Tmux("ipaas-auth-typeahead")
pytestmark = NEEDS_TMUX


@pytest.fixture
def gated_console(isolated_home: Path, tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    """An 80x24 tmux window whose shell waits on a FIFO before it starts `ipaas-auth` (the
    sandbox): keys sent meanwhile meet the tty in cooked mode, as a fast typist's do."""
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    env = {**isolated_variables(), "TERM": "xterm-256color", "BROWSER": "false"}
    variables = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"sh -c 'cat {gate} >/dev/null; exec env {variables} {sys.executable} -m tui'"
    with TMUX.window("typeahead", [command]) as terminal:
        yield terminal, gate


def test_enters_typed_before_the_console_started_open_the_integration(
    gated_console: tuple[Terminal, Path],
) -> None:
    terminal, gate = gated_console
    terminal.keys("/zoho", "Enter", "Enter")
    # The cooked tty echoes what it holds: the keys are in its buffer before the console runs.
    terminal.wait_for("/zoho")
    gate.write_text("go\n")  # the shell's `cat` ends: the console starts and reads them
    screen = terminal.wait_for("Zoho Commerce  ·  3000", timeout=40)
    assert "Authorization type" in screen  # the integration screen, not the list's filter
