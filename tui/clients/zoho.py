"""Zoho OAuth token calls and a cheap Commerce call to verify a token.

Zoho answers most errors with HTTP 200 and `{"error": ...}`, so every answer's body is read
before its status. Each error becomes a `ZohoError` whose message says what to do.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from config.tokens import ZohoTokens
from config.zoho import DATA_CENTRES
from tui.clients.errors import (
    ServerError,
    UnexpectedShapeError,
    UnreachableError,
    ZohoError,
    ZohoThrottledError,
)
from tui.clients.http import send_capped
from tui.clients.zoho_messages import NO_ORGANIZATION, messages

TIMEOUT = 15.0


def _throttled(data: dict[str, Any]) -> bool:
    description = str(data.get("error_description", "")).lower()
    return data.get("status") == "failure" and (
        "too many requests" in description or str(data.get("error", "")).lower() == "access denied"
    )


def raise_for_zoho_error(
    data: Any, status: int, accounts_server: str, redirect_uri: str = "", refreshing: bool = False
) -> None:
    if not isinstance(data, dict):
        raise UnexpectedShapeError(
            f"Zoho answered HTTP {status} with a body that is not a JSON object; try again later.",
            status,
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
        message = messages(accounts_server, redirect_uri, refreshing).get(
            code,
            f"Zoho refused the request: {code}"
            + (f" ({data['error_description']})" if data.get("error_description") else "")
            + ". Check the subscription's client settings and try again.",
        )
        raise ZohoError(message, code)
    if status >= 400:
        raise ServerError(f"Zoho answered HTTP {status}; try again later.", status)


async def _post_form(
    http: httpx.AsyncClient,
    url: str,
    accounts_server: str,
    *,
    form: dict[str, str],
) -> tuple[Any, int]:
    """POST and read the (capped) body as JSON; `None` for a body that is not JSON."""
    try:
        response = await send_capped(
            http,
            "POST",
            url,
            what=f"Zoho at {accounts_server}",
            data=form,
            timeout=TIMEOUT,
        )
    except httpx.TransportError as exc:
        raise UnreachableError(
            f"Cannot reach Zoho at {accounts_server} ({exc or type(exc).__name__}); check the "
            "network and the data centre."
        ) from exc
    try:
        return response.json(), response.status_code
    except ValueError:
        return None, response.status_code


def _text(data: dict[str, Any], key: str) -> str:
    """A string field, or "" when it is missing or not a string (Zoho's extras are ignored)."""
    value = data.get(key)
    return value if isinstance(value, str) else ""


MAX_LIFETIME = 10 * 365 * 24 * 3600.0  # anything longer is not an expiry we believe


def _expires_at(data: dict[str, Any], issued: float) -> float | None:
    """`issued + expires_in`, or None (unknown) for a missing, non-numeric or absurd value."""
    value = data.get("expires_in")
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float) or not math.isfinite(value):
        return None
    if not 0 < value <= MAX_LIFETIME:
        return None
    return issued + float(value)


def _has_access_token(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("access_token"), str)
        and bool(data["access_token"])
    )


def _access_token(data: Any, status: int, what: str) -> tuple[dict[str, Any], str]:
    """The answer and its access token, once Zoho's own errors are ruled out."""
    if not isinstance(data, dict):
        raise UnexpectedShapeError(
            f"Zoho answered {what} with HTTP {status} and no JSON object; try again later.",
            status,
        )
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise UnexpectedShapeError(
            f"Zoho answered {what} without an access token (HTTP {status}, fields: "
            f"{', '.join(sorted(str(k) for k in data)[:10]) or 'none'}); try again.",
            status,
        )
    return data, token


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
        http, accounts_server + "/oauth/v2/token", accounts_server, form=form
    )
    if not _has_access_token(data):  # issued tokens win over any other field of the answer
        raise_for_zoho_error(data, status, accounts_server, redirect_uri)
    data, access_token = _access_token(data, status, "the code exchange")
    # From here on Zoho has issued tokens (the code is spent): nothing below may raise.
    issued = time.time() if now is None else now
    return ZohoTokens(
        access_token=access_token,
        refresh_token=_text(data, "refresh_token"),
        expires_at=_expires_at(data, issued),
        api_domain=_text(data, "api_domain"),
        accounts_server=accounts_server,
        location=location,
        scope=_text(data, "scope"),
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
    data, status = await _post_form(http, server + "/oauth/v2/token", server, form=form)
    if not _has_access_token(data):
        raise_for_zoho_error(data, status, server, refreshing=True)
    data, access_token = _access_token(data, status, "the refresh")
    issued = time.time() if now is None else now
    refreshed = tokens.with_access(access_token, _expires_at(data, issued))
    if _text(data, "refresh_token"):  # not sent by Zoho today; honour it if it ever is
        refreshed = replace(refreshed, refresh_token=_text(data, "refresh_token"))
    return refreshed


async def revoke(http: httpx.AsyncClient, tokens: ZohoTokens) -> None:
    """Revoke the refresh token (and with it every access token made from it).

    The token goes in the form body, as Zoho's own SDKs send it (Zoho's page shows it in the
    query string; both are accepted): a URL is what proxies, servers and loggers write down.
    Without a refresh token nothing is sent: an empty `token` would only earn Zoho's puzzling
    `invalid_request`."""
    if not tokens.refresh_token:
        raise ZohoError(
            "There is no refresh token to revoke (Zoho sent none); nothing was sent to Zoho. "
            "The access token stops working when it expires; to cut access now, remove the app "
            "at Zoho (accounts.zoho.com, Connected Apps).",
            "no_refresh_token",
        )
    server = tokens.accounts_server
    data, status = await _post_form(
        http, server + "/oauth/v2/token/revoke", server, form={"token": tokens.refresh_token}
    )
    if isinstance(data, dict) and data.get("status") == "success":
        return
    # An unknown token is HTTP 400 (revoke-refresh-token.html), whatever the body says.
    unknown = isinstance(data, dict) and data.get("error") in ("invalid_token", "invalid_code")
    if unknown or (status == 400 and not (isinstance(data, dict) and data.get("error"))):
        raise ZohoError(
            f"Zoho does not know this refresh token (HTTP {status}: already revoked, pushed "
            "out by a 21st one, or issued by another data centre).",
            "invalid_token",
        )
    raise_for_zoho_error(data, status, server)
    raise ServerError(f"Zoho did not confirm the revocation (HTTP {status}).", status)


def commerce_api_for(location: str) -> str:
    """Zoho Commerce's API base for a data centre; a clear error where Commerce does not exist."""
    dc = DATA_CENTRES.get(location.lower().strip())
    if dc is not None and dc.commerce_api:
        return dc.commerce_api
    where = ", ".join(
        f"{d.code} ({urlsplit(d.commerce_api).hostname})"
        for d in DATA_CENTRES.values()
        if d.commerce_api
    )
    raise ZohoError(
        f"These tokens belong to Zoho's {location or 'unknown'!r} data centre, where Zoho "
        f"Commerce does not exist; Commerce runs only in {where}. Nothing was called. Sign in "
        "with a Zoho account of one of those data centres to verify a Commerce token.",
        "no_commerce_in_dc",
    )


async def verify_access_token(
    http: httpx.AsyncClient, commerce_api: str, access_token: str, organization_id: str
) -> str:
    """Call a cheap Commerce endpoint; return a success line or raise with Zoho's reason."""
    if not organization_id:
        raise ZohoError(NO_ORGANIZATION, "no_org")
    url = commerce_api.rstrip("/") + "/salesorders"
    headers = {
        "Authorization": f"Zoho-oauthtoken {access_token}",
        "X-com-zoho-store-organizationid": organization_id,
    }
    try:
        response = await send_capped(
            http,
            "GET",
            url,
            what=f"Zoho Commerce at {commerce_api}",
            headers=headers,
            params={"per_page": "1"},
            timeout=TIMEOUT,
        )
    except httpx.TransportError as exc:
        raise UnreachableError(
            f"Cannot reach Zoho Commerce at {commerce_api} ({exc or type(exc).__name__}); "
            "check the network."
        ) from exc
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = {}
    if response.status_code == 200 and data.get("code") == 0:
        return f"The access token works: Zoho Commerce answered for organization {organization_id}."
    message = data.get("message")
    message = message if isinstance(message, str) and message else f"HTTP {response.status_code}"
    message = message.rstrip().rstrip(".")
    raise ZohoError(
        f"Zoho Commerce refused the token: {message}. Refresh the token, or authenticate again "
        "if refreshing does not help; check the Organization ID and the scopes.",
        str(data.get("code", response.status_code)),
    )


SITES_SCOPE = "ZohoCommerce.sitesIndex.READ"


async def list_organisations(
    http: httpx.AsyncClient, commerce_api: str, access_token: str
) -> list[tuple[str, str]]:
    """(organization id, store name) of the stores the token sees: Zoho Commerce's sites index
    (needs the scope ZohoCommerce.sitesIndex.READ; its path sits beside /store/api/v1)."""
    base = commerce_api.rstrip("/").removesuffix("/store/api/v1")
    try:
        response = await send_capped(
            http,
            "GET",
            base + "/zs-site/api/v1/index/sites",
            what=f"Zoho Commerce at {base}",
            headers={"Authorization": f"Zoho-oauthtoken {access_token}"},
            timeout=TIMEOUT,
        )
    except httpx.TransportError as exc:
        raise UnreachableError(
            f"Cannot reach Zoho Commerce at {base} ({exc or type(exc).__name__}); check the "
            "network."
        ) from exc
    try:
        data = response.json()
    except ValueError:
        data = None
    sites = data.get("get_sites", {}) if isinstance(data, dict) else {}
    mine = sites.get("my_sites") if isinstance(sites, dict) else None
    if response.status_code != 200 or not isinstance(mine, list):
        raise ZohoError(
            f"Zoho Commerce did not list the organisations (HTTP {response.status_code}); "
            f"the token needs the scope {SITES_SCOPE}.",
            str(response.status_code),
        )
    found = []
    for site in mine:
        if isinstance(site, dict) and site.get("zohofinance_orgid"):
            name = next(
                (str(site[k]) for k in ("site_name", "store_name", "name") if site.get(k)), ""
            )
            found.append((str(site["zohofinance_orgid"]), name))
    return found
