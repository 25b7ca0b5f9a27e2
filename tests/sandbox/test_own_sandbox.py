"""The sandbox a session starts for itself keeps its port within a home: over SSH the `ssh -L`
command shown for its sign-in page names that port, and a tunnel already open stays valid."""

from __future__ import annotations

import json
import socket

from config.state import load_state, state_path
from tui.connection import open_target, sandbox_profile
from tui.sandbox.own import PORT_KEY, remembered_port


def own_sandbox_port() -> int:
    """Start the session's own sandbox as the console and the commands do, and stop it."""
    target = open_target(sandbox_profile())
    try:
        assert target.sandbox is not None
        return target.sandbox.servers["us"].server_port
    finally:
        target.close()


def test_the_own_sandbox_starts_on_the_port_it_had_last_time() -> None:
    assert remembered_port() is None  # a fresh home
    first = own_sandbox_port()
    assert load_state()[PORT_KEY] == str(first)
    assert own_sandbox_port() == first == remembered_port()


def test_a_busy_remembered_port_gives_a_free_one_for_this_run_only() -> None:
    """Held by another program (this home's console, running): this run takes a free port,
    and the remembered one stays for the next."""
    first = own_sandbox_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", first))
        taken.listen()
        assert own_sandbox_port() != first
    assert remembered_port() == first
    assert own_sandbox_port() == first


def test_an_odd_remembered_port_is_replaced() -> None:
    for odd in ("80", "70000", "a port", ["8900"]):
        state_path().parent.mkdir(parents=True, exist_ok=True)
        state_path().write_text(json.dumps({PORT_KEY: odd, "theme": "nord"}))
        assert remembered_port() is None
        port = own_sandbox_port()
        assert load_state() == {PORT_KEY: str(port), "theme": "nord"}
