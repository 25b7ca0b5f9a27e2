"""One subscription's Zoho tokens as the tokens view shows them: where they are, when the access
token expires, the last verification, and the problem with what to do. Pure rules, no I/O:
`tui.core.tokens_overview` reads and verifies, this module says what it means."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from config.tokens import ZohoTokens
from tui.clients.models import Subscription
from tui.core.token_ledger import LastVerified
from tui.core.token_rules import dc_of
from tui.oauth.tokens import TokenNames

HERE, ON_IPAAS, BOTH, NONE = "here", "iPaaS.com", "both", "none"


@dataclass(frozen=True)
class TokenRow:
    """A row of `ipaas-auth tokens --all` and of the tokens screen."""

    subscription: str
    id: str
    kept_here: bool
    on_ipaas: bool
    expires_at: float | None
    has_refresh_token: bool
    verified: LastVerified | None
    client_id: str
    dc: str
    problem: str = ""
    fix: str = ""
    note: str = ""  # what else is worth knowing (a check skipped, and why)

    def seconds_left(self, now: float) -> int | None:
        """Whole seconds the access token has left: None when its expiry is unknown, 0 once
        expired. Both faces word it from this (a line for the command, a cell for the screen)."""
        return None if self.expires_at is None else max(0, int(self.expires_at - now))

    @property
    def where(self) -> str:
        if self.kept_here and self.on_ipaas:
            return BOTH
        return HERE if self.kept_here else ON_IPAAS if self.on_ipaas else NONE

    def to_json(self) -> dict[str, Any]:
        verified = self.verified
        return {
            "subscription": self.subscription,
            "id": self.id,
            "kept_here": self.kept_here,
            "on_ipaas": self.on_ipaas,
            "expires_at": self.expires_at,
            "has_refresh_token": self.has_refresh_token,
            "verified": (
                {"at": verified.at, "ok": verified.ok, "detail": verified.detail}
                if verified
                else None
            ),
            "client_id": self.client_id,
            "dc": self.dc,
            "problem": self.problem or None,
            "fix": self.fix or None,
        }


def unreadable(name: str, subscription_id: str, why: str) -> TokenRow:
    """The row of a subscription iPaaS.com would not hand over."""
    empty = TokenRow(name, subscription_id, False, False, None, False, None, "", "")
    return replace(empty, problem="the subscription cannot be read", fix=why)


def sort_rows(rows: list[TokenRow]) -> list[TokenRow]:
    """Problems first, then by name."""
    return sorted(rows, key=lambda r: (not r.problem, r.subscription.casefold(), r.id))


def _expiry(text: str | None) -> float | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.timestamp() if parsed.tzinfo else None


def ipaas_tokens(subscription: Subscription, names: TokenNames) -> ZohoTokens | None:
    """The tokens the subscription's persistent data holds under the profile's names (no data
    centre: iPaaS.com does not keep it), or None when both names are empty or absent."""
    data = {d.name: d for d in subscription.persistent_data}
    access, refresh = data.get(names.access), data.get(names.refresh)
    if not (access and access.value) and not (refresh and refresh.value):
        return None
    return ZohoTokens(
        access_token=access.value if access else "",
        refresh_token=refresh.value if refresh else "",
        expires_at=_expiry(access.expiration_date_time) if access else None,
    )


def tokens_to_check(
    subscription: Subscription,
    local: ZohoTokens | None,
    names: TokenNames,
    accounts_url: str,
    default_dc: str,
) -> ZohoTokens | None:
    """The tokens that matter: those kept here when iPaaS.com holds none or the same refresh
    token; else iPaaS.com's (the integration's), placed in the data centre of the tokens kept
    here, or the profile's (`accounts_url`, `default_dc`)."""
    held = ipaas_tokens(subscription, names)
    if local is not None and (held is None or held.refresh_token in ("", local.refresh_token)):
        return local
    if held is None:
        return None
    if local is not None:
        return replace(
            held, accounts_server=local.accounts_server, location=dc_of(local, default_dc)
        )
    return replace(held, accounts_server=accounts_url, location=default_dc)


def authenticate_fix(subscription_id: str) -> str:
    return (
        f"Authenticate it: `ipaas-auth authenticate {subscription_id}` (or a on its screen in "
        "the console)."
    )


NO_REFRESH = (
    "Zoho sends a refresh token only on the first consent: add &prompt=consent to the "
    "version's OAuth template, then authenticate again."
)


def describe(
    subscription: Subscription,
    local: ZohoTokens | None,
    names: TokenNames,
    *,
    default_dc: str,
    accounts_url: str,
    push_tokens: bool,
    last: LastVerified | None,
    now: float,
    local_error: str = "",
) -> TokenRow:
    """The row for one subscription, before any call to Zoho."""
    on_ipaas = ipaas_tokens(subscription, names) is not None
    tokens = tokens_to_check(subscription, local, names, accounts_url, default_dc)
    dc = "" if tokens is None else dc_of(tokens, default_dc)
    row = TokenRow(
        subscription=subscription.name,
        id=subscription.id,
        kept_here=local is not None,
        on_ipaas=on_ipaas,
        expires_at=tokens.expires_at if tokens else None,
        has_refresh_token=bool(tokens and tokens.refresh_token),
        verified=last,
        client_id=subscription.client_id,
        dc=dc,
    )
    return _problem(row, subscription, tokens, push_tokens, now, local_error)


def _problem(
    row: TokenRow,
    subscription: Subscription,
    tokens: ZohoTokens | None,
    push_tokens: bool,
    now: float,
    local_error: str,
) -> TokenRow:
    if local_error:
        return replace(row, problem="the tokens kept here cannot be read", fix=local_error)
    if tokens is None:
        if not subscription.client_id:
            return replace(row, note="no Zoho Client ID: not a Zoho subscription?")
        return replace(row, problem="no tokens", fix=authenticate_fix(subscription.id))
    if not subscription.client_id:
        return replace(
            row,
            problem="no Client ID",
            fix="Set the subscription's Client ID and Client Secret (from Zoho's API console) "
            "on iPaaS.com.",
        )
    if not tokens.refresh_token:
        expired = tokens.expires_at is not None and tokens.expires_at <= now
        what = (
            "no refresh token, and the access token has expired"
            if expired
            else ("no refresh token: the access token stops working within the hour")
        )
        return replace(row, problem=what, fix=NO_REFRESH)
    if push_tokens and row.kept_here and not row.on_ipaas:
        return replace(
            row,
            problem="not on iPaaS.com: the integration has no tokens",
            fix=f"Send them: `ipaas-auth tokens refresh {subscription.id}` writes them to the "
            "subscription's persistent data (or authenticate again).",
        )
    if row.verified is not None and not row.verified.ok:
        return replace(
            row,
            problem="the last verification failed",
            fix=f"{row.verified.detail} Check again with `ipaas-auth tokens --all --verify`.",
        )
    return row
