"""Zoho facts the console relies on: data centres, known scopes, the Zoho Commerce preset.

Source: ../shared/docs/zoho-oauth.md and the seed (iPaaS.com's Zoho Commerce article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from config.environments import portal_redirect_url


@dataclass(frozen=True)
class DataCentre:
    code: str
    accounts_url: str
    commerce_api: str | None  # None: Zoho documents no Commerce API there
    source: str  # where the line comes from, so a reader can check it


# The one table of Zoho's data centres. Zoho's own map is GET
# https://accounts.zoho.com/oauth/serverinfo (multi-dc/client-authorization.html); the Commerce
# API exists only in com, eu, in, com.au and jp (commerce/api/multiple-data-centers.html).
_MULTI_DC = "zoho.com/accounts/protocol/oauth/multi-dc.html"
_COMMERCE_DC = "zoho.com/commerce/api/multiple-data-centers.html"
DATA_CENTRES: dict[str, DataCentre] = {
    dc.code: dc
    for dc in (
        DataCentre(
            "us",
            "https://accounts.zoho.com",
            "https://commerce.zoho.com/store/api/v1",
            f"{_MULTI_DC}; {_COMMERCE_DC}",
        ),
        DataCentre(
            "eu",
            "https://accounts.zoho.eu",
            "https://commerce.zoho.eu/store/api/v1",
            f"{_MULTI_DC}; {_COMMERCE_DC}",
        ),
        DataCentre(
            "in",
            "https://accounts.zoho.in",
            "https://commerce.zoho.in/store/api/v1",
            f"{_MULTI_DC}; {_COMMERCE_DC}",
        ),
        DataCentre(
            "au",
            "https://accounts.zoho.com.au",
            "https://commerce.zoho.com.au/store/api/v1",
            f"{_MULTI_DC}; {_COMMERCE_DC}",
        ),
        DataCentre(
            "jp",
            "https://accounts.zoho.jp",
            "https://commerce.zoho.jp/store/api/v1",
            f"{_MULTI_DC}; {_COMMERCE_DC}",
        ),
        DataCentre("ca", "https://accounts.zohocloud.ca", None, _MULTI_DC),
        DataCentre("sa", "https://accounts.zoho.sa", None, _MULTI_DC),
        DataCentre("uk", "https://accounts.zoho.uk", None, _MULTI_DC),
        DataCentre(
            "cn",
            "https://accounts.zoho.com.cn",
            None,
            f"{_MULTI_DC} (China: authorize there directly)",
        ),
        DataCentre(
            "ae",
            "https://accounts.zoho.ae",
            None,
            "Zoho WorkDrive's multi-DC page lists the UAE; the host follows Zoho's pattern",
        ),
    )
}

ACCOUNTS_HOSTS: frozenset[str] = frozenset(
    urlsplit(dc.accounts_url).hostname or "" for dc in DATA_CENTRES.values()
)

# The shape of a Zoho accounts server's host (accounts.zoho.<tld>, accounts.zohocloud.<tld>,
# with one or two labels of top-level domain): a host of another shape is never trusted, not
# even by a profile key.
ACCOUNTS_HOST_SHAPE = re.compile(r"^accounts\.zoho(?:cloud)?(?:\.[a-z]{2,6}){1,2}$")


def accounts_hosts_text() -> str:
    """The known accounts servers' hosts, for a message."""
    return ", ".join(sorted(ACCOUNTS_HOSTS))


def data_centre_for_host(host: str) -> DataCentre | None:
    """The data centre whose accounts server is `host` (case-insensitive), if any."""
    host = host.lower().rstrip(".")
    for dc in DATA_CENTRES.values():
        if urlsplit(dc.accounts_url).hostname == host:
            return dc
    return None


def accounts_server_host(url: str) -> str | None:
    """The host of `url` when it is shaped like an accounts server's address, else None.

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
    return (parts.hostname or "").rstrip(".") or None


def known_accounts_server(url: str) -> str | None:
    """The canonical URL of the Zoho accounts server `url` names, or None (see
    `accounts_server_host` for what is compared)."""
    host = accounts_server_host(url)
    dc = data_centre_for_host(host) if host else None
    return dc.accounts_url if dc else None


@dataclass(frozen=True)
class AccountsServerCheck:
    """What a callback's `accounts-server` is worth: the URL to send the client secret to, or
    why not. `suspicious` is set only for an address not shaped like Zoho's (then a possible
    interception is worth saying); an unknown but Zoho-shaped one gets a calm message."""

    url: str | None
    problem: str = ""
    suspicious: bool = False


def parse_trusted_servers(text: str) -> tuple[str, ...]:
    """The profile key `trusted_accounts_servers`: comma-separated https URLs or hosts."""
    hosts = []
    for item in text.split(","):
        item = item.strip()
        if item:
            hosts.append(accounts_server_host(item if "://" in item else f"https://{item}"))
    return tuple(h.lower() for h in hosts if h)


def trusted_servers_problem(name: str, text: str) -> str | None:
    """Why the profile key's value cannot be trusted, or None."""
    for item in (i.strip() for i in text.split(",")):
        if not item:
            continue
        host = accounts_server_host(item if "://" in item else f"https://{item}")
        if host is None or not ACCOUNTS_HOST_SHAPE.fullmatch(host.lower()):
            return (
                f"{name}: {item!r} is not shaped like a Zoho accounts server (https://"
                "accounts.zoho.<domain>, no port, path or query); only such servers can be "
                "trusted."
            )
    return None


def check_accounts_server(
    named: str, trusted: tuple[str, ...] = (), profile: str = "PROFILE"
) -> AccountsServerCheck:
    """Whether to send the client secret to the accounts server a callback named: a server of
    the table or one the profile trusts (`trusted_accounts_servers`) is accepted; an unknown
    Zoho-shaped one is refused calmly, naming the key that trusts it; anything else is refused
    as a possible interception (the mix-up defence of RFC 9700)."""
    known = known_accounts_server(named)
    if known:
        return AccountsServerCheck(known)
    host = accounts_server_host(named)
    if host and ACCOUNTS_HOST_SHAPE.fullmatch(host.lower()):
        if host.lower() in trusted:
            return AccountsServerCheck(f"https://{host.lower()}")
        return AccountsServerCheck(
            None,
            f"Zoho's redirect named {named} as your accounts server, a data centre this tool "
            "does not know yet; the client secret was not sent to it. If it is your Zoho "
            "account's data centre, trust it and authenticate again: `ipaas-auth profiles set "
            f"{profile} trusted_accounts_servers=https://{host.lower()}`.",
        )
    return AccountsServerCheck(
        None,
        f"The callback named {named!r} as the accounts server, which is not a Zoho accounts "
        "server. The flow was stopped and the client secret was not sent. If you did not "
        "start this sign-in yourself, someone may be trying to intercept it.",
        suspicious=True,
    )


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
