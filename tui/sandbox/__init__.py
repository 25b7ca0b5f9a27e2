"""A local stand-in for iPaaS.com and Zoho: a real HTTP server on loopback.

Never imports Textual: the command line, the console and the tests all start it the same way.
The server (http.server and the simulators) loads only when asked for: the console reads
`tui.sandbox.demo` before its first frame (the list its own sandbox starts with).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer, start_sandbox

__all__ = ["SandboxServer", "start_sandbox"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from tui.sandbox import server

        return getattr(server, name)
    raise AttributeError(f"module 'tui.sandbox' has no attribute {name!r}")
