"""Every iPaaS.com path the console calls, in one table.

`documented` paths are seen in iPaaS.com's public help centre or SDKs; `assumed` ones are our
best guess (../shared/docs/ipaas-api.md). A wrong guess is a one-line change here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Endpoint:
    method: Literal["GET", "POST", "PUT"]
    path: str
    status: Literal["documented", "assumed"]

    def url(self, base: str, **params: str) -> str:
        return base.rstrip("/") + self.path.format(**params)


LOGIN = Endpoint("POST", "/sso/v2/Auth/Login", "documented")
REFRESH = Endpoint("POST", "/sso/v2/Auth/Refresh", "documented")
COMPANIES = Endpoint("GET", "/sso/v2/User/{user_id}/Companies", "documented")
CHANGE_COMPANY = Endpoint("GET", "/sso/v2/User/ChangeCompany/{company_id}", "documented")
INTEGRATIONS = Endpoint("GET", "/subscriptions/v2/Lookup/Integration", "documented")
INTEGRATION = Endpoint("GET", "/integrators/v2/Integration/{integration_id}", "assumed")
UPDATE_INTEGRATION = Endpoint("PUT", "/integrators/v2/Integration/{integration_id}", "assumed")
UPDATE_VERSION = Endpoint(
    "PUT", "/integrators/v2/Integration/{integration_id}/Version/{version_id}", "assumed"
)
SUBSCRIPTIONS = Endpoint("GET", "/subscriptions/v2/Subscriptions", "documented")
SUBSCRIPTION = Endpoint("GET", "/subscriptions/v2/Subscription/{subscription_id}", "documented")
UPDATE_SUBSCRIPTION = Endpoint("PUT", "/subscriptions/v2/Subscription/{subscription_id}", "assumed")
PERSISTENT_DATA = Endpoint(
    "POST", "/subscriptions/v2/Subscription/PersistentData/{subscription_id}", "documented"
)

ALL = (
    LOGIN,
    REFRESH,
    COMPANIES,
    CHANGE_COMPANY,
    INTEGRATIONS,
    INTEGRATION,
    UPDATE_INTEGRATION,
    UPDATE_VERSION,
    SUBSCRIPTIONS,
    SUBSCRIPTION,
    UPDATE_SUBSCRIPTION,
    PERSISTENT_DATA,
)
