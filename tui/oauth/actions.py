"""What a user can do with stored tokens: refresh the access token, revoke, verify."""

from __future__ import annotations

import httpx

from config.tokens import ZohoTokens
from tui.clients import zoho
from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.connection import Target
from tui.oauth.tokens import TokenNames, TokenStore, push_tokens


def _http(tokens: ZohoTokens) -> httpx.AsyncClient:
    return httpx.AsyncClient(verify=tokens.accounts_server.startswith("https:"))


async def refresh(
    tokens: ZohoTokens,
    subscription: Subscription,
    store: TokenStore,
    ipaas: IpaasClient,
    push: bool,
    names: TokenNames | None = None,
) -> tuple[ZohoTokens, str]:
    """A new access token (the refresh token is kept); returns it and a push warning, if any."""
    async with _http(tokens) as http:
        refreshed = await zoho.refresh_access_token(
            http, tokens, client_id=subscription.client_id, client_secret=subscription.client_secret
        )
    await store.save(refreshed)
    if push:
        try:
            await push_tokens(ipaas, subscription.id, refreshed, names)
        except ApiError as exc:
            return refreshed, str(exc)
    return refreshed, ""


async def revoke(
    tokens: ZohoTokens,
    subscription: Subscription,
    store: TokenStore,
    ipaas: IpaasClient,
    push: bool,
    names: TokenNames | None = None,
) -> str:
    """Revoke at Zoho first, then forget locally (and blank the pushed copies)."""
    async with _http(tokens) as http:
        await zoho.revoke(http, tokens)
    await store.delete()
    if push:
        try:
            await ipaas.write_persistent_data(subscription.id, (names or TokenNames()).blanks())
        except ApiError as exc:
            return str(exc)
    return ""


async def verify(tokens: ZohoTokens, subscription: Subscription, target: Target) -> str:
    commerce = target.commerce_api(tokens.accounts_server, tokens.location)
    async with httpx.AsyncClient(verify=commerce.startswith("https:")) as http:
        return await zoho.verify_access_token(
            http, commerce, tokens.access_token, subscription.organization_id
        )
