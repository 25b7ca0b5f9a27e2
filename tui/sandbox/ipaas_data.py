"""The sandbox's iPaaS.com data: users, one company, integrations, versions, subscriptions.

Ids have the JSON types of the real API: integrations and subscriptions are numbers, versions,
companies and users GUID strings. The dicts are keyed by the id's text, as it appears in a path.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.sandbox import demo

_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes
FieldsShape = Literal["list", "dict"]
FIRST_INTEGRATION_ID = demo.FIRST_INTEGRATION_ID
FIRST_SUBSCRIPTION_ID = demo.FIRST_SUBSCRIPTION_ID


def _guid(namespace: str, index: int) -> str:
    """Stable GUIDs, so a user sees the same ids every time the sandbox starts.

    `str(uuid.uuid5(NAMESPACE_URL, name))` computed without building UUID objects, which
    took two thirds of seeding 100,000 integrations.
    """
    name = f"ipaas-auth-sandbox/{namespace}/{index}".encode()
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + name, usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class User:
    id: str
    name: str
    email: str
    password: str
    designation: str  # in the data company; evidence.py says what each may do


@dataclass
class IpaasData:
    company_id: str
    users: dict[str, User]
    integrations: dict[str, dict[str, Any]]  # str(id) -> integration with "versions"
    subscriptions: dict[str, dict[str, Any]]  # str(id) -> subscription with settings and data
    zoho_integration_id: str = ""
    zoho_subscription_id: str = ""
    api_keys: dict[str, str] = field(default_factory=dict)  # key -> user id
    companies: dict[str, str] = field(default_factory=dict)  # id -> name; the first has the data
    # How the /subscriptions read's versions carry custom_fields ("dict" is the evidence);
    # stored as a list of {key, value, available_in_api} here, and so in every other answer.
    fields_shape: FieldsShape = "dict"


def seed(
    integrations: int, subscriptions: int, companies: int = 1, fields_shape: FieldsShape = "dict"
) -> IpaasData:
    """The data a new sandbox starts with (described in the README). Companies after the first
    are empty: they exist so that choosing a company can be tried."""
    company_id = _guid("company", 0)
    users = {
        u.email: u
        for u in (
            User(
                _guid("user", 0),
                "Sandbox Integrator",
                demo.IPAAS_EMAIL,
                demo.IPAAS_PASSWORD,
                "Integrator",
            ),
            User(
                _guid("user", 1),
                "Sandbox Subscriber",
                demo.SUBSCRIBER_EMAIL,
                demo.IPAAS_PASSWORD,
                "Tech Partner",
            ),
            User(_guid("user", 2), "Sandbox Admin", demo.ADMIN_EMAIL, demo.IPAAS_PASSWORD, "Admin"),
        )
    }
    (_, zoho_name), *generated_names = demo.starting_integrations(integrations)
    zoho = _integration(0, zoho_name, "Zoho Commerce connector")
    data = IpaasData(company_id, users, {str(zoho["id"]): zoho}, {})
    data.companies = {company_id: demo.COMPANY_NAME}
    data.companies.update(
        {_guid("company", n): f"Empty Company {n}" for n in range(1, max(1, companies))}
    )
    data.zoho_integration_id = str(zoho["id"])
    data.fields_shape = fields_shape
    data.api_keys[demo.IPAAS_API_KEY] = users[demo.IPAAS_EMAIL].id
    for index, (_, name) in enumerate(generated_names, start=1):
        generated = _integration(index, name, "Generated")
        data.integrations[str(generated["id"])] = generated
    zoho_subscription = _subscription(0, demo.ZOHO_SUBSCRIPTION_NAME, zoho)
    zoho_subscription["settings"].update(
        {
            "Client ID": demo.ZOHO_CLIENT_ID,
            "Client Secret": demo.ZOHO_CLIENT_SECRET,
            "Organization ID": demo.ZOHO_ORGANIZATION_ID,
        }
    )
    data.subscriptions[str(zoho_subscription["id"])] = zoho_subscription
    data.zoho_subscription_id = str(zoho_subscription["id"])
    generated_integrations = list(data.integrations.values())[1:] or [zoho]
    for index in range(1, subscriptions + 1):
        parent = generated_integrations[(index - 1) % len(generated_integrations)]
        sub = _subscription(index, f"Generated Subscription {index:05d}", parent)
        data.subscriptions[str(sub["id"])] = sub
    return data


def _integration(index: int, name: str, description: str) -> dict[str, Any]:
    integration_id = FIRST_INTEGRATION_ID + index
    version = {
        "id": _guid("version", index),
        "name": f"{name} 1.0.0",
        "dll_name": "Integration.dll",
        "dll_namespace": "Integration",
        "parent_id": integration_id,
        "release_notes": "",
        "version_major": 1,
        "version_minor": 0,
        "version_patch": 0,
        "oauth_url_template": "",
        "oauth_identifier_field": "",
        "oauth_success_callback_field": "",
        "custom_fields": [],
        "integration_version_status_id": 2,
    }
    return {
        "id": integration_id,
        "name": name,
        "description": description,
        "mapping_collection_type_id": 1,
        "image_url": "",
        "dll_name": "Integration.dll",
        "dll_namespace": "Integration",
        "api_version": "v2",
        "version_major": 1,
        "version_minor": 0,
        "oauth_authorization_type_id": 0,
        "versions": [version],
    }


def _subscription(index: int, name: str, integration: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": FIRST_SUBSCRIPTION_ID + index,
        "integration_id": integration["id"],
        "integration_version_id": integration["versions"][0]["id"],
        "name": name,
        "description": f"Subscription to {integration['name']}",
        "webhook_api_key": "",
        "tracking_guid": _guid("tracking", index),
        "settings": {
            "Name": name,
            "Version": integration["versions"][0]["name"],
            "Client ID": "",
            "Client Secret": "",
            "Organization ID": "",
            "API URL": "",
        },
        "persistent_data": [],
    }
