"""A sandbox profile whose sandbox runs elsewhere (api_url): its info call runs alongside the
log-in, not before it, and a sandbox that is not there, or a server that is not one, is said
as before."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.cli import run_cli
from tests.console import sandbox_profile_toml, write_profiles
from tui.connection import Target
from tui.core import session as session_module
from tui.core.session import Session, connect
from tui.options import StartOptions
from tui.sandbox import SandboxServer


def running_sandbox_at(url: str) -> None:
    profile = f'[profiles.demo]\nenvironment = "sandbox"\napi_url = "{url}"\n'
    write_profiles('default = "demo"\n' + profile)


async def test_the_info_call_runs_alongside_the_log_in(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The info call waits here until the log-in has reached the sandbox: were it made before
    the log-in, it would wait for ever (and fail after 10 s)."""
    write_profiles(sandbox_profile_toml(sandbox))
    real = session_module.sandbox_target

    async def after_the_log_in(api_url: str) -> Target:
        async with asyncio.timeout(10):
            while sandbox.ipaas.calls["login"] == 0:
                await asyncio.sleep(0.01)
        return await real(api_url)

    monkeypatch.setattr(session_module, "sandbox_target", after_the_log_in)
    session = Session.open(StartOptions())
    try:
        await connect(session)
        assert session.target is not None
        assert session.target.sandbox_accounts == dict(sandbox.world.dc_urls)
        assert sandbox.ipaas.calls["change_company"] == 1
    finally:
        await session.close()


def test_a_sandbox_that_is_not_there_is_said() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    running_sandbox_at(url)
    out = run_cli("integrations")
    assert out.returncode == 1
    assert f"No sandbox answers at {url}" in out.stderr


class NotASandbox(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html>hello</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def web_page() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotASandbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_that_is_not_a_sandbox_is_said(web_page: str) -> None:
    running_sandbox_at(web_page)
    out = run_cli("integrations")
    assert out.returncode == 1
    assert "does not look like an ipaas-auth sandbox" in out.stderr
