"""Zoho tokens as stored in the keyring, and masking for anything shown on screen."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from config.errors import SecretStorageError


@dataclass(frozen=True)
class ZohoTokens:
    access_token: str
    refresh_token: str
    expires_at: float | None  # epoch seconds; None when Zoho's answer did not say
    api_domain: str = ""
    accounts_server: str = ""
    location: str = ""
    scope: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ZohoTokens:
        try:
            data = json.loads(text)
            tokens = cls(**{k: data[k] for k in data if k in cls.__dataclass_fields__})
            if not isinstance(tokens.access_token, str) or not (
                tokens.expires_at is None or isinstance(tokens.expires_at, int | float)
            ):
                raise TypeError("wrong field types")
            return tokens
        except (ValueError, TypeError, KeyError) as exc:
            raise SecretStorageError(
                "The stored Zoho tokens are unreadable; authenticate the subscription again."
            ) from exc

    def remaining(self, now: float) -> float | None:
        """Seconds left, or None when the expiry is unknown (shown as such, never guessed)."""
        if self.expires_at is None:
            return None
        return max(0.0, self.expires_at - now)

    def with_access(self, access_token: str, expires_at: float | None) -> ZohoTokens:
        """A refresh answer replaces only the access token; the refresh token stays."""
        return replace(self, access_token=access_token, expires_at=expires_at)


def mask(secret: str, shown: int = 4) -> str:
    """`1000.abcd…` -> `••••••••…wxyz`: enough to recognise, never enough to use."""
    if not secret:
        return ""
    if len(secret) <= shown * 3:
        return "•" * 8
    return "•" * 8 + secret[-shown:]
