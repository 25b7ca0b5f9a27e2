"""The command that shows which program holds a port, for this machine: a suggestion names a
tool that exists here (Windows has no lsof, and neither have many Linux containers)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable


def port_owner_command(
    port: int, platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> str | None:
    """`lsof -i :PORT` where lsof exists; netstat (or PowerShell) on Windows; `ss` on Linux
    without lsof; None where none of them is found."""
    if platform == "win32":
        return (
            f"`netstat -ano | findstr :{port}`, or in PowerShell "
            f"`Get-NetTCPConnection -LocalPort {port}`"
        )
    if which("lsof"):
        return f"`lsof -i :{port}`"
    if platform.startswith("linux") and which("ss"):
        return f"`ss -ltnp 'sport = :{port}'`"
    if which("netstat"):
        return f"`netstat -an | grep {port}`"
    return None
