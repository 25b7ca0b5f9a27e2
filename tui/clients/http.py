"""The one place HTTP clients are made and bodies are read: timeouts, a body cap, TLS.

Every client (iPaaS.com, Zoho accounts and Commerce, the sandbox probe) comes from
`new_async_client`, so a timeout, a proxy rule or a debug trace is set once for all of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import ssl
from collections.abc import Mapping
from typing import Any

import httpx

from tui.clients import trace
from tui.clients.errors import CertificateSetupError, ResponseTooLargeError
from tui.version import user_agent

CONNECT_TIMEOUT = 5.0  # a host that does not accept within this is down or filtered
REQUEST_TIMEOUT = 20.0  # the whole exchange, however slowly a server trickles its answer
MAX_BODY = 10 * 1024 * 1024  # no answer of iPaaS.com or Zoho that we read is near this


def timeouts() -> httpx.Timeout:
    return httpx.Timeout(REQUEST_TIMEOUT, connect=CONNECT_TIMEOUT)


def new_async_client(
    *,
    verify: bool = True,
    headers: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient with our timeouts, proxies from the environment (trust_env), certificates
    checked against the OS trust store, and the redacted debug trace when it is on.

    `verify=False` only for plain-http loopback bases, where building an SSL context would just
    cost start-up time."""
    return httpx.AsyncClient(
        timeout=timeouts()
        if timeout is None
        else httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
        verify=ssl_context() if verify else False,
        headers={"User-Agent": user_agent(), **(headers or {})},  # ipaas-auth/VERSION
        transport=transport,
        trust_env=True,
        event_hooks=trace.hooks() if trace.enabled() else None,
    )


def load_async_backend() -> None:
    """Import what httpcore imports at a client's first request: anyio's asyncio backend
    (~20 ms). Called in a worker thread when a client is made, so that import does not run on
    the event loop between the console's frames, in the middle of logging in."""
    with contextlib.suppress(ImportError):  # a later anyio may move it; then it loads lazily
        importlib.import_module("anyio._backends._asyncio")


def ssl_context(env: Mapping[str, str] | None = None) -> ssl.SSLContext:
    """The OS trust store (truststore), unless SSL_CERT_FILE/SSL_CERT_DIR name a bundle: then
    that bundle, as httpx itself would use it (an explicit choice wins over the OS)."""
    env = os.environ if env is None else env
    cafile = env.get("SSL_CERT_FILE") or None
    capath = env.get("SSL_CERT_DIR") or None
    if cafile or capath:
        try:
            return ssl.create_default_context(cafile=cafile, capath=capath)
        except (OSError, ssl.SSLError) as exc:
            raise CertificateSetupError(bad_bundle_message(env, exc)) from exc
    import truststore  # lazy: only https clients pay for it

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def bad_bundle_message(env: Mapping[str, str], exc: BaseException) -> str:
    """What to say when the bundle SSL_CERT_FILE (or SSL_CERT_DIR) names cannot be loaded."""
    name = "SSL_CERT_FILE" if env.get("SSL_CERT_FILE") else "SSL_CERT_DIR"
    why = "no such file" if isinstance(exc, FileNotFoundError) else "no usable certificate"
    return (
        f"{name}={env.get(name, '')} cannot be used ({why}): point it at a PEM file of CA "
        "certificates, or unset it to use the default trust store."
    )


async def send_capped(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    what: str,
    limit: int = MAX_BODY,
    deadline: float = REQUEST_TIMEOUT,
    **kwargs: Any,
) -> httpx.Response:
    """Send a request and read at most `limit` bytes of its body within `deadline` seconds.

    `what` names the server in errors ("iPaaS.com at https://…"). The response comes back fully
    read, so `.json()` and `.text` work as usual.
    """
    try:
        async with asyncio.timeout(deadline):
            async with http.stream(method, url, **kwargs) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise ResponseTooLargeError(_too_large(what, limit))
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise ResponseTooLargeError(_too_large(what, limit))
                    chunks.append(chunk)
                # What httpx's own aread() does; the body is then available as usual.
                response._content = b"".join(chunks)
                return response
    except TimeoutError as exc:
        raise httpx.ReadTimeout(
            f"no complete answer within {deadline:.0f} s", request=None
        ) from exc


def _too_large(what: str, limit: int) -> str:
    return (
        f"{what} sent an answer larger than {limit // (1024 * 1024)} MB; it was not read. "
        "Check the profile's api_url (is it the API, not a web page?) and try again."
    )
