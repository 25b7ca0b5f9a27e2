"""An iPaaS.com session as the client holds it: the bearer token, its refresh token, when it
expires and which company it is for; read from a log-in, company or refresh answer (all three
have the log-in's shape: DevelopmentUtility `iPaaSModels/LoginResponse.cs`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tui.clients import shapes as s

# "Tokens expire after one hour" (../shared/docs/ipaas-api.md): the lifetime assumed when an
# answer carries no access_token_expiration we can read.
DEFAULT_LIFETIME = 3600.0
# A session with less than this left is refreshed before it is used, not after iPaaS.com
# refuses it (DevelopmentUtility `iPaaSApiCall.ValidateFullToken` refreshes from
# access_token_expiration too; ahead, here, so a request never starts with a dying token).
REFRESH_AHEAD = 120.0


@dataclass
class Session:
    user_id: str
    user_name: str
    access_token: str
    refresh_token: str
    company_id: str | None = None
    # An API key: no refresh, and no ChangeCompany (a key belongs to the company it was made in).
    api_key: bool = False
    expires_at: float | None = None  # epoch seconds; None: unknown (an API key)

    def expiring(self, now: float, ahead: float = REFRESH_AHEAD) -> bool:
        """True when the token should be refreshed before its next use."""
        return (
            not self.api_key
            and bool(self.refresh_token)
            and self.expires_at is not None
            and now >= self.expires_at - ahead
        )


def session_from(value: object, now: float, fallback: Session | None = None) -> Session:
    """The session a log-in, ChangeCompany or refresh answer gives. What the answer leaves out
    comes from `fallback` (the session it replaces): the user, the company, and the refresh
    token, which DevelopmentUtility keeps across refreshes (it never reads a new one)."""
    data = s.obj(value, "a log-in answer")
    token = s.text(data, "access_token")
    if not token:
        raise s.shape_error("a log-in answer", "an access_token", data.get("access_token"))
    return Session(
        user_id=s.text(data, "id") or (fallback.user_id if fallback else ""),
        user_name=s.text(data, "name") or (fallback.user_name if fallback else ""),
        access_token=token,
        refresh_token=s.text(data, "refresh_token") or (fallback.refresh_token if fallback else ""),
        company_id=fallback.company_id if fallback else None,
        expires_at=expiry(data.get("access_token_expiration"), now),
    )


UNSET_BEFORE_YEAR = 1970  # DateTimeOffset.MinValue and the like: no expiry was set


def expiry(value: object, now: float) -> float:
    """`access_token_expiration` (a DateTimeOffset: ISO 8601 with an offset) as epoch seconds;
    an hour from `now` when it is missing or unreadable. A time without an offset is UTC.
    .NET's default (0001-01-01, a field never set) is missing, not long expired: else every
    request would first refresh the session."""
    if isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return now + DEFAULT_LIFETIME
        if moment.year < UNSET_BEFORE_YEAR:
            return now + DEFAULT_LIFETIME
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    return now + DEFAULT_LIFETIME
