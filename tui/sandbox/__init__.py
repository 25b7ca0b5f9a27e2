"""A local stand-in for iPaaS.com and Zoho: a real HTTP server on loopback.

Never imports Textual: the command line, the console and the tests all start it the same way.
"""

from tui.sandbox.server import SandboxServer, start_sandbox

__all__ = ["SandboxServer", "start_sandbox"]
