"""A real 16-colour terminal (TERM=xterm in tmux, on our own socket): the colour codes the
console sends for the selected row and the key bar's keys are not red ones (Textual's orange
accent came out as bright red, 101 and 91)."""

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


def test_a_16_colour_terminal_gets_no_red_for_the_selected_row_and_keys(
    isolated_home: Path,
) -> None:
    name = f"colours-{uuid.uuid4().hex[:8]}"
    env = f"IPAAS_AUTH_HOME={isolated_home} TERM=xterm BROWSER=false"
    command = f"env -u COLORTERM {env} {sys.executable} -m tui"
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
        lines = screen.splitlines()
        selected = next(line for line in lines if "Generated Integration 00001" in line)
        assert not codes(selected) & RED_CODES, repr(selected)
        keys = [line for line in lines if "Quit" in line or "Open" in line]
        assert keys and not any(codes(line) & RED_CODES for line in keys), keys
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], check=False)
