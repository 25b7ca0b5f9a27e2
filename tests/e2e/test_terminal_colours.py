"""A real 16-colour terminal (TERM=xterm in tmux, on our own socket): the colour codes the
console sends for the selected row and the key bar's keys are not red ones (Textual's orange
accent came out as bright red, 101 and 91), and with NO_COLOR too the selected row is
readable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
TMUX = ["tmux", "-L", f"ipaas-auth-colours-{os.getpid()}"]
RED_CODES = {"31", "41", "91", "101"}  # red and bright red, as foreground and background
SGR = re.compile(r"\x1b\[([0-9;]*)m")

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and os.environ.get("CI") != "true",
    reason="tmux is not installed (apt-get install tmux); CI installs it",
)


def codes(line: str) -> set[str]:
    return {code for found in SGR.findall(line) for code in found.split(";")}


def first_screen(home: Path, env: str) -> list[str]:
    """The console's first screen, with its colour codes, in tmux at 80x24 under `env`."""
    name = f"colours-{uuid.uuid4().hex[:8]}"
    env = f"IPAAS_AUTH_HOME={home} BROWSER=false {env}"
    command = f"env -u COLORTERM -u NO_COLOR {env} {sys.executable} -m tui"
    subprocess.run(
        [*TMUX, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", str(ROOT), command],
        check=True,
    )
    try:
        screen = ""
        deadline = time.monotonic() + 20
        while "Generated Integration 00001" not in screen and time.monotonic() < deadline:
            time.sleep(0.1)
            screen = subprocess.run(
                [*TMUX, "capture-pane", "-e", "-p", "-t", name],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        return screen.splitlines()
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)


def test_a_16_colour_terminal_gets_no_red_for_the_selected_row_and_keys(
    isolated_home: Path,
) -> None:
    lines = first_screen(isolated_home, "TERM=xterm")
    selected = next(line for line in lines if "Generated Integration 00001" in line)
    assert not codes(selected) & RED_CODES, repr(selected)
    keys = [line for line in lines if "Quit" in line or "Open" in line]
    assert keys and not any(codes(line) & RED_CODES for line in keys), keys


def test_no_color_on_a_16_colour_terminal_keeps_the_selected_row_readable(
    isolated_home: Path,
) -> None:
    """NO_COLOR turns the calm variant's cyan into light grey (47), and the row's text stayed
    bright white (97) on it: unreadable. Under NO_COLOR the default theme's dark text is kept."""
    lines = first_screen(isolated_home, "TERM=xterm NO_COLOR=1")
    selected = next(line for line in lines if "Generated Integration 00001" in line)
    found = codes(selected.split("Generated Integration 00001")[0])
    light_text, light_ground = found & {"37", "97"}, found & {"47", "107"}
    assert not (light_text and light_ground), repr(selected)
