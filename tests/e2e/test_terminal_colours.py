"""A real 16-colour terminal (TERM=xterm in tmux, on our own socket): the colour codes the
console sends for the selected row and the key bar's keys are not red ones (Textual's orange
accent came out as bright red, 101 and 91)."""

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


def test_a_16_colour_terminal_gets_no_red_for_the_selected_row_and_keys(
    isolated_home: Path,
) -> None:
    env = f"IPAAS_AUTH_HOME={isolated_home} TERM=xterm BROWSER=false"
    command = f"env -u COLORTERM {env} {sys.executable} -m tui"
    with TMUX.window("colours", [command], capture=["-e"]) as terminal:
        lines = terminal.wait_for("Generated Integration 00001").splitlines()
        selected = next(line for line in lines if "Generated Integration 00001" in line)
        assert not codes(selected) & RED_CODES, repr(selected)
        keys = [line for line in lines if "Quit" in line or "Open" in line]
        assert keys and not any(codes(line) & RED_CODES for line in keys), keys
