"""What Zoho's answer to a token check means for a subscription: the problem in a few words and
what to do, for the tokens view (`tui.core.tokens_overview`)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from config.tokens import ZohoTokens
from tui.clients import zoho
from tui.clients.errors import ApiError, ZohoError, ZohoThrottledError
from tui.clients.models import Subscription
from tui.clients.zoho_messages import NO_ORGANIZATION, invalid_client_message
from tui.connection import Target
from tui.core.token_rows import authenticate_fix


@dataclass(frozen=True)
class Verdict:
    """`ok` None: not decided yet (the check goes on)."""

    ok: bool | None = None
    detail: str = ""
    problem: str = ""
    fix: str = ""


def _failed(problem: str, fix: str, detail: str = "") -> Verdict:
    return Verdict(False, detail or fix, problem, fix)


def refresh_verdict(
    exc: ApiError, tokens: ZohoTokens, subscription: Subscription, assumed: bool, dc: str
) -> Verdict:
    """The verdict when refreshing the expired access token failed. `assumed`: the data
    centre is the profile's zoho_dc, not known from the tokens (they are only on iPaaS.com)."""
    where = tokens.location or dc
    if isinstance(exc, ZohoThrottledError):
        return _failed("Zoho is throttling this refresh token", str(exc))
    if not isinstance(exc, ZohoError):
        return _failed("Zoho could not be asked", str(exc))
    if exc.code == "invalid_code":
        return _failed(
            "the refresh token was revoked (or pushed out by a 21st one)",
            authenticate_fix(subscription.id),
            str(exc),
        )
    if exc.code == "invalid_client":
        guess = (
            f" The tokens are only on iPaaS.com, so the data centre was taken from the "
            f"profile's zoho_dc ({dc}): if the Zoho account is in another one, set it with "
            "`ipaas-auth profiles set PROFILE zoho_dc=DC`."
            if assumed
            else ""
        )
        return _failed(
            f"Zoho's {where} data centre refused the client (wrong data centre, or not enabled)",
            invalid_client_message(tokens.accounts_server, where) + guess,
        )
    if exc.code == "invalid_client_secret":
        return _failed("Zoho refused the client secret", str(exc))
    return _failed(f"the refresh failed ({exc.code or 'error'})", str(exc))


async def commerce_verdict(
    target: Target,
    http: httpx.AsyncClient,
    tokens: ZohoTokens,
    subscription: Subscription,
    dc: str,
) -> Verdict:
    """One cheap Zoho Commerce call with the access token (a sales-orders page of one)."""
    where = tokens.location or dc
    try:
        commerce = target.commerce_api(tokens.accounts_server, where)
    except ZohoError as exc:
        return _failed(f"no Zoho Commerce in the {where} data centre", str(exc))
    organization = subscription.organization_id
    if not organization:
        return await _no_organization(http, commerce, tokens)
    try:
        answer = await zoho.verify_access_token(http, commerce, tokens.access_token, organization)
    except ZohoError as exc:
        return _commerce_refused(exc, subscription, where)
    except ApiError as exc:
        return _failed("Zoho Commerce could not be asked", str(exc))
    return Verdict(True, answer)


async def _no_organization(http: httpx.AsyncClient, commerce: str, tokens: ZohoTokens) -> Verdict:
    """Without an Organization ID no Commerce call can be made: say where to find it, and
    list the organisations when the token has the scope to."""
    fix = NO_ORGANIZATION
    if zoho.SITES_SCOPE in tokens.scope.replace(" ", ",").split(","):
        try:
            found = await zoho.list_organisations(http, commerce, tokens.access_token)
        except ApiError as exc:
            fix = f"{NO_ORGANIZATION} (Listing them failed: {exc})"
        else:
            named = "; ".join(f"{org} {name}".strip() for org, name in found)
            fix = (
                "The subscription has no Organization ID. The token sees these organisations: "
                f"{named or 'none'}; set the one to use as the subscription's Organization ID "
                "on iPaaS.com."
            )
    return _failed("no Organization ID", fix)


def _commerce_refused(exc: ZohoError, subscription: Subscription, dc: str) -> Verdict:
    if exc.code == "2":
        return _failed(
            "Zoho Commerce does not know the Organization ID",
            f"Check the subscription's Organization ID ({subscription.organization_id}) in "
            "Zoho Commerce's settings (zohofinance_orgid).",
            str(exc),
        )
    if exc.code == "57":
        return _failed(
            "the token may not read sales orders",
            "Add ZohoCommerce.salesorders.READ to the version's OAuth template, then "
            "authenticate again.",
            str(exc),
        )
    return _failed(
        "Zoho Commerce refused the access token",
        f"{authenticate_fix(subscription.id)} If it was authenticated in another data centre "
        f"than {dc}, check the profile's zoho_dc.",
        str(exc),
    )
