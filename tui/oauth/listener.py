"""The local callback listener (RFC 8252 §7.3): loopback only, open only during a flow.

It answers `GET /callback` and nothing else, only in origin form (a request naming another
authority, `GET http://evil.com/callback`, is refused) and only for a `Host` that names this
loopback port (the DNS-rebinding defence), ignores callbacks whose `state` is not this flow's,
keeps the first valid one, and tells the browser what happened on a short, escaped page.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from html import escape
from urllib.parse import parse_qsl

from tui.oauth.callback_result import InvalidCallback, Outcome, Refused, validate

MAX_REQUEST = 16 * 1024
READ_TIMEOUT = 5.0
CALLBACK_PATH = "/callback"


class ListenerError(Exception):
    """The listener cannot start (busy port, no loopback address)."""


class PortBusy(ListenerError):
    """Another program holds the callback port; a pasted redirect still works."""


def loopback_hosts(callback_host: str) -> list[str]:
    """Browsers may resolve `localhost` to ::1 first: listen on both for it."""
    if callback_host == "localhost":
        return ["127.0.0.1", "::1"]
    return [callback_host.strip("[]")]


class CallbackListener:
    def __init__(self, host: str, port: int, expected_state: str) -> None:
        self.host = host
        self.port = port
        self.expected_state = expected_state
        self.outcome: asyncio.Future[Outcome] | None = None
        self.ignored: list[str] = []  # why callbacks were turned away, newest last
        self._servers: list[asyncio.Server] = []

    async def start(self) -> None:
        self.outcome = asyncio.get_running_loop().create_future()
        for address in loopback_hosts(self.host):
            try:
                server = await asyncio.start_server(
                    self._serve,
                    address,
                    self.port,
                    # asyncio's default (SO_REUSEADDR on Unix) lets a new flow bind while the
                    # last one's connections sit in TIME_WAIT; a live listener still refuses.
                    limit=MAX_REQUEST,
                    family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                )
            except OSError as exc:
                await self.close()
                if exc.errno == errno.EADDRINUSE:
                    raise PortBusy(  # the flow goes on without it; its face says how
                        f"Port {self.port} on {address} is already in use by another program."
                    ) from exc
                if ":" in address and self.host == "localhost":
                    continue  # no IPv6 loopback on this machine: 127.0.0.1 alone will do
                raise ListenerError(
                    f"Cannot listen on {address}:{self.port} ({exc.strerror})."
                ) from exc
            self._servers.append(server)

    def start_without_port(self) -> None:
        """Wait for a pasted redirect only (the port is someone else's)."""
        self.outcome = asyncio.get_running_loop().create_future()

    async def close(self) -> None:
        for server in self._servers:
            server.close()
            with contextlib.suppress(Exception):
                await server.wait_closed()
        self._servers.clear()

    @property
    def is_open(self) -> bool:
        return any(server.is_serving() for server in self._servers)

    @property
    def addresses(self) -> set[str]:
        """The addresses listened on: loopback ones only, whatever host the profile names."""
        return {sock.getsockname()[0] for server in self._servers for sock in server.sockets}

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status, page = await self._answer(reader)
        except Exception:  # a malformed request must never stop the flow
            status, page = 400, _page("Bad request", "The console could not read this request.")
        body = page.encode("utf-8")
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\n"
            "Referrer-Policy: no-referrer\r\nConnection: close\r\n\r\n"
        )
        with contextlib.suppress(ConnectionError):
            writer.write(head.encode("ascii") + body)
            await writer.drain()
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()

    def _host_is_ours(self, head: bytes) -> bool:
        """Only `Host: localhost|127.0.0.1|[::1]:PORT`: a DNS-rebinding page names its own host
        (and exactly one Host header, as HTTP/1.1 requires)."""
        hosts = [
            line.split(b":", 1)[1].strip().decode("latin-1").lower()
            for line in head.split(b"\r\n")[1:]
            if line[:5].lower() == b"host:"
        ]
        allowed = {f"{name}:{self.port}" for name in ("localhost", "127.0.0.1", "[::1]")}
        return len(hosts) == 1 and hosts[0] in allowed

    async def _answer(self, reader: asyncio.StreamReader) -> tuple[int, str]:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT)
        except asyncio.LimitOverrunError:
            return 431, _page("Request too large", "The request was too large and was ignored.")
        except (asyncio.IncompleteReadError, TimeoutError):
            return 400, _page("Bad request", "The request was incomplete.")
        if len(head) > MAX_REQUEST:
            return 431, _page("Request too large", "The request was too large and was ignored.")
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return 400, _page("Bad request", "The console could not read this request.")
        method, target, _ = parts
        if not target.startswith("/") or target.startswith("//"):
            # Only origin-form ("/callback?…"): an absolute-form target names an authority of
            # its own (`GET http://evil.com/callback?…`), and "//evil.com/…" reads as one.
            return 400, _page(
                "Bad request",
                "The console answers only requests for its own address; this one named "
                "another. It was ignored.",
            )
        if not self._host_is_ours(head):
            return 421, _page(
                "Wrong host",
                "This address is not the console's callback (the request named another host); "
                "it was ignored.",
            )
        path, _, query = target.partition("?")
        if path != CALLBACK_PATH:
            return 404, _page("Not found", "Only the OAuth callback is served here.")
        if method != "GET":
            return 405, _page("Method not allowed", "The OAuth callback is a GET request.")
        assert self.outcome is not None
        if self.outcome.done():
            return 409, _page(
                "Already done",
                "The console already received a sign-in for this flow. You can close this tab.",
            )
        params = dict(parse_qsl(query, keep_blank_values=True))
        try:
            outcome = validate(params, self.expected_state)
        except InvalidCallback as exc:
            self.ignored.append(str(exc))
            return 400, _page(
                "Not accepted",
                f"{exc} Go back to the console; it is still waiting for the right sign-in.",
            )
        self.outcome.set_result(outcome)
        if isinstance(outcome, Refused):
            return 200, _page("Not authorized", outcome.message())
        return 200, _page(
            "Signed in",
            "ipaas-auth received the authorization. You can close "
            "this tab and return to the console.",
        )


_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    421: "Misdirected Request",
    431: "Request Header Fields Too Large",
}


def _page(title: str, message: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>ipaas-auth: "
        f"{escape(title)}</title></head><body style='font-family:sans-serif;max-width:40em;"
        f"margin:3em auto'><h1>{escape(title)}</h1><p id='message'>{escape(message)}</p>"
        "</body></html>"
    )
