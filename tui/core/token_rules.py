"""Zoho's token limits, said before they bite: the Authenticate that would mint a client's 21st
refresh token (Zoho then deletes the oldest, which a live integration may hold), the 11th
authorization code in 10 minutes (refused with access_denied), and the revoke that would cut off
the token a subscription's iPaaS.com data holds. Sources: ../shared/docs/zoho-oauth.md."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from config.tokens import ZohoTokens
from config.zoho import data_centre_for_host
from tui.clients.models import Subscription
from tui.core.token_ledger import CODES_WINDOW, MINTED, KnownToken, Seen, TokenLedger
from tui.oauth.tokens import TokenNames

MAX_REFRESH_TOKENS = 20  # per user and client; the 21st deletes the oldest
MAX_CODES = 10  # authorization codes per client in 10 minutes


def dc_of(tokens: ZohoTokens, default: str) -> str:
    """The tokens' data centre code: their location, else their accounts server's, else
    `default` (the profile's zoho_dc)."""
    if tokens.location:
        return tokens.location.lower()
    dc = data_centre_for_host(urlsplit(tokens.accounts_server).hostname or "")
    return dc.code if dc else default


def _when(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _oldest(token: KnownToken) -> str:
    where = f" for subscription {token.subscription_id}" if token.subscription_id else ""
    how = "minted here" if token.how == MINTED else f"first {token.how}"
    return f"the oldest ({how} {_when(token.at)}{where})"


def twenty_first_warning(ledger: TokenLedger, client_id: str, dc: str) -> str | None:
    """Why the next Authenticate of `client_id` in `dc` would delete a refresh token, or None.

    Counted per client, since Zoho's answers do not name the user: with several Zoho users
    on one client each has 20 of their own, and the warning comes early, never late."""
    live = ledger.live_tokens(client_id, dc)
    if len(live) < MAX_REFRESH_TOKENS:
        return None
    oldest = live[0]
    also = (
        f" If subscription {oldest.subscription_id} still uses it, authenticate it again "
        "afterwards."
        if oldest.subscription_id
        else ""
    )
    return (
        f"This Authenticate would mint refresh token number {len(live) + 1} known for Zoho "
        f"client {client_id} in the {dc} data centre. Zoho keeps 20 per user and client and "
        f"deletes {_oldest(oldest)}: whatever uses it stops working.{also} To keep it, remove "
        "the app's unused sessions at Zoho first (accounts.zoho.com, Connected Apps), or revoke "
        "tokens no subscription needs (`ipaas-auth tokens revoke SUBSCRIPTION`); `ipaas-auth "
        "tokens --all` shows which subscriptions hold tokens. (Counted per client: tokens "
        "minted outside ipaas-auth, as in iPaaS.com's portal, count only once seen.)"
    )


def code_limit_warning(ledger: TokenLedger, client_id: str, now: float) -> str | None:
    """Why Zoho would refuse the next authorization code of `client_id` now, or None."""
    recent = ledger.recent_codes(client_id, now)
    if len(recent) < MAX_CODES:
        return None
    free_at = recent[-MAX_CODES] + CODES_WINDOW
    wait = max(1, int(free_at - now) + 1)
    return (
        f"ipaas-auth asked Zoho for {len(recent)} authorization codes for client {client_id} in "
        f"the last 10 minutes; Zoho allows {MAX_CODES} per client in 10 minutes and answers "
        f"access_denied until then. Wait {wait // 60} min {wait % 60} s before authenticating."
    )


def authenticate_warnings(
    ledger: TokenLedger, client_id: str, dc: str, now: float | None = None
) -> list[str]:
    """What to tell a person before an Authenticate of `client_id` in `dc`; empty when
    nothing is in the way. Ask before going on when it is not empty."""
    now = time.time() if now is None else now
    codes = code_limit_warning(ledger, client_id, now)
    found = (codes, twenty_first_warning(ledger, client_id, dc))
    return [w for w in found if w]


def note_authenticate(
    ledger: TokenLedger,
    *,
    client_id: str,
    dc: str,
    subscription_id: str,
    refresh_token: str,
    now: float | None = None,
) -> None:
    """Count an Authenticate: its authorization code and, when Zoho sent one, the refresh
    token it minted. Call it once the redirect brought a code (the code counts even if the
    exchange then fails)."""
    now = time.time() if now is None else now
    ledger.record_code(client_id, now)
    if refresh_token:
        ledger.record_tokens([Seen(refresh_token, client_id, dc, subscription_id, MINTED)], now)


def held_refresh_token(subscription: Subscription, names: TokenNames) -> str:
    """The refresh token the subscription's persistent data holds under the profile's name."""
    return next((d.value for d in subscription.persistent_data if d.name == names.refresh), "")


def revoke_warning(tokens: ZohoTokens, subscription: Subscription, names: TokenNames) -> str | None:
    """Why revoking `tokens` would stop the integration, or None: when the subscription's
    iPaaS.com data holds this very refresh token, the integration uses it."""
    if not tokens.refresh_token or held_refresh_token(subscription, names) != tokens.refresh_token:
        return None
    return (
        f"iPaaS.com's data of {subscription.name} ({subscription.id}) holds this refresh token "
        f"(persistent data {names.refresh}): the integration uses it and stops working until "
        "someone authenticates the subscription again."
    )
