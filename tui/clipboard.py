"""Copying text for the user, honestly: through tmux's own buffer inside tmux (whose default
`set-clipboard external` swallows an application's OSC 52), else with OSC 52 to the terminal.

Every copy key and Textual's own ctrl+c go through `copy_text`; the message it returns says
where the text went, never more than that. The app inherits `ClipboardApp`, the copy keys' side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from textual.app import App

from tui import textual_internals as internals

TMUX_TIMEOUT = 3.0
ENABLE_HINT = "for your system clipboard, add `set -g set-clipboard on` to ~/.tmux.conf"


@dataclass(frozen=True)
class CopyResult:
    copied: bool  # the text reached a buffer we know of (tmux's), or was sent as OSC 52
    message: str


def copy_text(
    text: str,
    what: str,
    osc52: Callable[[str], None],
    environ: Mapping[str, str] | None = None,
) -> CopyResult:
    """Copy `text` (described as `what`, e.g. "The redirect URI") and say where it went."""
    env = os.environ if environ is None else environ
    if env.get("TMUX"):
        return _copy_in_tmux(text, what, osc52)
    osc52(text)
    return CopyResult(True, f"{what} was sent to your terminal's clipboard (OSC 52).")


def _copy_in_tmux(text: str, what: str, osc52: Callable[[str], None]) -> CopyResult:
    problem = _tmux(["load-buffer", "-w", "-"], text)
    if problem is not None and "-w" in problem:  # tmux < 3.2 has no -w
        problem = _tmux(["load-buffer", "-"], text)
    if problem is not None:
        osc52(text)  # reaches the clipboard only where tmux passes OSC 52 on
        return CopyResult(
            False,
            f"{what} may not have been copied: tmux's buffer refused it ({problem}). Inside "
            f"tmux, OSC 52 works only with `set -g set-clipboard on`; or select it with the "
            f"mouse (shift+drag).",
        )
    setting = _tmux_option("set-clipboard")
    if setting in ("on", "external"):
        return CopyResult(
            True,
            f"{what} was copied to tmux's paste buffer (prefix ] pastes it) and passed on "
            "to your terminal's clipboard.",
        )
    return CopyResult(
        True, f"{what} was copied to tmux's paste buffer (prefix ] pastes it); {ENABLE_HINT}."
    )


def _tmux(args: list[str], stdin: str) -> str | None:
    """Run tmux (the server $TMUX names); None when it worked, else why not, in one line."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return "tmux is not on PATH"
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments; the text goes on stdin
            [tmux, *args],
            input=stdin,
            text=True,
            capture_output=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tmux did not answer: {type(exc).__name__}"
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
    return None


def _tmux_option(name: str) -> str | None:
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments
            [tmux, "show-options", "-gv", name],
            text=True,
            capture_output=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


class ClipboardApp(App[None]):
    def copy_to_clipboard(self, text: str) -> None:
        """Every copy, ours and Textual's (ctrl+c in an Input), goes through tmux's buffer
        inside tmux, where an application's OSC 52 is dropped by default."""
        self.copy_text(text, "The selection")

    def copy_text(self, text: str, what: str) -> CopyResult:
        internals.remember_copied(self, text)  # what ctrl+v pastes, wherever the copy went
        return copy_text(text, what, super().copy_to_clipboard)

    def copy(self, text: str, what: str) -> None:
        """A copy key's work: copy, then say where the text went (or that it did not)."""
        result = self.copy_text(text, what)
        self.notify(result.message, severity="information" if result.copied else "warning")

    def action_help_quit(self) -> None:
        """ctrl+c with nothing selected to copy quits, as in other terminal tools (an Input
        or a screen with a selection copies instead: their ctrl+c binding comes first)."""
        self.exit()
