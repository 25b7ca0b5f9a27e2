"""Zoho OAuth token calls and a cheap Commerce call to verify a token.

Zoho answers most errors with HTTP 200 and `{"error": ...}`, so every answer's body is read
before its status. Each error becomes a `ZohoError` whose message says what to do.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import httpx

from config.tokens import ZohoTokens
from tui.clients.errors import ServerError, UnreachableError, ZohoError, ZohoThrottledError

TIMEOUT = 15.0


def _messages(accounts_server: str, redirect_uri: str, refreshing: bool) -> dict[str, str]:
    return {
        "invalid_code": (
            "Zoho no longer accepts this refresh token (revoked, or pushed out by a 21st one); "
            "authenticate the subscription again."
            if refreshing
            else "The authorization code expired (codes live about 60 seconds) or was already "
            "used; authenticate again and finish within a minute."
        ),
        "invalid_client": (
            f"Zoho at {accounts_server} does not recognise this client: check the "
            "subscription's Client ID and Client Secret, and the data centre (a token request "
            "sent to the wrong data centre answers invalid_client)."
        ),
        "invalid_client_secret": (
            "Zoho refused the client secret: copy it again from Zoho's API console into the "
            "subscription's Client Secret."
        ),
        "invalid_redirect_uri": (
            f"The redirect URI {redirect_uri or '(none)'} does not match the one registered in "
            "Zoho's API console exactly (scheme, host, port, path, trailing slash); register it "
            "there or change the profile's callback_host/callback_port."
        ),
        "access_denied": "Access was denied in Zoho's consent page; authenticate again and "
        "choose Accept.",
    }


def _throttled(data: dict[str, Any]) -> bool:
    description = str(data.get("error_description", "")).lower()
    return data.get("status") == "failure" and (
        "too many requests" in description or str(data.get("error", "")).lower() == "access denied"
    )


def raise_for_zoho_error(
    data: Any, status: int, accounts_server: str, redirect_uri: str = "", refreshing: bool = False
) -> None:
    if not isinstance(data, dict):
        raise ServerError(
            f"Zoho answered HTTP {status} with an unexpected body; try again later.", status
        )
    if _throttled(data):
        raise ZohoThrottledError(
            "Zoho is throttling token requests (at most 10 access tokens per 10 minutes per "
            "refresh token). Wait a few minutes before trying again; do not retry now.",
            "throttled",
        )
    code = data.get("error")
    if code:
        code = str(code)
        message = _messages(accounts_server, redirect_uri, refreshing).get(
            code,
            f"Zoho refused the request: {code}"
            + (f" ({data['error_description']})" if data.get("error_description") else "")
            + ". Check the subscription's client settings and try again.",
        )
        raise ZohoError(message, code)
    if status >= 400:
        raise ServerError(f"Zoho answered HTTP {status}; try again later.", status)


async def _post_form(
    http: httpx.AsyncClient, url: str, form: dict[str, str], accounts_server: str
) -> tuple[Any, int]:
    try:
        response = await http.post(url, data=form, timeout=TIMEOUT)
    except httpx.TransportError as exc:
        raise UnreachableError(
            f"Cannot reach Zoho at {accounts_server} ({exc or type(exc).__name__}); check the "
            "network and the data centre."
        ) from exc
    try:
        return response.json(), response.status_code
    except ValueError:
        return None, response.status_code


async def exchange_code(
    http: httpx.AsyncClient,
    accounts_server: str,
    *,
    client_id: str,
    client_secret: str,
    code: str,
    redirect_uri: str,
    location: str = "",
    code_verifier: str | None = None,
    now: float | None = None,
) -> ZohoTokens:
    """Trade an authorization code for tokens at the user's accounts server."""
    form = {
        "grant_type": "authorization_code",
        "client_id": client_id,
        "client_secret": client_secret,
        "redirect_uri": redirect_uri,
        "code": code,
    }
    if code_verifier:
        form["code_verifier"] = code_verifier
    data, status = await _post_form(
        http, accounts_server + "/oauth/v2/token", form, accounts_server
    )
    raise_for_zoho_error(data, status, accounts_server, redirect_uri)
    if not data.get("access_token"):
        raise ServerError("Zoho answered without an access token; authenticate again.", status)
    issued = time.time() if now is None else now
    return ZohoTokens(
        access_token=str(data["access_token"]),
        refresh_token=str(data.get("refresh_token") or ""),
        expires_at=issued + float(data.get("expires_in") or 3600),
        api_domain=str(data.get("api_domain") or ""),
        accounts_server=accounts_server,
        location=location,
        scope=str(data.get("scope") or ""),
    )


async def refresh_access_token(
    http: httpx.AsyncClient,
    tokens: ZohoTokens,
    *,
    client_id: str,
    client_secret: str,
    now: float | None = None,
) -> ZohoTokens:
    """A new access token; the stored refresh token is kept (Zoho does not send another)."""
    if not tokens.refresh_token:
        raise ZohoError(
            "There is no refresh token to use (Zoho sends one only on the first consent); "
            "add prompt=consent to the template and authenticate again.",
            "no_refresh_token",
        )
    server = tokens.accounts_server
    form = {
        "grant_type": "refresh_token",
        "client_id": client_id,
        "client_secret": client_secret,
        "refresh_token": tokens.refresh_token,
    }
    data, status = await _post_form(http, server + "/oauth/v2/token", form, server)
    raise_for_zoho_error(data, status, server, refreshing=True)
    if not data.get("access_token"):
        raise ServerError("Zoho answered a refresh without an access token.", status)
    issued = time.time() if now is None else now
    refreshed = tokens.with_access(
        str(data["access_token"]), issued + float(data.get("expires_in") or 3600)
    )
    if data.get("refresh_token"):  # not sent by Zoho today; honour it if it ever is
        refreshed = replace(refreshed, refresh_token=str(data["refresh_token"]))
    return refreshed


async def revoke(http: httpx.AsyncClient, tokens: ZohoTokens) -> None:
    """Revoke the refresh token (and with it every access token made from it)."""
    server = tokens.accounts_server
    data, status = await _post_form(
        http, server + "/oauth/v2/token/revoke", {"token": tokens.refresh_token}, server
    )
    if isinstance(data, dict) and data.get("status") == "success":
        return
    if isinstance(data, dict) and data.get("error") == "invalid_token":
        raise ZohoError(
            "Zoho does not know this refresh token (already revoked?).", "invalid_token"
        )
    raise_for_zoho_error(data, status, server)
    raise ServerError(f"Zoho did not confirm the revocation (HTTP {status}).", status)


async def verify_access_token(
    http: httpx.AsyncClient, commerce_api: str, access_token: str, organization_id: str
) -> str:
    """Call a cheap Commerce endpoint; return a success line or raise with Zoho's reason."""
    if not organization_id:
        raise ZohoError(
            "The subscription has no Organization ID; set it (Zoho's "
            "zohofinance_orgid) in the subscription's settings.",
            "no_org",
        )
    url = commerce_api.rstrip("/") + "/salesorders"
    headers = {
        "Authorization": f"Zoho-oauthtoken {access_token}",
        "X-com-zoho-store-organizationid": organization_id,
    }
    try:
        response = await http.get(url, headers=headers, params={"per_page": "1"}, timeout=TIMEOUT)
    except httpx.TransportError as exc:
        raise UnreachableError(f"Cannot reach Zoho Commerce at {commerce_api} ({exc}).") from exc
    try:
        data = response.json()
    except ValueError:
        data = {}
    if response.status_code == 200 and data.get("code") == 0:
        return f"The access token works: Zoho Commerce answered for organization {organization_id}."
    message = data.get("message") or f"HTTP {response.status_code}"
    raise ZohoError(
        f"Zoho Commerce refused the token: {message}. Refresh the token, or authenticate again "
        "if refreshing does not help; check the Organization ID and the scopes.",
        str(data.get("code", response.status_code)),
    )
