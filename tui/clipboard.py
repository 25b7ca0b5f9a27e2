"""Copying text for the user, honestly. One small rule (`route`) chooses how: on a local desktop
the platform's clipboard command (pbcopy, wl-copy, xclip or xsel, clip.exe), whose success we
can see; inside tmux its own buffer (tmux's default `set-clipboard external` swallows an
application's OSC 52); else OSC 52 to the terminal.

Nothing confirms that OSC 52 reached a clipboard: Terminal.app, GNOME Terminal and GNU screen
drop it, and so may tmux or the terminal at the far end of SSH. Then the message never says
"copied": it says the text was sent, and how to select it instead. Every copy key and Textual's
own ctrl+c go through `copy_text`. The app inherits `ClipboardApp`, the copy keys' side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from textual.app import App

from tui import textual_internals as internals

TMUX_TIMEOUT = 3.0
COMMAND_TIMEOUT = 3.0
ENABLE_HINT = "for your system clipboard, add `set -g set-clipboard on` to ~/.tmux.conf"
SELECT_HINT = "press w and select it"  # the Authenticate screen's plain view, while signing in
MOUSE_HINT = "select it with the mouse (shift+drag)"

SSH_VARIABLES = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")
# Terminals that take OSC 52 as they come (without a setting to turn on), by what they set.
OSC52_TERMINALS = {"KITTY_WINDOW_ID", "WEZTERM_PANE", "WT_SESSION", "ALACRITTY_WINDOW_ID"}
OSC52_TERMS = ("xterm-kitty", "foot", "alacritty", "wezterm")


@dataclass(frozen=True)
class Route:
    """How a copy goes: `command` (argv of the platform's clipboard tool), `tmux`, or
    `osc52` (`known`: to a terminal that takes it as it comes)."""

    kind: str
    command: tuple[str, ...] = ()
    known: bool = False


def route(env: Mapping[str, str], platform: str, which: Callable[[str], str | None]) -> Route:
    """The rule: a local desktop's clipboard command when there is one, else tmux's buffer
    inside tmux, else OSC 52. `platform` is sys.platform; `which` finds a program."""
    command = None if any(env.get(v) for v in SSH_VARIABLES) else _command(env, platform, which)
    if command is not None:
        return Route("command", command)
    if env.get("TMUX"):
        return Route("tmux")
    term = env.get("TERM", "")
    known = any(env.get(v) for v in OSC52_TERMINALS) or term.startswith(OSC52_TERMS)
    return Route("osc52", known=known and not env.get("STY"))  # GNU screen swallows it


def _command(
    env: Mapping[str, str], platform: str, which: Callable[[str], str | None]
) -> tuple[str, ...] | None:
    """The local desktop's clipboard command, or None (no desktop, or no such program)."""
    choices: list[tuple[str, ...]] = []
    if platform == "darwin":
        choices = [("pbcopy",)]
    elif platform in ("win32", "cygwin") or env.get("WSL_DISTRO_NAME"):
        choices = [("clip.exe",), ("clip",)]
    elif env.get("WAYLAND_DISPLAY"):
        choices = [("wl-copy",)]
    elif env.get("DISPLAY"):
        choices = [("xclip", "-selection", "clipboard"), ("xsel", "--clipboard", "--input")]
    for name, *arguments in choices:
        path = which(name)
        if path is not None:
            return (path, *arguments)
    return None


@dataclass(frozen=True)
class CopyResult:
    copied: bool  # it reached a clipboard or buffer that said so (a command's, tmux's)
    message: str
    failed: bool = False  # something refused it: say so as a warning


def copy_text(
    text: str,
    what: str,
    osc52: Callable[[str], None],
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    select_hint: str = SELECT_HINT,
) -> CopyResult:
    """Copy `text` (described as `what`, e.g. "The redirect URI") and say where it went;
    `select_hint` says how to select it by hand where no copy can be confirmed."""
    env = os.environ if environ is None else environ
    chosen = route(
        env, platform or sys.platform, lambda name: shutil.which(name, path=env.get("PATH"))
    )
    if chosen.kind == "command":
        problem = _run(chosen.command, text)
        if problem is None:
            name = os.path.basename(chosen.command[0])
            return CopyResult(True, f"{what} was copied to the clipboard ({name}).")
        chosen = Route("tmux") if env.get("TMUX") else Route("osc52")
    if chosen.kind == "tmux":
        return _copy_in_tmux(text, what, osc52, select_hint)
    osc52(text)
    if chosen.known:
        return CopyResult(False, f"{what} was sent to your terminal's clipboard (OSC 52).")
    return CopyResult(False, f"{what} was sent to the terminal; if nothing arrived, {select_hint}.")


def _run(command: tuple[str, ...], text: str) -> str | None:
    """Give `text` to a clipboard command; None when it worked, else why not. Its output goes
    nowhere: wl-copy and xclip stay behind to serve the clipboard, holding what they inherit."""
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program found on PATH; the text on stdin
            command,
            input=text.encode(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return type(exc).__name__
    return None if done.returncode == 0 else f"exit status {done.returncode}"


def _copy_in_tmux(
    text: str, what: str, osc52: Callable[[str], None], select_hint: str
) -> CopyResult:
    problem = _tmux(["load-buffer", "-w", "-"], text)
    if problem is not None and "-w" in problem:  # tmux < 3.2 has no -w
        problem = _tmux(["load-buffer", "-"], text)
    if problem is not None:
        osc52(text)  # reaches the clipboard only where tmux passes OSC 52 on
        return CopyResult(
            False,
            f"{what} may not have been copied: tmux's buffer refused it ({problem}). Inside "
            f"tmux, OSC 52 works only with `set -g set-clipboard on`; or {select_hint}.",
            failed=True,
        )
    setting = _tmux_option("set-clipboard")
    if setting in ("on", "external"):
        return CopyResult(
            True,
            f"{what} was copied to tmux's paste buffer (prefix ] pastes it) and sent on to "
            f"the terminal; if your clipboard did not get it, {select_hint}.",
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
        """Every copy, ours and Textual's (ctrl+c in an Input), goes through `copy_text`."""
        self.copy_text(text, "The selection")

    def copy_text(self, text: str, what: str, select_hint: str = SELECT_HINT) -> CopyResult:
        internals.remember_copied(self, text)  # what ctrl+v pastes, wherever the copy went
        return copy_text(text, what, super().copy_to_clipboard, select_hint=select_hint)

    def copy(self, text: str, what: str, select_hint: str | None = None) -> None:
        """A copy key's work: copy, then say where the text went (or that it did not), and,
        where that cannot be known, how to select it: `select_hint`, else `w` where the
        screen's plain view is open to it now, else the mouse."""
        if select_hint is None:
            plain = getattr(self.screen, "action_show_plain", None) is not None
            shown = plain and self.screen.check_action("show_plain", ())
            select_hint = SELECT_HINT if shown else MOUSE_HINT
        result = self.copy_text(text, what, select_hint)
        self.notify(result.message, severity="warning" if result.failed else "information")

    def action_help_quit(self) -> None:
        """ctrl+c with nothing selected to copy quits, as in other terminal tools (an Input
        or a screen with a selection copies instead: their ctrl+c binding comes first)."""
        self.exit()
