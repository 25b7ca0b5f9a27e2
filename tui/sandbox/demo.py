"""The sandbox's fixed demo credentials and seed names (documented in the README).

Imported before the console's first frame: constants and the starting list only.
"""

from __future__ import annotations

IPAAS_EMAIL = "integrator@sandbox.test"
IPAAS_PASSWORD = "sandbox"
IPAAS_API_KEY = "sandbox-api-key"
# A user without the Integrator/MiSP designation: reads work, writes answer 403.
SUBSCRIBER_EMAIL = "subscriber@sandbox.test"
# An "Admin" of the company, without the Integrator designation: logs in, changes company and
# reads /subscriptions; every /integrators call answers 401 (iPaaS.com's "no access").
ADMIN_EMAIL = "admin@sandbox.test"

ZOHO_CLIENT_ID = "1000.SANDBOXCLIENT"
ZOHO_CLIENT_SECRET = "sandbox-secret"
ZOHO_ORGANIZATION_ID = "700000001"

COMPANY_NAME = "Sandbox Company"
ZOHO_INTEGRATION_NAME = "Zoho Commerce"
ZOHO_SUBSCRIPTION_NAME = "Zoho Commerce – Demo Store"  # noqa: RUF001 - the name the issue gives
DEFAULT_CALLBACK_URL = "http://localhost:8976/callback"

STARTING_INTEGRATIONS = 5  # generated integrations a sandbox starts with, besides Zoho Commerce
FIRST_INTEGRATION_ID = 3000  # distinct ranges, so an integration id used as a subscription's
FIRST_SUBSCRIPTION_ID = 7000  # (or the other way round) is a 404, not a lucky match


def starting_integrations(generated: int = STARTING_INTEGRATIONS) -> list[tuple[int, str]]:
    """(id, name) of the integrations a new sandbox holds, Zoho Commerce first: what the seed
    creates, and what the console shows of its own sandbox before it has reached it."""
    names = [ZOHO_INTEGRATION_NAME]
    names.extend(f"Generated Integration {index:05d}" for index in range(1, generated + 1))
    return [(FIRST_INTEGRATION_ID + index, name) for index, name in enumerate(names)]
