"""The redacted HTTP trace behind `--debug` / `IPAAS_AUTH_DEBUG=1`.

Every exchange of every client made by `new_async_client` is appended to `debug.log` in the
ipaas-auth home (mode 0600): method, URL, status, time, headers and JSON/form bodies
(truncated). It is what a user attaches when the real service disagrees with us, so every
secret is redacted here, in one place, wherever it appears: headers, query strings, form and
JSON bodies (nested too, and `{"name": "AccessToken", "value": ...}` pairs), plus anything that
merely looks like a Zoho token or a JWT. Other bodies (HTML, text) are never written, only
their type and size.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from config.paths import home_dir

DEBUG_ENV = "IPAAS_AUTH_DEBUG"
DEBUG_LOG = "debug.log"
REDACTED = "[redacted]"
MAX_BODY_SHOWN = 4000  # characters of one body written to the log
_TRUE = {"1", "true", "yes", "on"}

# --- the redaction rules ------------------------------------------------------------------

# Names (lower-cased, without "_", "-", " " and ".") whose values are always secret.
_SECRET_NAMES = frozenset(
    {
        "authorization",
        "proxyauthorization",
        "cookie",
        "setcookie",
        "password",
        "passwd",
        "pwd",
        "code",
        "state",
        "codeverifier",
        "apikey",
        "key",
        "secret",
        "session",
        "sessionid",
        "otp",
    }
)
# Parts that make any name secret ("client_secret", "x-api-key", "RefreshToken", …).
_SECRET_PARTS = ("secret", "password", "token", "apikey", "cookie", "credential")
# …unless the name only describes one ("token_type", "access_token_expiration", …).
_HARMLESS_ENDINGS = ("type", "expiration", "expiresin", "expiresat", "name", "names", "field")
# Values that are secret whatever their name: Zoho tokens and codes, JWTs.
_SECRET_VALUES = re.compile(
    r"\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b|\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*",
)
# Headers whose value is a URL that may carry a code or state in its query.
_URL_HEADERS = frozenset({"location", "referer", "content-location"})


def _norm(name: str) -> str:
    return re.sub(r"[\s_.\-]", "", name).lower()


def is_secret_name(name: str) -> bool:
    norm = _norm(name)
    if norm in _SECRET_NAMES:
        return True
    if norm.endswith(_HARMLESS_ENDINGS):
        return False
    return any(part in norm for part in _SECRET_PARTS)


def redact_text(text: str) -> str:
    """Anything that looks like a token, wherever it is."""
    return _SECRET_VALUES.sub(REDACTED, text)


def redact_url(url: str) -> str:
    """The URL with secret query values (and any user info) replaced."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url)
    netloc = parts.netloc.rpartition("@")[2] if "@" in parts.netloc else parts.netloc
    query = redact_query(parts.query) if parts.query else ""
    return redact_text(urlunsplit((parts.scheme, netloc, parts.path, query, "")))


def redact_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, REDACTED if is_secret_name(k) and v else v) for k, v in pairs])


def redact_json(value: Any) -> Any:
    """A copy with every secret-named value, and every secret `name`/`value` pair, redacted."""
    if isinstance(value, dict):
        label = next(
            (value[k] for k in ("name", "key", "Name", "Key") if isinstance(value.get(k), str)),
            "",
        )
        pair_is_secret = bool(label) and is_secret_name(label)
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            if (is_secret_name(name) or (pair_is_secret and _norm(name) == "value")) and (
                not _harmless_scalar(name, item)
            ):
                out[name] = REDACTED
            else:
                out[name] = redact_json(item)
        return out
    if isinstance(value, list):
        return [redact_json(item) for item in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def _harmless_scalar(name: str, item: Any) -> bool:
    """Zoho Commerce's numeric `code` is a status, not an authorization code; empties are empty."""
    if item is None or item == "":
        return True
    return _norm(name) == "code" and isinstance(item, int | bool)


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
    return home_dir() / DEBUG_LOG


def debug_hint() -> str:
    """What an error shown while debugging adds: where the details are. "" when off."""
    return f" (HTTP details in {log_path()})" if enabled() else ""


_lock = threading.Lock()


def write(lines: list[str]) -> None:
    """Append one entry; the file is created 0600 and kept so. A trace never breaks a call."""
    path = log_path()
    data = ("\n".join(lines) + "\n").encode("utf-8", "replace")
    try:
        with _lock:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.fchmod(fd, 0o600)
                os.write(fd, data)
            finally:
                os.close(fd)
    except OSError:
        pass


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
