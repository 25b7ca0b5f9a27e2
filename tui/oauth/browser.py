"""Whether to launch a browser, which one, and the `ssh -L` command that lets a browser on
another machine reach the listener, and a sign-in page served on this machine's loopback (the
sandbox's); tui/core/authenticate.py decides which ports and when it is worth showing.

A text browser started by Python's `webbrowser` on a headless box would take over the terminal
the console draws on; so without an explicit BROWSER, SSH sessions and display-less Linux get
the URL and a port-forward hint instead. On WSL without a Linux browser the Windows browser is
opened (`wslview`, else `explorer.exe`), as gh does: its localhost reaches our listener.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SUPPRESS = {"false", "0", "none", "no", ""}
# Where WSL mounts Windows' own explorer.exe, for a PATH without Windows' directories.
WINDOWS_EXPLORER = Path("/mnt/c/Windows/explorer.exe")
# What xdg-open and webbrowser would use on Linux: any of them is a Linux browser.
LINUX_OPENERS = ("xdg-open", "x-www-browser", "www-browser", "firefox", "google-chrome", "chromium")


Reason = Literal[
    "browser-env", "suppressed", "no-browser", "ssh", "no-display", "desktop", "web", "wsl"
]


@dataclass(frozen=True)
class BrowserPlan:
    """Whether to launch a browser, and why (tui/core/authenticate_text.py words it)."""

    launch: bool
    reason: Reason


def plan_browser(
    env: Mapping[str, str] | None = None,
    is_web: bool = False,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    no_browser: bool = False,
) -> BrowserPlan:
    """The plan for this environment; `no_browser` (a command's --no-browser) only turns a
    launch off: an SSH session or a missing display is still said as such."""
    plan = _environment_plan(os.environ if env is None else env, is_web, platform, which)
    return BrowserPlan(False, "no-browser") if no_browser and plan.launch else plan


def _environment_plan(
    env: Mapping[str, str], is_web: bool, platform: str, which: Callable[[str], str | None]
) -> BrowserPlan:
    if is_web:
        return BrowserPlan(True, "web")
    if "BROWSER" in env:
        if env["BROWSER"].strip().lower() in SUPPRESS:
            return BrowserPlan(False, "suppressed")
        return BrowserPlan(True, "browser-env")
    if env.get("SSH_CONNECTION") or env.get("SSH_CLIENT") or env.get("SSH_TTY"):
        return BrowserPlan(False, "ssh")
    if platform.startswith("linux"):
        display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
        linux_browser = display and any(which(name) for name in LINUX_OPENERS)
        if not linux_browser and is_wsl(env) and windows_opener("", env, which):
            return BrowserPlan(True, "wsl")
        if not display:
            return BrowserPlan(False, "no-display")
    return BrowserPlan(True, "desktop")


def is_wsl(env: Mapping[str, str], proc_version: Path = Path("/proc/version")) -> bool:
    """Windows Subsystem for Linux: WSL sets WSL_DISTRO_NAME; its kernel names Microsoft."""
    if env.get("WSL_DISTRO_NAME"):
        return True
    try:
        return "microsoft" in proc_version.read_text(errors="replace").lower()
    except OSError:
        return False


def windows_opener(
    url: str, env: Mapping[str, str], which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The command that opens `url` in the Windows browser from WSL; None if there is none.
    explorer.exe, not `cmd.exe /c start`: cmd would cut a URL at its first `&`."""
    wslview = which("wslview")
    if wslview:
        return [wslview, url]
    explorer = which("explorer.exe") or (
        str(WINDOWS_EXPLORER) if WINDOWS_EXPLORER.exists() else None
    )
    return [explorer, url] if explorer else None


def open_in_browser(url: str, plan: BrowserPlan, env: Mapping[str, str] | None = None) -> None:
    """Open `url` as `plan` says: the Windows browser from WSL, else Python's webbrowser (which
    may wait for a $BROWSER command to end: call it from a worker thread)."""
    env = os.environ if env is None else env
    command = windows_opener(url, env) if plan.reason == "wsl" else None
    if command is None:
        import webbrowser

        webbrowser.open(url, new=2)  # a new tab, as Textual's App.open_url asks
        return
    import subprocess

    with contextlib.suppress(OSError):  # the URL is on screen: the user opens it by hand
        subprocess.Popen(  # noqa: S603 - a fixed opener; the URL is one argument, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


SSH_HOST_ENV = "IPAAS_AUTH_SSH_HOST"
# Shown where the name is unknown: run as it is, the shell refuses it (a syntax error), so a
# command copied unedited does nothing instead of connecting somewhere else.
SSH_HOST_PLACEHOLDER = "<the host you connected to>"


@dataclass(frozen=True)
class Forward:
    """One `-L`: a port on this machine's `host`, reached at the same port on the person's."""

    port: int
    host: str = "localhost"


def ssh_destination(env: Mapping[str, str] | None = None) -> str:
    """What the person types after `ssh` to reach this machine, if they told us
    (IPAAS_AUTH_SSH_HOST); "" otherwise. Never guessed: SSH_CONNECTION names this side's
    address, wrong behind NAT, a jump host or an alias, and the hostname is no better."""
    env = os.environ if env is None else env
    return " ".join(env.get(SSH_HOST_ENV, "").split())


def ssh_forward_command(forwards: Sequence[Forward], env: Mapping[str, str] | None = None) -> str:
    """The command to run on the person's own machine so its browser reaches these ports here:
    `ssh -L 8976:localhost:8976 <the host you connected to>`, the placeholder replaced by
    IPAAS_AUTH_SSH_HOST when it is set."""
    ports = " ".join(f"-L {f.port}:{_bracketed(f.host)}:{f.port}" for f in forwards)
    return f"ssh {ports} {ssh_destination(env) or SSH_HOST_PLACEHOLDER}"


def _bracketed(host: str) -> str:
    """An IPv6 address as `-L` takes it: `[::1]`."""
    return f"[{host}]" if ":" in host else host
