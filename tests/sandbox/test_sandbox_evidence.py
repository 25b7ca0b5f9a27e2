"""The sandbox is the worst real case the evidence allows (tui/sandbox/evidence.py): the two
reads' shapes, the integrators writes' ProblemDetails and replace semantics, the 401 of a user
without the Integrator designation, and the integrators read switched off (the settings that
choose these: test_sandbox_settings.py). Raw HTTP, no client: these are the server's rules,
whatever the client does with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.evidence import (
    INTEGRATION_REQUEST,
    SYSTEM_TYPE_RESPONSE,
    SYSTEM_TYPE_VERSION_RESPONSE,
    VERSION_REQUEST,
    VERSION_RESPONSE,
)

ROOT = Path(__file__).parent.parent.parent
TEMPLATE = "https://accounts.zoho.com/oauth/v2/auth?client_id={Client_Id}&state={iPaaSState}"
REDIRECT = "https://portal.ipaas.com/customer/subscription-mgmt/subscriptions/authorization/app"


def test_the_evidence_tables_agree_with_each_other_as_the_sources_say() -> None:
    """The shapes the sandbox answers come from tui/sandbox/evidence.py; these are the ties
    between its tables that iPaaS.com's files state, so a table edited alone fails here."""
    # VersionResponse is VersionRequest without parent_id, with the status id.
    assert set(VERSION_RESPONSE) == set(VERSION_REQUEST) - {"parent_id"} | {
        "integration_version_status_id"
    }
    # SystemTypeResponse: the integration's own fields, no authorization type, its versions.
    assert set(SYSTEM_TYPE_RESPONSE) == set(INTEGRATION_REQUEST) - {
        "oauth_authorization_type_id"
    } | {"versions"}
    # SystemTypeVersionResponse: no OAuth field, no patch number, a status name.
    assert not [k for k in SYSTEM_TYPE_VERSION_RESPONSE if "oauth" in k]
    assert set(SYSTEM_TYPE_VERSION_RESPONSE) == set(VERSION_RESPONSE) - {
        "integration_version_status_id",
        "version_patch",
        "oauth_url_template",
        "oauth_identifier_field",
        "oauth_success_callback_field",
    } | {"status"}


class Api:
    """One logged-in user of a sandbox, company chosen, speaking raw HTTP."""

    def __init__(self, sandbox: SandboxServer, email: str = demo.IPAAS_EMAIL) -> None:
        self.url = sandbox.url
        self.data = sandbox.ipaas.data
        self.token = ""
        self.login = self.post(
            "/sso/v2/Auth/Login", {"email_address": email, "password": demo.IPAAS_PASSWORD}
        ).json()
        self.token = self.login["access_token"]
        changed = self.get(f"/sso/v2/User/ChangeCompany/{self.data.company_id}")
        assert changed.status_code == 200
        self.session = changed.json()
        self.token = self.session["access_token"]

    def request(self, method: str, path: str, body: object = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.request(method, self.url + path, json=body, headers=headers)

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, body: object) -> httpx.Response:
        return self.request("POST", path, body)

    def put(self, path: str, body: object) -> httpx.Response:
        return self.request("PUT", path, body)

    def refresh(self) -> None:
        answer = self.post(
            "/sso/v2/Auth/Refresh",
            {"access_token": self.token, "refresh_token": self.session["refresh_token"]},
        )
        assert answer.status_code == 200
        self.session = answer.json()
        self.token = self.session["access_token"]


def zoho(sandbox: SandboxServer) -> dict[str, Any]:
    """The stored Zoho Commerce integration, its version given a template and a field."""
    integration = sandbox.ipaas.data.integrations[sandbox.ipaas.data.zoho_integration_id]
    integration["oauth_authorization_type_id"] = 1
    version = integration["versions"][0]
    version["oauth_url_template"] = TEMPLATE
    version["oauth_identifier_field"] = "organization_id"
    version["release_notes"] = "First release"
    version["custom_fields"] = [
        {"key": "RedirectUrl", "value": REDIRECT, "available_in_api": False}
    ]
    return integration


def paths(integration: dict[str, Any]) -> tuple[str, str, str]:
    """The /subscriptions read, the integrators read (and integration write), the version
    write."""
    iid, vid = integration["id"], integration["versions"][0]["id"]
    return (
        f"/subscriptions/v2/Integration/{iid}",
        f"/integrators/v2/Integration/{iid}",
        f"/integrators/v2/Integration/{iid}/Version/{vid}",
    )


@pytest.fixture
def api(sandbox: SandboxServer) -> Api:
    return Api(sandbox)


# --- the two reads ---------------------------------------------------------------------------


def test_the_subscriptions_read_is_system_type_response_without_any_oauth_field(
    sandbox: SandboxServer, api: Api
) -> None:
    read, _, _ = paths(zoho(sandbox))
    answer = api.get(read)
    assert answer.status_code == 200
    integration = answer.json()
    assert set(integration) == set(SYSTEM_TYPE_RESPONSE)
    (version,) = integration["versions"]
    assert set(version) == set(SYSTEM_TYPE_VERSION_RESPONSE)
    assert "oauth" not in answer.text  # no template, identifier, callback or authorization type
    assert version["custom_fields"] == {"RedirectUrl": REDIRECT}  # an object by default
    assert version["status"] == "Active"


def test_custom_fields_list_selects_the_subscriptions_read_shape_only() -> None:
    with start_sandbox(
        clock=FakeClock(), integrations=1, subscriptions=0, custom_fields="list"
    ) as sandbox:
        read, edit, _ = paths(zoho(sandbox))
        api = Api(sandbox)
        (version,) = api.get(read).json()["versions"]
        edit_fields = api.get(edit).json()["versions"][0]["custom_fields"]
    assert set(version) == set(SYSTEM_TYPE_VERSION_RESPONSE)
    expected = [{"key": "RedirectUrl", "value": REDIRECT, "available_in_api": False}]
    assert version["custom_fields"] == expected
    assert edit_fields == expected


def test_the_integrators_read_has_the_authorization_type_and_version_responses(
    sandbox: SandboxServer, api: Api
) -> None:
    integration = zoho(sandbox)
    _, edit, _ = paths(integration)
    answer = api.get(edit)
    assert answer.status_code == 200
    read = answer.json()
    assert set(read) == {*SYSTEM_TYPE_RESPONSE, "oauth_authorization_type_id"}
    assert read["oauth_authorization_type_id"] == 1
    assert isinstance(read["id"], int)
    (version,) = read["versions"]
    assert set(version) == set(VERSION_RESPONSE)  # no parent_id: VersionResponse has none
    assert version["oauth_url_template"] == TEMPLATE
    assert version["oauth_identifier_field"] == "organization_id"
    assert version["custom_fields"] == [
        {"key": "RedirectUrl", "value": REDIRECT, "available_in_api": False}
    ]
    assert version["id"] == integration["versions"][0]["id"]


# --- the version write -----------------------------------------------------------------------


def assert_problem_details(answer: httpx.Response, field: str) -> None:
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["type"] == "https://tools.ietf.org/html/rfc7231#section-6.5.1"
    assert body["title"] == "One or more validation errors occurred."
    assert body["status"] == 400
    assert isinstance(body["errors"], dict)
    assert list(body["errors"]) == [field]
    (reason,) = body["errors"][field]
    # System.Text.Json's "could not be converted … Path: $.field", or [Range]'s "The field …"
    assert "Path: $" in reason or f"The field {field} must be between 0 and 4." == reason


def assert_refused_and_unchanged(
    sandbox: SandboxServer, api: Api, write: int, body: object, field: str
) -> None:
    """A PUT of `body` to paths()[write] is a ProblemDetails 400 on `field`; nothing stored
    changes."""
    integration = zoho(sandbox)
    before = json.dumps(integration)
    assert_problem_details(api.put(paths(integration)[write], body), field)
    assert json.dumps(integration) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"custom_fields": {"RedirectUrl": REDIRECT}}, "custom_fields"),  # the read's shape
        ({"custom_fields": "RedirectUrl"}, "custom_fields"),
        ({"custom_fields": ["RedirectUrl"]}, "custom_fields"),
        ({"custom_fields": [{"value": REDIRECT}]}, "custom_fields"),  # no key
        ({"custom_fields": [{"key": "A", "value": 1}]}, "custom_fields"),
        ({"custom_fields": [{"key": "A", "available_in_api": "yes"}]}, "custom_fields"),
        ({"id": 5}, "id"),
        ({"parent_id": "3000"}, "parent_id"),
        ({"version_patch": True}, "version_patch"),
        ({"oauth_url_template": ["x"]}, "oauth_url_template"),
        ([{"oauth_url_template": "x"}], "$"),
    ],
)
def test_a_malformed_version_write_is_a_problem_details_400_and_changes_nothing(
    sandbox: SandboxServer, api: Api, body: object, field: str
) -> None:
    assert_refused_and_unchanged(sandbox, api, 2, body, field)


def test_a_partial_version_body_empties_every_field_it_leaves_out(
    sandbox: SandboxServer, api: Api
) -> None:
    integration = zoho(sandbox)
    _, edit, write = paths(integration)
    answer = api.put(write, {"oauth_url_template": "https://new"})
    assert answer.status_code == 200
    (version,) = api.get(edit).json()["versions"]
    assert version["oauth_url_template"] == "https://new"
    assert (version["name"], version["dll_name"], version["release_notes"]) == ("", "", "")
    assert version["oauth_identifier_field"] == ""
    assert version["custom_fields"] == []
    assert (version["version_major"], version["version_patch"]) == (None, None)
    assert answer.json() == version  # the write answers the VersionResponse it stored
    assert integration["versions"][0]["parent_id"] is None  # in no read, emptied all the same


def test_a_whole_version_body_changes_only_what_it_changes(
    sandbox: SandboxServer, api: Api
) -> None:
    integration = zoho(sandbox)
    stored_before = dict(integration["versions"][0])
    _, edit, write = paths(integration)
    (before,) = api.get(edit).json()["versions"]
    body = {**before, "parent_id": integration["id"], "oauth_url_template": "https://new"}
    body.pop("integration_version_status_id")  # a VersionResponse field, not a VersionRequest one
    assert api.put(write, body).status_code == 200
    (after,) = api.get(edit).json()["versions"]
    assert after == {**before, "oauth_url_template": "https://new"}
    assert integration["versions"][0] == {**stored_before, "oauth_url_template": "https://new"}


# --- the integration write -------------------------------------------------------------------


def test_the_integration_write_nulls_what_it_leaves_out_and_keeps_the_versions(
    sandbox: SandboxServer, api: Api
) -> None:
    integration = zoho(sandbox)
    _, edit, _ = paths(integration)
    answer = api.put(edit, {"oauth_authorization_type_id": 2, "versions": []})
    assert answer.status_code == 200
    read = api.get(edit).json()
    assert answer.json() == read
    assert read["oauth_authorization_type_id"] == 2
    assert read["id"] == integration["id"]  # the route's id
    left_out = ("name", "dll_name", "dll_namespace", "api_version", "version_major")
    assert [read[k] for k in left_out] == [None] * len(left_out)
    (version,) = read["versions"]  # `versions` in the body is not the integration's own
    assert version["oauth_url_template"] == TEMPLATE


def test_the_integration_write_with_the_read_it_came_from_changes_only_the_type(
    sandbox: SandboxServer, api: Api
) -> None:
    _, edit, _ = paths(zoho(sandbox))
    before = api.get(edit).json()
    assert api.put(edit, {**before, "oauth_authorization_type_id": 0}).status_code == 200
    assert api.get(edit).json() == {**before, "oauth_authorization_type_id": 0}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"oauth_authorization_type_id": 5}, "oauth_authorization_type_id"),
        ({"oauth_authorization_type_id": -1}, "oauth_authorization_type_id"),
        ({"oauth_authorization_type_id": "1"}, "oauth_authorization_type_id"),
        ({"oauth_authorization_type_id": True}, "oauth_authorization_type_id"),
        ({"id": "3000", "oauth_authorization_type_id": 1}, "id"),
        ({"name": 7}, "name"),
        ("oauth_authorization_type_id=1", "$"),
    ],
)
def test_a_malformed_integration_write_is_a_problem_details_400(
    sandbox: SandboxServer, api: Api, body: object, field: str
) -> None:
    assert_refused_and_unchanged(sandbox, api, 1, body, field)


# --- who may call the /integrators area ------------------------------------------------------


def test_a_user_without_the_integrator_designation_gets_401_from_integrators_calls(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    integration = zoho(sandbox)
    before = json.dumps(integration)
    read, edit, write = paths(integration)
    admin = Api(sandbox, demo.ADMIN_EMAIL)  # logs in and changes company normally
    user_id = admin.login["id"]
    (company,) = admin.get(f"/sso/v2/User/{user_id}/Companies").json()
    assert company["designations"] == {"1": "Admin"}
    subscription = f"/subscriptions/v2/Subscription/{sandbox.ipaas.data.zoho_subscription_id}"
    reads = ["/subscriptions/v2/Lookup/Integration", "/subscriptions/v2/Subscriptions", read]

    def integrators_calls() -> list[int]:
        return [
            admin.get(edit).status_code,
            admin.put(write, {"oauth_url_template": "x", "custom_fields": []}).status_code,
            admin.put(edit, {"oauth_authorization_type_id": 1}).status_code,
        ]

    for _ in range(2):  # after log-in, then after a successful refresh
        assert [admin.get(path).status_code for path in [*reads, subscription]] == [200] * 4
        assert integrators_calls() == [401, 401, 401]
        refused = admin.get(edit).content
        admin.refresh()
    assert json.dumps(integration) == before
    clock.advance(3601)  # the same 401 body as an expired token: only a refresh tells them apart
    assert admin.get(edit).content == refused


def test_a_tech_partner_reads_the_integrators_side_but_gets_403_on_writes(
    sandbox: SandboxServer,
) -> None:
    _, edit, write = paths(zoho(sandbox))
    partner = Api(sandbox, demo.SUBSCRIBER_EMAIL)
    assert partner.get(edit).status_code == 200
    assert partner.put(write, {"custom_fields": []}).status_code == 403
    assert partner.put(edit, {"oauth_authorization_type_id": 1}).status_code == 403


# --- the integrators read switched off -------------------------------------------------------


def test_integrators_read_off_answers_that_read_as_a_missing_route() -> None:
    with start_sandbox(
        clock=FakeClock(), integrations=1, subscriptions=0, integrators_read=False
    ) as sandbox:
        read, edit, write = paths(zoho(sandbox))
        api = Api(sandbox)
        missing = api.get(edit)
        served = [
            api.get(read).status_code,
            api.put(edit, api.get(read).json()).status_code,
            api.put(write, {"custom_fields": []}).status_code,
        ]
        info = httpx.get(sandbox.url + "/sandbox/v1/info").json()
        routes = sandbox.ipaas.routes()
    # Not the 405 a path served for another method (the PUT) would answer.
    assert (missing.status_code, missing.content) == (404, b"")
    assert served == [200, 200, 200]  # only the read is gone
    assert ("GET", "/integrators/v2/Integration/{integration_id}") not in routes
    assert ("PUT", "/integrators/v2/Integration/{integration_id}") in routes
    assert (info["integrators_read"], info["custom_fields"]) == (False, "dict")
