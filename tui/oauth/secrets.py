"""One-time values of a flow: the CSRF `state` and the PKCE verifier/challenge (RFC 7636)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass


def new_state() -> str:
    """32 random bytes, URL-safe: bound to one flow, compared in constant time."""
    return secrets.token_urlsafe(32)


def same_state(expected: str, received: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str
    method: str = "S256"

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(32)  # 43 characters of [A-Za-z0-9_-]
        return cls(verifier, s256(verifier))


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
