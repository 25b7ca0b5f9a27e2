"""The sandbox's Zoho Commerce: the cheap read a token is verified with, and the sites index
that lists the organisations a token sees (zoho.com/commerce/api/…; ../shared/docs/zoho-oauth.md,
"Zoho Commerce API")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.sandbox import demo
from tui.sandbox.routing import Request, Response, json_response

if TYPE_CHECKING:
    from tui.sandbox.zoho import AccessToken, ZohoDataCentre

SALES_ORDERS_SCOPES = {"ZohoCommerce.salesorders.READ", "ZohoCommerce.salesorders.ALL"}
SITES_SCOPE = "ZohoCommerce.sitesIndex.READ"


def _access(centre: ZohoDataCentre, request: Request) -> AccessToken | Response:
    """The request's access token, or Zoho Commerce's 401 (errors.html: 401 for a bad token)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    with centre.world.lock:
        access = centre.world.access_tokens.get(token.strip())
    if scheme != "Zoho-oauthtoken" or access is None or access.dc != centre.dc:
        return json_response({"code": 14, "message": "Invalid OAuth token."}, 401)
    if access.expires_at <= centre.world.clock.now():
        return json_response({"code": 14, "message": "The OAuth token has expired."}, 401)
    return access


def _forbidden() -> Response:
    return json_response(
        {"code": 57, "message": "You are not authorized to perform this operation."}, 401
    )


def sales_orders(centre: ZohoDataCentre, request: Request) -> Response:
    """GET /store/api/v1/salesorders: needs salesorders.READ and the organisation header."""
    access = _access(centre, request)
    if isinstance(access, Response):
        return access
    if not SALES_ORDERS_SCOPES & set(access.scope.split(",")):
        return _forbidden()
    org = request.headers.get("x-com-zoho-store-organizationid", "")
    if org not in centre.world.organization_ids:
        return json_response(
            {"code": 2, "message": "Invalid value passed for organization id."}, 400
        )
    return json_response(
        {
            "code": 0,
            "message": "success",
            "salesorders": [],
            "page_context": {"page": 1, "per_page": 200, "has_more_page": False},
        }
    )


def sites_index(centre: ZohoDataCentre, request: Request) -> Response:
    """GET /zs-site/api/v1/index/sites: the stores (organisations) the token's user has,
    `get_sites.my_sites[].zohofinance_orgid` (needs ZohoCommerce.sitesIndex.READ)."""
    access = _access(centre, request)
    if isinstance(access, Response):
        return access
    if SITES_SCOPE not in access.scope.split(","):
        return _forbidden()
    sites = [
        {"zohofinance_orgid": org, "site_name": f"{demo.ZOHO_SUBSCRIPTION_NAME} ({org})"}
        for org in sorted(centre.world.organization_ids)
    ]
    return json_response({"code": 0, "message": "success", "get_sites": {"my_sites": sites}})
