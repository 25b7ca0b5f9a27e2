"""The client and the sandbox follow the evidence (../shared/docs/ipaas-api.md): endpoint
table and candidate paths, log-in without an empty tracking_guid, numeric ids end to end, both
custom_fields shapes, the OAuth identifier/callback fields, token names from the profile."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from config.endpoints import BY_NAME, DEFAULT_TABLE
from config.profiles import parse_profiles
from config.tokens import ZohoTokens
from config.zoho import zoho_commerce_preset
from tests.writes import save, save_type
from tui.clients.errors import NotFoundError, RouteNotFoundError, ServerError, VersionConflictError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import CustomField, VersionEdit
from tui.core.draft import VersionDraft
from tui.oauth.tokens import TokenNames, push_tokens
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.routing import Request, Response


async def logged_in(sandbox: SandboxServer, **kwargs: object) -> IpaasClient:
    client = IpaasClient(sandbox.url, backoff=0.01, **kwargs)  # type: ignore[arg-type]
    await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
    await client.change_company(sandbox.ipaas.data.company_id)
    return client


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[IpaasClient]:
    c = await logged_in(sandbox)
    yield c
    await c.aclose()


def bodies(sandbox: SandboxServer, into: list[tuple[str, object]]) -> None:
    """Record (path, JSON body) of every request the sandbox's iPaaS.com routes answer."""

    def observe(request: Request, response: Response) -> None:
        into.append((request.path, request.json()))

    sandbox.ipaas.observers.append(observe)


# --- the sandbox's routes are the table ----------------------------------------------------


def test_the_sandbox_serves_exactly_the_endpoint_table(sandbox: SandboxServer) -> None:
    assert set(sandbox.ipaas.handlers) == set(BY_NAME)
    assert sandbox.ipaas.routes() == {(e.method, e.path) for e in DEFAULT_TABLE}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/integrators/v2/Integration/3000/Versions"),
        ("GET", "/subscriptions/v2/Nothing"),
        ("GET", "/sso/v2/Auth/Whoami"),
    ],
)
def test_a_route_outside_the_table_is_an_empty_404(
    sandbox: SandboxServer, method: str, path: str
) -> None:
    response = httpx.request(method, sandbox.url + path)
    assert (response.status_code, response.content) == (404, b"")


# --- candidates -------------------------------------------------------------------------------


async def test_versions_are_read_for_editing_from_the_integrators_read(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    zoho = sandbox.ipaas.data.zoho_integration_id
    sandbox.ipaas.requests.clear()
    integration = await client.get_integration(zoho)
    assert integration.source == "integrators"
    assert integration.versions[0].oauth_url_template == ""  # sent, and empty
    assert list(sandbox.ipaas.requests) == [("GET", f"/integrators/v2/Integration/{zoho}")]


async def test_a_missing_integrators_read_falls_back_to_subscriptions_and_is_remembered() -> None:
    with start_sandbox(
        clock=FakeClock(), integrations=1, subscriptions=0, integrators_read=False
    ) as sb:
        zoho = sb.ipaas.data.zoho_integration_id
        async with await logged_in(sb) as c:
            sb.ipaas.requests.clear()
            integration = await c.get_integration(zoho)
            assert integration.source == "subscriptions"
            assert integration.versions[0].oauth_url_template is None  # not sent: unknown
            assert integration.authorization_type_id is None
            assert list(sb.ipaas.requests) == [
                ("GET", f"/integrators/v2/Integration/{zoho}"),
                ("GET", f"/subscriptions/v2/Integration/{zoho}"),
            ]
            sb.ipaas.requests.clear()
            await c.get_integration(zoho)
            assert list(sb.ipaas.requests) == [("GET", f"/subscriptions/v2/Integration/{zoho}")]


async def test_an_item_not_found_never_tries_another_candidate(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.requests.clear()
    with pytest.raises(NotFoundError, match="Integration not found"):
        await client.get_integration("999999")
    assert list(sandbox.ipaas.requests) == [("GET", "/integrators/v2/Integration/999999")]


async def test_a_server_error_never_tries_another_candidate(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.faults.extend([500] * 4)
    with pytest.raises(Exception, match="HTTP 500"):
        await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    assert not any(p.startswith("/subscriptions/v2/Integration") for _, p in sandbox.ipaas.requests)


async def test_no_route_on_every_candidate_names_endpoint_paths_and_override(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.disable("integration_edit")
    sandbox.ipaas.disable("integration")
    with pytest.raises(RouteNotFoundError) as caught:
        await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    message = str(caught.value)
    assert "'integration'" in message
    assert "/subscriptions/v2/Integration/{integration_id} (HTTP 404)" in message
    assert "[profiles.<name>.endpoints]" in message
    assert 'integration = "GET /subscriptions/v2/Integration/{integration_id}"' in message


async def test_a_write_whose_route_is_gone_is_not_sent_elsewhere(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    sandbox.ipaas.disable("update_version")
    version = integration.versions[0]
    with pytest.raises(RouteNotFoundError, match="update_version = "):
        await save(client, integration.id, version, VersionEdit("x", ()))
    reread = await client.get_integration(integration.id)
    assert reread.versions[0].oauth_url_template == ""


async def test_a_profiles_toml_override_reaches_a_moved_route(sandbox: SandboxServer) -> None:
    moved = "/integrators/v1/Integration/{integration_id}/Version/{version_id}"
    sandbox.ipaas.serve_at("update_version", moved)
    raw = f"""
[profiles.acme]
environment = "staging"
[profiles.acme.endpoints]
update_version = "PUT {moved}"
""".encode()
    profile = parse_profiles(raw, Path("profiles.toml")).get("acme")
    async with await logged_in(sandbox) as plain:
        integration = await plain.get_integration(sandbox.ipaas.data.zoho_integration_id)
        with pytest.raises(RouteNotFoundError):
            await save(plain, integration.id, integration.versions[0], VersionEdit("a", ()))
    async with await logged_in(sandbox, endpoints=profile.endpoints) as overridden:
        saved = await save(
            overridden, integration.id, integration.versions[0], VersionEdit("moved", ())
        )
    assert saved.oauth_url_template == "moved"


# --- log-in and ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tracking_guid", "status"),
    [("", 400), ("not-a-guid", 400), (None, 200), ("0f8fad5b-d9cb-469f-a165-70867728950e", 200)],
)
def test_the_sandbox_refuses_a_tracking_guid_that_is_not_a_guid(
    sandbox: SandboxServer, tracking_guid: str | None, status: int
) -> None:
    body = {
        "email_address": demo.IPAAS_EMAIL,
        "password": demo.IPAAS_PASSWORD,
        "tracking_guid": tracking_guid,
    }
    assert httpx.post(sandbox.url + "/sso/v2/Auth/Login", json=body).status_code == status


async def test_login_never_sends_an_empty_tracking_guid(sandbox: SandboxServer) -> None:
    seen: list[tuple[str, object]] = []
    bodies(sandbox, seen)
    async with IpaasClient(sandbox.url) as c:
        await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
    ((path, body),) = seen
    assert path == "/sso/v2/Auth/Login"
    assert isinstance(body, dict) and body.get("tracking_guid") is None


def test_the_sandbox_serves_numeric_integration_and_subscription_ids(
    sandbox: SandboxServer,
) -> None:
    headers = {"Authorization": f"Bearer {_company_token(sandbox)}"}
    for area in ("subscriptions", "integrators"):  # neither read's versions carry parent_id
        raw = json.loads(
            httpx.get(
                f"{sandbox.url}/{area}/v2/Integration/{sandbox.ipaas.data.zoho_integration_id}",
                headers=headers,
            ).content
        )
        assert isinstance(raw["id"], int)
        assert isinstance(raw["versions"][0]["id"], str)


def _company_token(sandbox: SandboxServer) -> str:
    login = httpx.post(
        sandbox.url + "/sso/v2/Auth/Login",
        json={"email_address": demo.IPAAS_EMAIL, "password": demo.IPAAS_PASSWORD},
    ).json()
    changed = httpx.get(
        f"{sandbox.url}/sso/v2/User/ChangeCompany/{sandbox.ipaas.data.company_id}",
        headers={"Authorization": f"Bearer {login['access_token']}"},
    ).json()
    return str(changed["access_token"])


async def test_numeric_ids_end_to_end(client: IpaasClient, sandbox: SandboxServer) -> None:
    seen: list[tuple[str, object]] = []
    bodies(sandbox, seen)
    subscriptions = await client.list_subscriptions()
    demo_row = next(r for r in subscriptions if r.name == demo.ZOHO_SUBSCRIPTION_NAME)
    assert demo_row.id == sandbox.ipaas.data.zoho_subscription_id  # a number, shown as text
    assert demo_row.integration_id == sandbox.ipaas.data.zoho_integration_id
    listed = await client.list_integrations()
    assert sandbox.ipaas.data.zoho_integration_id in {i.id for i in listed}
    subscription = await client.get_subscription(demo_row.id)
    integration = await client.get_integration(subscription.integration_id)
    assert integration.versions[0].id == subscription.integration_version_id
    updated = await save_type(client, integration, 1)
    assert updated.authorization_type_id == 1
    await save(client, integration.id, integration.versions[0], VersionEdit("https://t", ()))
    put_bodies = [b for p, b in seen if p.startswith("/integrators") and b is not None]
    assert all(isinstance(b, dict) for b in put_bodies)
    assert isinstance(put_bodies[0], dict) and isinstance(put_bodies[0]["id"], int)
    assert isinstance(put_bodies[1], dict) and isinstance(put_bodies[1]["parent_id"], int)
    tokens = ZohoTokens("at", "rt", 0)
    await push_tokens(client, subscription.id, tokens)
    stored = await client.get_subscription(subscription.id)
    assert {d.name for d in stored.persistent_data} >= {"AccessToken", "RefreshToken"}


def test_the_sandbox_refuses_a_numeric_id_sent_back_as_text(sandbox: SandboxServer) -> None:
    zoho = sandbox.ipaas.data.zoho_integration_id
    response = httpx.put(
        f"{sandbox.url}/integrators/v2/Integration/{zoho}",
        headers={"Authorization": f"Bearer {_company_token(sandbox)}"},
        json={"id": zoho, "oauth_authorization_type_id": 1},
    )
    assert response.status_code == 400


async def test_token_names_come_from_the_profile(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    names = TokenNames("ZohoAccess", "ZohoRefresh")
    subscription_id = sandbox.ipaas.data.zoho_subscription_id
    tokens = ZohoTokens("at", "rt", 0)
    await push_tokens(client, subscription_id, tokens, names)
    stored = await client.get_subscription(subscription_id)
    assert {d.name: d.value for d in stored.persistent_data} == {
        "ZohoAccess": "at",
        "ZohoRefresh": "rt",
    }
    await client.write_persistent_data(subscription_id, names.blanks())
    stored = await client.get_subscription(subscription_id)
    assert {d.name: d.value for d in stored.persistent_data} == {
        "ZohoAccess": "",
        "ZohoRefresh": "",
    }


# --- custom_fields shapes, identifier and callback fields ----------------------------------


@pytest.mark.parametrize("read_shape", ["list", "dict"])
async def test_custom_fields_are_written_as_a_list_keeping_available_in_api(
    read_shape: str,
) -> None:
    with start_sandbox(
        clock=FakeClock(), integrations=1, subscriptions=0, custom_fields=read_shape
    ) as sb:  # type: ignore[arg-type]
        zoho = sb.ipaas.data.integrations[sb.ipaas.data.zoho_integration_id]
        zoho["versions"][0]["custom_fields"] = [
            {"key": "Existing", "value": "kept", "available_in_api": False}
        ]
        seen: list[tuple[str, object]] = []
        bodies(sb, seen)
        async with await logged_in(sb) as c:
            integration = await c.get_integration(sb.ipaas.data.zoho_integration_id)
            version = integration.versions[0]
            draft = VersionDraft.of(integration, version)
            draft.apply_preset(zoho_commerce_preset("https://portal.ipaas.com"))
            saved = await save(c, integration.id, version, draft.edit)
            reread = (await c.get_integration(integration.id)).versions[0]
    put = next(b for p, b in seen if "/Version/" in p)
    assert isinstance(put, dict)
    written = put["custom_fields"]
    assert isinstance(written, list)
    assert {f["key"]: f["available_in_api"] for f in written} == {
        "Existing": False,
        "RedirectUrl": True,  # a new field defaults to available in the API
    }
    assert saved.custom_fields == reread.custom_fields
    assert reread.field_value("RedirectUrl") is not None
    assert reread.oauth_url_template == draft.template


async def test_the_dict_write_shape_is_a_profile_choice_refused_with_its_reason(
    sandbox: SandboxServer,
) -> None:
    async with await logged_in(sandbox, fields_shape="dict") as c:
        integration = await c.get_integration(sandbox.ipaas.data.zoho_integration_id)
        version = integration.versions[0]
        edit = VersionEdit(None, (CustomField("RedirectUrl", "u"),))
        with pytest.raises(ServerError, match="custom_fields: ") as refused:
            await save(c, integration.id, version, edit)
    assert refused.value.status == 400
    assert stored_version(sandbox)["custom_fields"] == []


def stored_version(sandbox: SandboxServer) -> dict[str, object]:
    data = sandbox.ipaas.data
    version: dict[str, object] = data.integrations[data.zoho_integration_id]["versions"][0]
    return version


async def test_identifier_and_callback_fields_are_saved_and_checked_for_conflicts(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    loaded = integration.versions[0]
    edit = VersionEdit("", (), "organization_id", "success_url")
    saved = await save(client, integration.id, loaded, edit)
    assert (saved.oauth_identifier_field, saved.oauth_success_callback_field) == (
        "organization_id",
        "success_url",
    )
    reread = (await client.get_integration(integration.id)).versions[0]
    assert reread.edit == edit
    with pytest.raises(VersionConflictError) as caught:
        await save(client, integration.id, loaded, VersionEdit("", (), "x", ""))
    assert caught.value.differences == [
        "oauth_identifier_field: you opened (empty), it is now 'organization_id'",
        "oauth_success_callback_field: you opened (empty), it is now 'success_url'",
    ]


def test_draft_diff_and_toggle() -> None:
    from tui.clients.models import Integration, Version

    version = Version.from_json(
        {"id": "v", "custom_fields": [{"key": "A", "value": "1", "available_in_api": False}]}
    )
    integration = Integration.from_json({"id": 7, "versions": [version.raw]})
    draft = VersionDraft.of(integration, version)
    draft.toggle_in_api("A")
    draft.identifier_field = "org"
    assert draft.fields == [CustomField("A", "1", True)]
    assert draft.diff() == [
        "OAuth identifier field",
        "- (not sent by iPaaS.com): unknown, this change replaces it",
        "+ org",
        "Custom field A",
        "- '1'",
        "+ '1'  (available in API)",
    ]


def test_sandbox_command_accepts_custom_fields_shape() -> None:
    from tui.__main__ import build_parser

    assert build_parser().parse_args(["sandbox"]).custom_fields == "dict"
    assert build_parser().parse_args(["sandbox", "--custom-fields", "list"]).custom_fields == "list"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["sandbox", "--custom-fields", "tuple"])
