"""Keys typed before the console has the terminal, in a real terminal (tmux): the tty is still
in cooked mode then, and turns each Enter (CR) into a line feed (ICRNL), which the console
reads as ctrl+j once it starts. They must still act as Enter."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_terminal import Terminal
from tests.isolation import isolated_variables

ROOT = Path(__file__).parent.parent.parent
TMUX = ["tmux", "-L", f"ipaas-auth-typeahead-{os.getpid()}"]  # our own server, never the default

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
            [*TMUX, "capture-pane", "-p", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


@pytest.fixture
def gated_console(isolated_home: Path, tmp_path: Path) -> Iterator[tuple[OwnTerminal, Path]]:
    """An 80x24 tmux window whose shell waits on a FIFO before it starts `ipaas-auth` (the
    sandbox): keys sent meanwhile meet the tty in cooked mode, as a fast typist's do."""
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    name = f"typeahead-{uuid.uuid4().hex[:8]}"
    env = {**isolated_variables(), "TERM": "xterm-256color", "BROWSER": "false"}
    variables = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"sh -c 'cat {gate} >/dev/null; exec env {variables} {sys.executable} -m tui'"
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", str(ROOT), command],
        check=True,
    )
    yield OwnTerminal(name), gate
    subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


def test_enters_typed_before_the_console_started_open_the_integration(
    gated_console: tuple[OwnTerminal, Path],
) -> None:
    terminal, gate = gated_console
    terminal.keys("/zoho", "Enter", "Enter")
    # The cooked tty echoes what it holds: the keys are in its buffer before the console runs.
    terminal.wait_for("/zoho")
    gate.write_text("go\n")  # the shell's `cat` ends: the console starts and reads them
    screen = terminal.wait_for("Zoho Commerce  ·  3000", timeout=40)
    assert "Authorization type" in screen  # the integration screen, not the list's filter
