"""iPaaS.com environments: where the API and the portal live (../shared/docs/ipaas-api.md)."""

from __future__ import annotations

from dataclasses import dataclass

ENVIRONMENTS = ("production", "staging", "sandbox", "custom")

# The portal path iPaaS.com redirects OAuth callbacks to (the seed's RedirectUrl custom field).
PORTAL_CALLBACK_PATH = "/customer/subscription-mgmt/subscriptions/authorization/app"


@dataclass(frozen=True)
class Environment:
    name: str
    api_url: str
    portal_url: str


KNOWN_ENVIRONMENTS: dict[str, Environment] = {
    "production": Environment("production", "https://api.ipaas.com", "https://portal.ipaas.com"),
    "staging": Environment(
        "staging", "https://stagingapi.ipaas.com", "https://stagingportal.ipaas.com"
    ),
}


def portal_redirect_url(portal_url: str) -> str:
    """The `RedirectUrl` custom field value for a portal (the seed's value for production)."""
    return portal_url.rstrip("/") + PORTAL_CALLBACK_PATH
