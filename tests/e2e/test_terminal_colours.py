"""A real 16-colour terminal (TERM=xterm in tmux, on our own socket): the colour codes the
console sends for the selected row and the key bar's keys are not red ones (Textual's orange
accent came out as bright red, 101 and 91), and with NO_COLOR too the selected row is
readable."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tests.e2e.tmux import NEEDS_TMUX, Tmux

TMUX = Tmux("ipaas-auth-colours")
RED_CODES = {"31", "41", "91", "101"}  # red and bright red, as foreground and background
SGR = re.compile(r"\x1b\[([0-9;]*)m")

pytestmark = NEEDS_TMUX


def codes(line: str) -> set[str]:
    return {code for found in SGR.findall(line) for code in found.split(";")}


def first_screen(home: Path, env: str) -> list[str]:
    """The console's first screen, with its colour codes, in tmux at 80x24 under `env`."""
    variables = f"IPAAS_AUTH_HOME={home} BROWSER=false {env}"
    command = f"env -u COLORTERM -u NO_COLOR {variables} {sys.executable} -m tui"
    with TMUX.window("colours", [command], capture=["-e"]) as terminal:
        return terminal.wait_for("Generated Integration 00001").splitlines()


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
