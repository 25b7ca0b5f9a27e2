"""Zoho facts the console relies on: data centres, known scopes, the Zoho Commerce preset.

Source: ../shared/docs/zoho-oauth.md and the seed (iPaaS.com's Zoho Commerce article).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from config.environments import portal_redirect_url


@dataclass(frozen=True)
class DataCentre:
    code: str
    accounts_url: str
    commerce_api: str | None


DATA_CENTRES: dict[str, DataCentre] = {
    dc.code: dc
    for dc in (
        DataCentre("us", "https://accounts.zoho.com", "https://commerce.zoho.com/store/api/v1"),
        DataCentre("eu", "https://accounts.zoho.eu", "https://commerce.zoho.eu/store/api/v1"),
        DataCentre("in", "https://accounts.zoho.in", "https://commerce.zoho.in/store/api/v1"),
        DataCentre(
            "au", "https://accounts.zoho.com.au", "https://commerce.zoho.com.au/store/api/v1"
        ),
        DataCentre("jp", "https://accounts.zoho.jp", "https://commerce.zoho.jp/store/api/v1"),
        DataCentre("ca", "https://accounts.zohocloud.ca", None),
        DataCentre("sa", "https://accounts.zoho.sa", None),
        DataCentre("uk", "https://accounts.zoho.uk", None),
        DataCentre("cn", "https://accounts.zoho.com.cn", None),
    )
}

ACCOUNTS_HOSTS: frozenset[str] = frozenset(
    urlsplit(dc.accounts_url).hostname or "" for dc in DATA_CENTRES.values()
)


def data_centre_for_host(host: str) -> DataCentre | None:
    """The data centre whose accounts server is `host` (case-insensitive), if any."""
    host = host.lower().rstrip(".")
    for dc in DATA_CENTRES.values():
        if urlsplit(dc.accounts_url).hostname == host:
            return dc
    return None


def known_accounts_server(url: str) -> str | None:
    """The canonical URL of the Zoho accounts server `url` names, or None.

    Compared normalised: scheme https, no user info, no port unless 443, the host
    case-insensitively (a trailing dot too), no path beyond "/", no query or fragment, no
    whitespace or backslash tricks. Anything else is refused, not repaired.
    """
    if (
        not isinstance(url, str)
        or url != url.strip()
        or "\\" in url
        or any(ord(c) < 0x21 or ord(c) == 0x7F for c in url)
    ):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if (
        parts.scheme.lower() != "https"
        or port not in (None, 443)
        or "@" in parts.netloc
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "?" in url
        or "#" in url
    ):
        return None
    dc = data_centre_for_host(parts.hostname or "")
    return dc.accounts_url if dc else None


# Scopes an integrator picks from, with a one-line meaning. Not exhaustive: Zoho has more.
KNOWN_SCOPES: dict[str, str] = {
    "ZohoCommerce.items.ALL": "Commerce products: read, create, update, delete",
    "ZohoCommerce.items.READ": "Commerce products: read",
    "ZohoCommerce.salesorders.READ": "Commerce sales orders: read",
    "ZohoCommerce.salesorders.CREATE": "Commerce sales orders: create",
    "ZohoCommerce.salesorders.UPDATE": "Commerce sales orders: update",
    "ZohoCommerce.salesorders.ALL": "Commerce sales orders: everything",
    "ZohoCommerce.inventoryadjustments.CREATE": "Commerce stock adjustments: create",
    "ZohoCommerce.settings.READ": "Commerce store settings: read",
    "ZohoCommerce.webhooks.READ": "Commerce webhooks: read",
    "ZohoCommerce.webhooks.CREATE": "Commerce webhooks: create",
    "ZohoCommerce.webhooks.ALL": "Commerce webhooks: everything",
    "ZohoCommerce.sitesIndex.READ": "Commerce: list stores and their organization ids",
    "ZohoCommerce.customers.ALL": "Commerce customers: everything",
    "ZohoCRM.modules.ALL": "CRM records in every module: everything",
    "ZohoCRM.modules.READ": "CRM records in every module: read",
    "ZohoCRM.settings.ALL": "CRM metadata (fields, layouts, modules): everything",
    "ZohoCRM.settings.READ": "CRM metadata: read",
    "ZohoCRM.users.READ": "CRM users: read",
    "ZohoCRM.org.READ": "CRM organization details: read",
}

# The template the seed sets, byte for byte.
ZOHO_COMMERCE_TEMPLATE = (
    "https://accounts.zoho.com/oauth/v2/auth?scope=ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,"
    "ZohoCommerce.inventoryadjustments.CREATE,ZohoCommerce.items.ALL,"
    "ZohoCommerce.salesorders.READ,ZohoCommerce.salesorders.CREATE,"
    "ZohoCommerce.salesorders.UPDATE,ZohoCommerce.settings.READ,ZohoCommerce.webhooks.READ,"
    "ZohoCommerce.webhooks.CREATE,ZohoCommerce.webhooks.ALL&client_id={Client_Id}"
    "&response_type=code&redirect_uri={SystemTypeVersion:RedirectUrl}&access_type=offline"
    "&state={iPaaSState}"
)

REDIRECT_URL_FIELD = "RedirectUrl"

# Authorization type ids of an iPaaS.com integration (documented in iPaaS.com's SDK).
AUTHORIZATION_TYPES: dict[int, str] = {
    0: "None",
    1: "OAuth Initiated within iPaaS",
    2: "OAuth Initiated within the External System",
    3: "External, with an iPaaS-driven callback",
    4: "External, requiring an iPaaS login first",
}
OAUTH_INITIATED_WITHIN_IPAAS = 1


@dataclass(frozen=True)
class Preset:
    """What the seed sets on the integration and its version."""

    oauth_url_template: str
    custom_fields: dict[str, str]
    authorization_type_id: int


def zoho_commerce_preset(portal_url: str) -> Preset:
    """The seed's settings, with `RedirectUrl` pointing at `portal_url`'s callback page."""
    return Preset(
        oauth_url_template=ZOHO_COMMERCE_TEMPLATE,
        custom_fields={REDIRECT_URL_FIELD: portal_redirect_url(portal_url)},
        authorization_type_id=OAUTH_INITIATED_WITHIN_IPAAS,
    )
