"""The one place HTTP clients are made and bodies are read: timeouts, a body cap, TLS.

Every client (iPaaS.com, Zoho accounts and Commerce, the sandbox probe) comes from
`new_async_client`, so a timeout, a proxy rule or a debug trace is set once for all of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx

from tui.clients.errors import ResponseTooLargeError

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
) -> httpx.AsyncClient:
    """An AsyncClient with our timeouts. `verify=False` only for plain-http loopback bases,
    where building an SSL context would just cost start-up time."""
    return httpx.AsyncClient(
        timeout=timeouts(), verify=verify, headers=dict(headers or {}), transport=transport
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
