"""Whether to launch a browser, and what to tell a user who is on SSH or has no display.

A text browser started by Python's `webbrowser` on a headless box would take over the terminal
the console draws on; so without an explicit BROWSER, SSH sessions and display-less Linux get
the URL and a port-forward hint instead.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

SUPPRESS = {"false", "0", "none", "no", ""}


@dataclass(frozen=True)
class BrowserPlan:
    launch: bool
    reason: Literal["browser-env", "suppressed", "ssh", "no-display", "desktop", "web"]

    def explanation(self) -> str:
        return {
            "browser-env": "Opening it with $BROWSER.",
            "suppressed": "BROWSER says not to open a browser: open the URL yourself.",
            "ssh": "This is an SSH session: open the URL in a browser on your own machine.",
            "no-display": "No display here: open the URL in a browser on another machine.",
            "desktop": "Opening it in your browser.",
            "web": "Opening it in your browser (textual serve).",
        }[self.reason]


def plan_browser(
    env: Mapping[str, str] | None = None, is_web: bool = False, platform: str = sys.platform
) -> BrowserPlan:
    env = os.environ if env is None else env
    if is_web:
        return BrowserPlan(True, "web")
    if "BROWSER" in env:
        if env["BROWSER"].strip().lower() in SUPPRESS:
            return BrowserPlan(False, "suppressed")
        return BrowserPlan(True, "browser-env")
    if env.get("SSH_CONNECTION") or env.get("SSH_CLIENT") or env.get("SSH_TTY"):
        return BrowserPlan(False, "ssh")
    if platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return BrowserPlan(False, "no-display")
    return BrowserPlan(True, "desktop")


def ssh_forward_command(port: int, env: Mapping[str, str] | None = None) -> str:
    """The command to run on the user's own machine so its browser reaches our listener."""
    env = os.environ if env is None else env
    try:
        user = env.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        user = "you"
    connection = env.get("SSH_CONNECTION", "").split()
    host = connection[2] if len(connection) >= 3 else socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"ssh -L {port}:localhost:{port} {user}@{host}"
