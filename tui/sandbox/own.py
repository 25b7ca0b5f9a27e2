"""The sandbox a session starts for itself (no profiles.toml, or a sandbox profile without
api_url), on the port it had last time in this home when that port is free.

Over SSH its sign-in page is on this machine's loopback, and the `ssh -L` command shown for it
names that port: a stable port keeps a tunnel the person already opened (or a command they
saved) valid from one start to the next. Remembered in the home's state.json (config/state.py).
"""

from __future__ import annotations

from config.state import load_state, save_state
from tui.sandbox.server import SandboxError, SandboxServer, start_sandbox
from tui.sandbox.settings import StartOptions

PORT_KEY = "own_sandbox_port"


def remembered_port() -> int | None:
    """The port this home's own sandbox had last; None when there is none worth trying."""
    value = load_state().get(PORT_KEY)
    try:
        port = int(value) if isinstance(value, str | int) else 0
    except ValueError:
        return None
    return port if 1024 <= port <= 65535 else None


def start_own_sandbox(options: StartOptions) -> SandboxServer:
    """Start the sandbox on the remembered port, else on a free one, remembered from then on.
    A remembered port held by another program (this home's console, running) is kept as it
    is: the fresh one is for this run only."""
    port = remembered_port()
    if port is not None:
        try:
            return start_sandbox(port=port, **options)
        except SandboxError:
            pass  # busy: a free port for this run
    sandbox = start_sandbox(**options)
    if port is None:
        save_state(**{PORT_KEY: str(sandbox.servers["us"].server_port)})
    return sandbox
