"""The sandbox's HTTP servers: one per Zoho data centre, the first also serving iPaaS.com.

Standard-library `ThreadingHTTPServer` in a background thread: enough for one person and a test
suite, and no extra dependency. It binds loopback addresses only.
"""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import json
import selectors
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tui.sandbox import demo
from tui.sandbox.answering import ANSWERS_FINISH_WITHIN, Answering
from tui.sandbox.clock import Clock
from tui.sandbox.evidence import missing_route
from tui.sandbox.ipaas import IpaasSimulator
from tui.sandbox.ipaas_data import FieldsShape, IpaasData, seed
from tui.sandbox.request_log import RequestLog
from tui.sandbox.routing import Request, Response, error
from tui.sandbox.settings import INFO_PATH as INFO_PATH  # re-exported: tui.connection reads it
from tui.sandbox.zoho import ZohoDataCentre, ZohoWorld

MAX_BODY = 1 << 20


class SandboxError(Exception):
    """The sandbox cannot start (address not loopback, port busy)."""


def check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SandboxError(
            f"{host} is not a loopback address; the sandbox only listens on 127.0.0.1, ::1 or "
            "localhost, so nothing outside this machine can reach it."
        )


def _handler_class(
    dispatch: Callable[[Request], Response],
    log: Callable[[str], None] | None,
    delay: Callable[[], None],
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in separate writes; without this, Nagle plus delayed ACKs
        # stall each keep-alive response by ~40 ms.
        disable_nagle_algorithm = True
        server_version = "ipaas-auth-sandbox"

        def _handle(self) -> None:
            server = self.server
            answering = server.answering if isinstance(server, LoopbackHTTPServer) else None
            with answering or contextlib.nullcontext():
                self._handle_request()

        def _handle_request(self) -> None:
            parts = urlsplit(self.path)
            what = f"{self.command} {parts.path}"  # no query: it may hold codes and secrets
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0:
                self._answer(what, error(400, "Content-Length must be a number of bytes."))
                return
            if length > MAX_BODY:
                self._answer(what, error(413, "Request body too large."))
                return
            try:
                body = self.rfile.read(length) if length else b""
            except (ConnectionError, TimeoutError) as exc:
                self._gone(f"{what}: the client went away while sending ({type(exc).__name__})")
                return
            if len(body) < length:
                self._gone(f"{what}: the client closed after {len(body)} of {length} body bytes")
                return
            request = Request(
                method=self.command,
                path=parts.path,
                query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            try:
                response = dispatch(request)
            except Exception as exc:  # a sandbox bug must answer 500, not drop the socket
                response = error(500, f"Sandbox error: {type(exc).__name__}")
            self._answer(what, response)

        def _answer(self, what: str, response: Response) -> None:
            """Send `response` (after the latency, in this request's own thread: the others
            go on) and log it in one line, also when the client has gone."""
            delay()
            try:
                self._send(response)
                self.wfile.flush()
            except (ConnectionError, TimeoutError) as exc:
                self._gone(f"{what} -> {response.status}, not delivered ({type(exc).__name__})")
                return
            if log:
                log(f"{what} -> {response.status}")

        def _gone(self, line: str) -> None:
            self.close_connection = True
            if log:
                log(line)

        def _send(self, response: Response) -> None:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            """Silenced: the default line would print query strings holding codes."""

    return Handler


class LoopbackHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that stops at once and binds without a DNS lookup.

    `serve_forever` notices `shutdown` only when its poll interval ends, so every stop (each
    test, each quit of the console) waited up to that interval; here a socket pair wakes the
    loop instead. `HTTPServer.server_bind` calls `socket.getfqdn`, a reverse DNS lookup that
    takes seconds on a machine with a slow resolver, for a name only CGI scripts read.
    """

    daemon_threads = True
    # socketserver's default of 5 refuses connections when 50 clients connect at once.
    request_queue_size = 128
    log: Callable[[str], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._stopping = False
        self.answering = Answering()
        self._wake_reader, self._wake_writer = socket.socketpair()  # before: a failed bind closes
        super().__init__(*args, **kwargs)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def serve_until_stopped(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_reader, selectors.EVENT_READ)
            while not self._stopping:
                for key, _events in selector.select():
                    if key.fileobj is self and not self._stopping:
                        self.handle_request()

    def stop_serving(self) -> None:
        """Make `serve_until_stopped` return now; the caller joins its thread."""
        self._stopping = True
        self._wake_writer.send(b"\0")

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One log line instead of socketserver's traceback on stderr (which would also draw
        over the console running an embedded sandbox). A client that went away is routine."""
        exc = sys.exc_info()[1]
        who = ":".join(str(part) for part in client_address[:2])
        if self.log:
            self.log(f"connection from {who} ended: {type(exc).__name__}: {exc}")

    def server_close(self) -> None:
        super().server_close()
        self._wake_reader.close()
        self._wake_writer.close()


@dataclass
class SandboxServer:
    """A running sandbox. `url` is the iPaaS.com API base and the default Zoho accounts server."""

    ipaas: IpaasSimulator
    world: ZohoWorld
    servers: dict[str, LoopbackHTTPServer] = field(default_factory=dict)
    threads: list[threading.Thread] = field(default_factory=list)
    request_log: RequestLog | None = None
    latency: float = 0.0  # seconds before every answer

    @property
    def url(self) -> str:
        return self.world.dc_urls["us"]

    def dc_url(self, dc: str) -> str:
        return self.world.dc_urls[dc]

    @property
    def accounts_servers(self) -> list[str]:
        return list(self.world.dc_urls.values())

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop_serving()
        for thread in self.threads:
            thread.join(5)
        for server in self.servers.values():
            # A request answered just now is logged after its answer left: let it finish, so
            # its line is written before the log closes (the client may stop us at once).
            server.answering.wait_none(ANSWERS_FINISH_WITHIN)
            server.server_close()
        if self.request_log:
            self.request_log.close()

    def __enter__(self) -> SandboxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def info(self) -> dict[str, Any]:
        return {
            "api_url": self.url,
            "accounts_servers": self.world.dc_urls,
            "ipaas_email": demo.IPAAS_EMAIL,
            "zoho_client_id": demo.ZOHO_CLIENT_ID,
            "custom_fields": self.ipaas.data.fields_shape,
            "integrators_read": self.ipaas.integrators_read,
            "latency_ms": round(self.latency * 1000),
        }


def start_sandbox(
    host: str = "127.0.0.1",
    port: int = 0,
    integrations: int = demo.STARTING_INTEGRATIONS,
    subscriptions: int = 5,
    redirect_uris: list[str] | None = None,
    extra_dcs: list[str] | None = None,
    clock: Clock | None = None,
    token_lifetime: float = 3600,
    log: Callable[[str], None] | None = None,
    companies: int = 1,
    custom_fields: FieldsShape = "dict",
    integrators_read: bool = True,
    latency: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
) -> SandboxServer:
    """Start the sandbox in background threads; `port=0` picks a free port for each server.

    `custom_fields` is the shape the /subscriptions read's versions carry them in: "dict"
    {key: value} (SystemTypeResponse, the evidence) or "list" of {key, value,
    available_in_api}; the integrators read and write always use the list. With
    `integrators_read` False the assumed integrators read is a missing route (404, empty),
    so a client's fallback to the /subscriptions read is exercised. `log` gets one line per
    request, from a thread of its own (see RequestLog): it may block or be slow without
    slowing any request. `latency` seconds pass, by `sleep`, before every answer (each request
    has its own thread, so requests made together wait together, as over a far network).
    """
    check_loopback(host)
    clock = clock or Clock()
    ipaas = IpaasSimulator(
        _seed(integrations, subscriptions, companies, custom_fields),
        clock,
        token_lifetime,
        integrators_read,
    )
    uris = [demo.DEFAULT_CALLBACK_URL, *(redirect_uris or [])]
    world = ZohoWorld(clock=clock, redirect_uris=uris)
    sandbox = SandboxServer(ipaas, world, latency=latency)
    if log:
        log = sandbox.request_log = RequestLog(log)
    dcs = ["us", *[dc for dc in dict.fromkeys(extra_dcs or []) if dc != "us"]]
    try:
        for index, dc in enumerate(dcs):
            zoho = ZohoDataCentre(world, dc)
            routes: list[Callable[[Request], Response | None]] = [zoho.router.dispatch]
            if index == 0:
                routes.insert(0, ipaas.dispatch)
            server = _bind(
                host,
                port if index == 0 else 0,
                _dispatcher(routes, sandbox),
                log,
                _delay(latency, sleep),
            )
            bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
            shown = f"[{bound_host}]" if ":" in bound_host else bound_host
            world.dc_urls[dc] = f"http://{shown}:{bound_port}"
            sandbox.servers[dc] = server
    except BaseException:
        sandbox.stop()
        raise
    for dc, server in sandbox.servers.items():
        thread = threading.Thread(
            target=server.serve_until_stopped, name=f"sandbox-{dc}", daemon=True
        )
        thread.start()
        sandbox.threads.append(thread)
    return sandbox


def _seed(
    integrations: int, subscriptions: int, companies: int, custom_fields: FieldsShape
) -> IpaasData:
    """`seed` without the garbage collector, which otherwise walks the growing data again and
    again while ~10 objects per integration are made (a third of seeding 100,000)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return seed(integrations, subscriptions, companies, custom_fields)
    finally:
        if was_enabled:
            gc.enable()


def _delay(latency: float, sleep: Callable[[float], None]) -> Callable[[], None]:
    """What each answer waits first: `latency` seconds, or nothing at all."""
    if latency <= 0:
        return lambda: None
    return lambda: sleep(latency)


def _bind(
    host: str,
    port: int,
    dispatch: Callable[[Request], Response],
    log: Callable[[str], None] | None,
    delay: Callable[[], None],
) -> LoopbackHTTPServer:
    class Server(LoopbackHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    try:
        server = Server((host.strip("[]"), port), _handler_class(dispatch, log, delay))
    except OSError as exc:
        raise SandboxError(
            f"Cannot listen on {host}:{port} ({exc.strerror}); choose another --port "
            "or 0 for a free one."
        ) from exc
    server.log = log
    return server


def _dispatcher(
    routes: list[Callable[[Request], Response | None]], sandbox: SandboxServer
) -> Callable[[Request], Response]:
    def dispatch(request: Request) -> Response:
        if request.path == INFO_PATH:
            return Response(200, json.dumps(sandbox.info()).encode())
        for route in routes:
            response = route(request)
            if response is not None:
                return response
        return missing_route()

    return dispatch


def set_user_data_centre(sandbox: SandboxServer, dc: str) -> None:
    """Assign the sandbox's Zoho user to `dc` (which must be served)."""
    if dc not in sandbox.world.dc_urls:
        raise SandboxError(
            f"The sandbox does not serve data centre {dc!r}; start it with --dc {dc}."
        )
    sandbox.world.user_dc = dc
