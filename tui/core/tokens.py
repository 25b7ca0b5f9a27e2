"""Use cases on a subscription's Zoho tokens: load, refresh, verify, revoke, and the access
token refreshed when it is expired or about to be (what `ipaas-auth token` prints)."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

import httpx

from config.errors import ConfigError
from config.secrets import SecretStore, memory_reason
from config.tokens import ZohoTokens
from tui.clients import zoho
from tui.clients.errors import ApiError
from tui.clients.http import new_async_client
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.connection import Target
from tui.core.errors import ConsentNeededError
from tui.core.token_ledger import TokenLedger
from tui.core.token_rules import held_refresh_token
from tui.oauth.tokens import TokenNames, TokenStore, push_tokens

# An access token with less than this left is refreshed before it is handed out.
REFRESH_MARGIN = 60.0


@dataclass(frozen=True)
class Refreshed:
    tokens: ZohoTokens
    push_error: str = ""  # why iPaaS.com did not take the new token (it is kept locally)


def _http(base: str) -> httpx.AsyncClient:
    return new_async_client(verify=base.startswith("https:"))


def no_tokens_here(subscription: Subscription, secrets: SecretStore) -> str:
    """What to do about no tokens on this machine: authenticate, after a keyring or the
    secrets file when a command can keep none (authenticating again alone would keep nothing
    again)."""
    first = f"No tokens for {subscription.name} on this machine"
    unkept = memory_reason(secrets)
    if unkept:
        return (
            f"{first}, and a command keeps none here: {unkept} Then authenticate it again: "
            f"`ipaas-auth authenticate {subscription.id}`."
        )
    return (
        f"{first}; authenticate it first: "
        f"`ipaas-auth authenticate {subscription.id}` (or a in the console)."
    )


async def require_tokens(store: TokenStore, subscription: Subscription) -> ZohoTokens:
    tokens = await store.load()
    if tokens is None:
        raise ConsentNeededError(no_tokens_here(subscription, store.secrets))
    return tokens


async def refresh(
    tokens: ZohoTokens,
    subscription: Subscription,
    store: TokenStore,
    ipaas: IpaasClient,
    push: bool,
    names: TokenNames,
) -> Refreshed:
    """A new access token (the refresh token is kept), stored and, if `push`, on iPaaS.com,
    but only over these tokens or none: the subscription's data may hold another Authenticate's
    (newer, which the integration uses), and those are left as they are."""
    async with _http(tokens.accounts_server) as http:
        refreshed = await zoho.refresh_access_token(
            http, tokens, client_id=subscription.client_id, client_secret=subscription.client_secret
        )
    await store.save(refreshed)
    if push:
        try:
            current = await ipaas.get_subscription(subscription.id)
            if held_refresh_token(current, names) not in ("", tokens.refresh_token):
                return Refreshed(refreshed, _holds_others(current))
            await push_tokens(ipaas, subscription.id, refreshed, names, read=current)
        except ApiError as exc:
            return Refreshed(refreshed, str(exc))
    return Refreshed(refreshed)


def _holds_others(subscription: Subscription) -> str:
    return (
        f"the data of {subscription.name} ({subscription.id}) holds other tokens (another "
        "Authenticate's, which the integration uses), so they were left as they are; the new "
        "access token is kept on this machine only. To use one set of tokens everywhere, "
        f"authenticate it again: `ipaas-auth authenticate {subscription.id}`."
    )


async def fresh_access_token(
    subscription: Subscription,
    store: TokenStore,
    ipaas: IpaasClient,
    push: bool,
    names: TokenNames,
    now: float | None = None,
    margin: float = REFRESH_MARGIN,
) -> Refreshed:
    """The stored tokens, refreshed first when the access token has less than `margin` left
    (or an unknown expiry: a token handed to a script must work)."""
    tokens = await require_tokens(store, subscription)
    left = tokens.remaining(time.time() if now is None else now)
    if left is not None and left > margin:
        return Refreshed(tokens)
    return await refresh(tokens, subscription, store, ipaas, push, names)


async def revoke(
    tokens: ZohoTokens,
    subscription: Subscription,
    store: TokenStore,
    ipaas: IpaasClient,
    push: bool,
    names: TokenNames,
    ledger: TokenLedger | None = None,
) -> str:
    """Revoke at Zoho first, then forget locally and blank iPaaS.com's copies, but only when
    they are these tokens (iPaaS.com may hold newer ones, which the integration uses); returns
    why iPaaS.com's copies could not be blanked, if so. The index (`ledger`) stops counting the
    token."""
    async with _http(tokens.accounts_server) as http:
        await zoho.revoke(http, tokens)
    await store.delete()
    if ledger is not None:
        with contextlib.suppress(ConfigError):  # the token is revoked: only the count lags
            ledger.mark_dead([tokens.refresh_token], time.time(), "revoked by ipaas-auth")
    if push:
        try:
            current = await ipaas.get_subscription(subscription.id)
            if held_refresh_token(current, names) in ("", tokens.refresh_token):
                await ipaas.write_persistent_data(subscription.id, names.blanks(), current)
        except ApiError as exc:
            return str(exc)
    return ""


async def verify(tokens: ZohoTokens, subscription: Subscription, target: Target) -> str:
    """Call Zoho Commerce with the access token; returns what it answered, in words."""
    commerce = target.commerce_api(tokens.accounts_server, tokens.location)
    async with _http(commerce) as http:
        return await zoho.verify_access_token(
            http, commerce, tokens.access_token, subscription.organization_id
        )
