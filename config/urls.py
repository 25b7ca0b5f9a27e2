"""The rules a URL or a path of a profile must pass when it is set, so that it can never fail
later, when a request is built from it (httpx refuses a control character, a bad IP address or
port, an IDNA host it cannot decode, with an InvalidURL nobody expects at that point).

Stricter than httpx on purpose, and without importing it (profiles are read on the way to the
console's first frame): printable ASCII only, a host that is a name or an IP address, a port
from 1 to 65535, and for a base URL no query or fragment (paths are appended to it).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from config.controls import escaped

MAX_URL = 2048
MAX_PATH = 1024
_PRINTABLE = re.compile(r"[!-~]*")  # ASCII without controls and without the space
_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")
_DOTTED_NUMBERS = re.compile(r"[0-9.]+")
# An IPv6 literal's closing bracket ends the host: urlsplit takes `[::1]v1` for a host, httpx
# (rightly) does not.
_BRACKETS_END_HOST = re.compile(r"[^\[\]]*|\[[^\[\]]*\](:[0-9]*)?")


def _unprintable(text: str) -> str | None:
    """The first character that is not printable ASCII (a space included), written out with
    where it is."""
    match = _PRINTABLE.match(text)
    at = match.end() if match else 0
    if at == len(text):
        return None
    char = text[at]
    shown = "a space" if char == " " else repr(char) if char.isprintable() else escaped(char)
    return f"{shown} at position {at + 1}"


def base_url_problem(name: str, value: str) -> str | None:
    """Why `value` cannot be an http(s) base URL (api_url, portal_url), or None."""
    example = f"e.g. {name}=https://api.example.com"
    if len(value) > MAX_URL:
        return f"{name} is longer than {MAX_URL} characters; give the base URL alone ({example})."
    bad = _unprintable(value)
    if bad:
        return (
            f"{name} {value!r} has {bad}: a URL is printable ASCII without spaces "
            "(percent-encode the rest, write an international host in its xn-- form), "
            f"{example}."
        )
    try:
        parts = urlsplit(value)
        port = parts.port
        host = parts.hostname or ""
    except ValueError as exc:
        return f"{name} {value!r} is not a URL ({exc}); {example}."
    if parts.scheme not in ("http", "https") or not host:
        return f"{name} {value!r} must be an http(s) URL with a host, {example}."
    if "?" in value or "#" in value:
        return f"{name} {value!r} must be a base URL, without ? or #: paths are added to it."
    if port == 0:
        return f"{name} {value!r}: the port must be 1-65535."
    if not _BRACKETS_END_HOST.fullmatch(parts.netloc.rpartition("@")[2]):
        return f"{name} {value!r}: after ] only :PORT may follow; {example}."
    problem = _host_problem(host)
    return f"{name} {value!r}: {problem}; {example}." if problem else None


def _host_problem(host: str) -> str | None:
    if ":" in host:  # urlsplit took the brackets off an IPv6 literal
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"[{host}] is not an IPv6 address"
        return None
    if _DOTTED_NUMBERS.fullmatch(host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"{host} is not an IPv4 address"
        return None
    labels = host.removesuffix(".").split(".")
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return f"{host!r} is not a host name (letters, digits and - between dots)"
    if host.startswith("xn--") and not _idna_decodes(host):
        return f"{host!r} is not a valid international (xn--) host name"
    return None


def _idna_decodes(host: str) -> bool:
    """Whether the host's xn-- form decodes as IDNA 2008, as httpx decodes it."""
    import idna  # lazy and rare: only for an xn-- host (idna comes with httpx)

    try:
        idna.decode(host)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


def path_problem(path: str) -> str | None:
    """Why `path` cannot be an endpoint's path (appended to api_url), or None."""
    if not path.startswith("/"):
        return "must be a path starting with '/'"
    if len(path) > MAX_PATH:
        return f"is longer than {MAX_PATH} characters"
    bad = _unprintable(path)
    if bad:
        return f"has {bad}: a path is printable ASCII without spaces (percent-encode the rest)"
    if "?" in path or "#" in path:
        return "must be a path alone, without a query (?) or a fragment (#)"
    return None
