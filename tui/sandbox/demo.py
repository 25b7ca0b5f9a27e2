"""The sandbox's fixed demo credentials and seed names (documented in the README)."""

from __future__ import annotations

IPAAS_EMAIL = "integrator@sandbox.test"
IPAAS_PASSWORD = "sandbox"
IPAAS_API_KEY = "sandbox-api-key"
# A user without the Integrator/MiSP designation: reads work, writes answer 403.
SUBSCRIBER_EMAIL = "subscriber@sandbox.test"

ZOHO_CLIENT_ID = "1000.SANDBOXCLIENT"
ZOHO_CLIENT_SECRET = "sandbox-secret"
ZOHO_ORGANIZATION_ID = "700000001"

COMPANY_NAME = "Sandbox Company"
ZOHO_INTEGRATION_NAME = "Zoho Commerce"
ZOHO_SUBSCRIPTION_NAME = "Zoho Commerce – Demo Store"  # noqa: RUF001 - the name the issue gives
DEFAULT_CALLBACK_URL = "http://localhost:8976/callback"
