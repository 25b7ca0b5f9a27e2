"""The one set of rules for hiding secrets in what we write down: the debug trace, the journal,
crash reports and the records of httpx's own loggers.

Names are judged by meaning (a password, a secret, a token's value, an API key), not by
substring: `access_token_name` or `token_type` only describe a token and stay. Values are
judged by shape wherever they are: Zoho tokens and codes, JWTs, the sandbox's iPaaS.com
tokens, `Bearer …`, user info in a URL. Standard library only (no httpx): a crash report loads
it at no cost.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[redacted]"

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
# Values that are secret whatever their name: Zoho tokens and codes, JWTs, the sandbox's
# iPaaS.com tokens (real iPaaS.com access tokens are JWTs).
_SECRET_VALUES = re.compile(
    r"\b1000\.[0-9a-f]{16,}\.[0-9a-f]{16,}\b"
    r"|\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*"
    r"|\bipaas-(?:at|rt)-[\w-]{16,}"
)
# In free text: a URL, an HTTP credential, and `name=value` / `name: value` / `'name': 'value'`.
# Names and quoted values are bounded so that a long run without a match costs linear time.
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\s'\"<>`]+")
_CREDENTIAL = re.compile(r"(?i)\b(bearer|basic|zoho-oauthtoken)(\s+)(?!\[redacted\])[\w.~+/=-]{4,}")
_PAIR = re.compile(
    r"(?P<quote>['\"]?)(?P<name>[A-Za-z_][\w.-]{0,63})(?P=quote)(?P<sep>[ \t]{0,8}[=:][ \t]{0,8})"
    r"(?P<value>\[redacted\]|b?'[^'\n]{0,4096}'|b?\"[^\"\n]{0,4096}\"|[^\s,;&'\")\]}]+)"
)
# httpcore's header lists: (b'Set-Cookie', b'sid=…').
_HEADER_TUPLE = re.compile(
    r"\((?P<name>b?'[^'\n]{0,64}'|b?\"[^\"\n]{0,64}\"),(?P<space> ?)"
    r"(?P<value>b?'[^'\n]{0,4096}'|b?\"[^\"\n]{0,4096}\")\)"
)


def normalized(name: str) -> str:
    """`Client Secret`, `client-secret` and `client_secret` compare equal."""
    return re.sub(r"[\s_.\-]", "", name).lower()


def is_secret_name(name: str) -> bool:
    norm = normalized(name)
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


def redact_message(text: str) -> str:
    """Free text (an exception's message, a traceback, a log record, an argv word) with every
    URL, credential, secret-named `name=value` pair and token-like value hidden."""
    text = _URL.sub(lambda m: redact_url(m.group(0)), text)
    text = _CREDENTIAL.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = _HEADER_TUPLE.sub(_header_tuple, text)
    text = _PAIR.sub(_pair, text)
    return redact_text(text)


def _pair(match: re.Match[str]) -> str:
    value = match.group("value")
    if value == REDACTED or not is_secret_name(match.group("name")):
        return match.group(0)
    if value in ("''", '""', "b''", 'b""'):
        return match.group(0)  # an empty value hides nothing
    quote = match.group("quote")
    return f"{quote}{match.group('name')}{quote}{match.group('sep')}{REDACTED}"


def _header_tuple(match: re.Match[str]) -> str:
    name = match.group("name")
    if not is_secret_name(name.lstrip("b").strip("'\"")):
        return match.group(0)
    return f"({name},{match.group('space')}{REDACTED})"


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
            if (is_secret_name(name) or (pair_is_secret and normalized(name) == "value")) and (
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
    return normalized(name) == "code" and isinstance(item, int | bool)
