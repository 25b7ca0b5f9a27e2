"""What a first real run needs of the network: the proxy from the environment, DNS, TCP and TLS
to the API host (or to the proxy, which then reaches the host for us), and a clock that agrees
with the server's `Date` header. Each check returns a `Check`; none raises."""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from tui.clients.errors import CertificateSetupError
from tui.clients.http import CONNECT_TIMEOUT, new_async_client, ssl_context
from tui.core.checks import FAILURE, OK, WARNING, Check, Stopwatch

CLOCK_TOLERANCE = 60  # seconds of skew before the tokens' expiry times are worth a warning
TLS_FIX = (
    "If your network inspects TLS with a company certificate, install that CA in the OS trust "
    "store, or point SSL_CERT_FILE at a PEM bundle that includes it; otherwise check the "
    "profile's api_url."
)


@dataclass(frozen=True)
class Route:
    """Where the first hop of a request to the API goes."""

    scheme: str
    host: str
    port: int
    proxy_url: str = ""
    proxy_variable: str = ""  # the environment variable that named the proxy

    @property
    def hop(self) -> tuple[str, int]:
        """The host and port a socket actually connects to."""
        if not self.proxy_url:
            return self.host, self.port
        proxy = urlsplit(self.proxy_url)
        default = (
            443 if proxy.scheme == "https" else 1080 if proxy.scheme.startswith("socks") else 80
        )
        return proxy.hostname or "", proxy.port or default


def route_to(api_url: str, env: Mapping[str, str] | None = None) -> Route:
    """The API's host and port, and the proxy httpx will use for it (trust_env: HTTPS_PROXY,
    HTTP_PROXY, ALL_PROXY, and NO_PROXY, in lower or upper case)."""
    env = os.environ if env is None else env
    parts = urlsplit(api_url)
    scheme = parts.scheme or "https"
    host = parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    for name in (f"{scheme}_proxy", "all_proxy"):
        for variable in (name, name.upper()):
            proxy = env.get(variable, "").strip()
            if not proxy:
                continue
            no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
            if _bypassed(host, no_proxy):
                return Route(scheme, host, port)
            if "://" not in proxy:
                proxy = "http://" + proxy
            return Route(scheme, host, port, proxy, variable)
    return Route(scheme, host, port)


def proxy_check(route: Route) -> Check:
    if not route.proxy_url:
        return Check("proxy", OK, f"none: {route.host} is reached directly")
    shown = _without_password(route.proxy_url)
    return Check(
        "proxy",
        OK,
        f"{route.proxy_variable}={shown} is used for {route.host}; DNS and TCP below are "
        "checked against the proxy, TLS through it",
    )


async def dns_check(route: Route) -> Check:
    host, port = route.hop
    what = "the proxy " + host if route.proxy_url else host
    watch = Stopwatch()
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
    except (OSError, TimeoutError) as exc:
        return Check(
            "DNS",
            FAILURE,
            f"{what} does not resolve ({exc or 'timed out'})",
            "Check the host name in the profile's api_url (or the proxy variable), your DNS "
            "and your VPN.",
        )
    addresses = sorted({str(info[4][0]) for info in infos})
    return Check("DNS", OK, f"{what} resolves to {', '.join(addresses[:4])} ({watch.ms} ms)")


async def tcp_check(route: Route) -> Check:
    host, port = route.hop
    what = f"the proxy {host}:{port}" if route.proxy_url else f"{host}:{port}"
    watch = Stopwatch()
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            _reader, writer = await asyncio.open_connection(host, port)
    except (OSError, TimeoutError) as exc:
        return Check(
            "TCP",
            FAILURE,
            f"cannot connect to {what} ({exc or f'no answer within {CONNECT_TIMEOUT:g} s'})",
            "A firewall, VPN or proxy may be in the way; check them and the profile's api_url.",
        )
    writer.close()
    return Check("TCP", OK, f"connected to {what} in {watch.ms} ms")


async def tls_check(route: Route) -> Check:
    if route.scheme != "https":
        return Check("TLS", OK, f"not used ({route.scheme})")
    if route.proxy_url:
        return Check(
            "TLS",
            OK,
            "not checked directly: it runs through the proxy; the clock check below makes an "
            "HTTPS request through it",
        )
    try:
        context = ssl_context()
    except CertificateSetupError as exc:
        return Check("TLS", FAILURE, str(exc), "Fix or unset SSL_CERT_FILE / SSL_CERT_DIR.")
    watch = Stopwatch()
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            _reader, writer = await asyncio.open_connection(
                route.host, route.port, ssl=context, server_hostname=route.host
            )
    except ssl.SSLError as exc:
        return Check("TLS", FAILURE, f"{route.host} failed the TLS check ({exc})", TLS_FIX)
    except (OSError, TimeoutError) as exc:
        return Check(
            "TLS", FAILURE, f"no TLS handshake with {route.host} ({exc or 'timed out'})", TLS_FIX
        )
    tls = writer.get_extra_info("ssl_object")
    version = tls.version() if tls is not None else "TLS"
    writer.close()
    return Check("TLS", OK, f"{version}, certificate verified for {route.host} ({watch.ms} ms)")


async def clock_check(api_url: str) -> Check:
    """The server's `Date` header against this machine's clock (one GET of the API base)."""
    https = api_url.startswith("https:")
    try:
        http = new_async_client(verify=https)
    except CertificateSetupError as exc:
        return Check("clock", FAILURE, str(exc), "Fix or unset SSL_CERT_FILE / SSL_CERT_DIR.")
    try:
        async with http:
            before = time.time()
            async with http.stream("GET", api_url.rstrip("/") + "/") as response:
                after = time.time()
                date = response.headers.get("Date", "")
    except httpx.HTTPError as exc:
        text = str(exc) or type(exc).__name__
        certificate = "CERTIFICATE" in text.upper()
        return Check(
            "clock",
            FAILURE,
            f"no answer from {api_url} to read its time from ({text})",
            TLS_FIX if certificate else "Check the network, the proxy and the profile's api_url.",
        )
    try:
        server = parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError):
        return Check("clock", WARNING, f"{api_url} sent no usable Date header ({date!r})")
    skew = round(server - (before + after) / 2)
    if abs(skew) <= CLOCK_TOLERANCE:
        return Check("clock", OK, f"within {max(abs(skew), 1)} s of the server's")
    direction = "behind" if skew > 0 else "ahead of"
    return Check(
        "clock",
        WARNING,
        f"this machine is {abs(skew)} s {direction} the server: token expiry times will be off",
        "Set the clock from the network (NTP; e.g. `timedatectl set-ntp true`).",
    )


async def network_checks(api_url: str, add: Callable[[Check], object]) -> bool:
    """Proxy, DNS, TCP, TLS and clock, each handed to `add` as it is known; False when the host
    cannot be reached at all (the checks after that would only repeat it)."""
    route = route_to(api_url)
    add(proxy_check(route))
    for check in (dns_check, tcp_check):
        result = await check(route)
        add(result)
        if result.status == FAILURE:
            return False
    add(await tls_check(route))
    add(await clock_check(api_url))
    return True


def _bypassed(host: str, no_proxy: str) -> bool:
    """NO_PROXY as httpx reads it: `*`, a host, or a domain (with or without a leading dot)."""
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        entry = entry.split("://")[-1].rsplit(":", 1)[0] if entry.count(":") == 1 else entry
        if entry == "*" or (entry and host.lower() in (entry, entry.lstrip("."))):
            return True
        if entry and host.lower().endswith("." + entry.lstrip(".")):
            return True
    return False


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()
