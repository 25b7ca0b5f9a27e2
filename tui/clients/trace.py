"""The redacted HTTP trace behind `--debug` / `IPAAS_AUTH_DEBUG=1`.

Every exchange of every client made by `new_async_client` is appended to `debug.log` in the
state directory (mode 0600 on macOS and Linux): method, URL, status, time, headers and
JSON/form bodies (truncated). It is what a user attaches when the real service disagrees with
us, so every secret is redacted, wherever it appears: headers, query strings, form and JSON
bodies (nested too, and `{"name": "AccessToken", "value": ...}` pairs), plus anything that
merely looks like a Zoho token or a JWT. Other bodies (HTML, text) are never written, only
their type and size. The rules themselves are tui.redaction's; importing this module also puts
them on httpx's and httpcore's own loggers (`install_log_filter`).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from config.logs import append_private
from config.paths import state_dir
from tui.redaction import (
    REDACTED,
    is_secret_name,
    redact_json,
    redact_message,
    redact_query,
    redact_text,
    redact_url,
)

DEBUG_ENV = "IPAAS_AUTH_DEBUG"
DEBUG_LOG = "debug.log"
MAX_BODY_SHOWN = 4000  # characters of one body written to the log
_TRUE = {"1", "true", "yes", "on"}

# --- the redaction rules (tui.redaction), applied to headers and bodies -------------------

# Headers whose value is a URL that may carry a code or state in its query.
_URL_HEADERS = frozenset({"location", "referer", "content-location"})


def redact_headers(headers: Iterable[tuple[str, str]]) -> list[str]:
    lines = []
    for name, value in headers:
        lower = name.lower()
        if is_secret_name(lower):
            value = REDACTED
        elif lower in _URL_HEADERS:
            value = redact_url(value)
        else:
            value = redact_text(value)
        lines.append(f"{lower}: {value}")
    return lines


def redact_body(body: bytes, content_type: str) -> str:
    """JSON and form bodies, redacted and truncated; anything else only by type and size."""
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return ""
    if kind == "application/json" or kind.endswith("+json"):
        try:
            text = json.dumps(redact_json(json.loads(body)), ensure_ascii=False)
        except ValueError:
            text = f"({len(body)} bytes that are not JSON, not shown)"
    elif kind == "application/x-www-form-urlencoded":
        text = redact_query(body.decode("utf-8", "replace"))
    else:
        return f"({len(body)} bytes of {kind or 'unknown type'}, not shown)"
    if len(text) > MAX_BODY_SHOWN:
        text = text[:MAX_BODY_SHOWN] + f"… ({len(text) - MAX_BODY_SHOWN} more characters)"
    return redact_text(text)


# --- switching it on, and the file --------------------------------------------------------


def enabled(env: dict[str, str] | None = None) -> bool:
    value = (os.environ if env is None else env).get(DEBUG_ENV, "")
    return value.strip().lower() in _TRUE


def enable() -> None:
    """`--debug`: on for this process (and what it starts)."""
    os.environ[DEBUG_ENV] = "1"


def log_path() -> Path:
    return state_dir() / DEBUG_LOG


def debug_hint() -> str:
    """What an error shown while debugging adds: where the details are. "" when off."""
    return f" (HTTP details in {log_path()})" if enabled() else ""


_lock = threading.Lock()


def write(lines: list[str]) -> None:
    """Append one entry (0600, rotated past a few MB). A trace never breaks a call."""
    data = ("\n".join(lines) + "\n").encode("utf-8", "replace")
    with _lock:
        append_private(log_path(), data)


# --- the httpx hooks ----------------------------------------------------------------------

_STARTED = "ipaas_auth_trace_started"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


async def on_request(request: httpx.Request) -> None:
    request.extensions[_STARTED] = time.monotonic()
    lines = [f"{_now()} > {request.method} {redact_url(str(request.url))}"]
    lines += ["  > " + line for line in redact_headers(request.headers.multi_items())]
    try:
        body = request.content
    except httpx.RequestNotRead:
        body = b""
    shown = redact_body(body, request.headers.get("content-type", ""))
    if shown:
        lines.append("  > body: " + shown)
    write(lines)


async def on_response(response: httpx.Response) -> None:
    """Log when the body has been read (or abandoned): wrap the stream, keep a capped copy."""
    request = response.request
    started = request.extensions.get(_STARTED)
    head = (
        f"{_now()} < {request.method} {redact_url(str(request.url))} -> "
        f"{response.status_code} {response.reason_phrase}"
    )
    headers = redact_headers(response.headers.multi_items())

    def finish(raw: bytes, complete: bool) -> None:
        elapsed = (
            f" in {(time.monotonic() - started) * 1000:.0f} ms"
            if isinstance(started, float)
            else ""
        )
        lines = [head + elapsed] + ["  < " + line for line in headers]
        body = _decoded(raw, response.headers.get("content-encoding", ""))
        shown = redact_body(body, response.headers.get("content-type", "")) if complete else ""
        if not complete and raw:
            shown = f"(body not read to the end; {len(raw)} bytes seen, not shown)"
        if shown:
            lines.append("  < body: " + shown)
        write(lines)

    response.stream = _TeeStream(response.stream, finish)


def _decoded(raw: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "deflate"):
        try:
            wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
            return zlib.decompressobj(wbits).decompress(raw, 256 * 1024)
        except zlib.error:
            return b""
    return raw if encoding in ("", "identity") else b""


class _TeeStream(httpx.AsyncByteStream):
    """Passes the body through untouched; keeps at most 64 KB of it for the log."""

    KEEP = 64 * 1024

    def __init__(
        self, inner: httpx.AsyncByteStream | Any, finish: Callable[[bytes, bool], None]
    ) -> None:
        self.inner = inner
        self.finish = finish
        self.kept = bytearray()
        self.complete = False
        self.done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            if len(self.kept) < self.KEEP:
                self.kept += chunk[: self.KEEP - len(self.kept)]
            yield chunk
        self.complete = True

    async def aclose(self) -> None:
        try:
            await self.inner.aclose()
        finally:
            if not self.done:
                self.done = True
                self.finish(bytes(self.kept), self.complete)


def hooks() -> dict[str, list[Any]]:
    """The event hooks `new_async_client` adds when tracing is on."""
    return {"request": [on_request], "response": [on_response]}


# --- httpx's own loggers ------------------------------------------------------------------

# What httpx and httpcore log through (URLs, headers) once a program using this package turns on
# logging at INFO or DEBUG; hpack (HTTP/2) logs headers too.
THIRD_PARTY_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack",
)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message by our rules before any handler sees it: a root DEBUG
    handler of a library user would otherwise store a URL or a header with a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is logging's own to report
            return True
        record.msg, record.args = redact_message(message), None
        return True


_FILTER = RedactingFilter()


def install_log_filter() -> None:
    """Put the filter on the third-party loggers (once). A logger's filter sees only its own
    records, so each logger that speaks is named, not a common parent."""
    for name in THIRD_PARTY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


# Every client is made by tui.clients.http.new_async_client, which imports this module: the
# filter is in place before any request can be logged.
install_log_filter()
