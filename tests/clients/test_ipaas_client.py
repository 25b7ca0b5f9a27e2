"""The iPaaS.com client against the sandbox over real HTTP on loopback."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from tests.writes import save, save_type, writer_for
from tui.clients.errors import (
    BadCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    SessionExpiredError,
    UnreachableError,
    VersionConflictError,
)
from tui.clients.ipaas import IpaasClient
from tui.clients.models import CustomField, PersistentDatum, VersionEdit
from tui.core.changes import save_version
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock


async def logged_in(sandbox: SandboxServer, email: str = demo.IPAAS_EMAIL) -> IpaasClient:
    client = IpaasClient(sandbox.url, backoff=0.01)
    await client.login(email, demo.IPAAS_PASSWORD)
    companies = await client.list_companies()
    await client.change_company(companies[0].id)
    return client


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[IpaasClient]:
    c = await logged_in(sandbox)
    yield c
    await c.aclose()


async def test_login_companies_and_change_company(sandbox: SandboxServer) -> None:
    async with IpaasClient(sandbox.url) as c:
        session = await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        assert session.user_name == "Sandbox Integrator"
        companies = await c.list_companies()
        assert [(co.name, co.designations) for co in companies] == [
            ("Sandbox Company", ("Integrator",))
        ]
        user_token = session.access_token
        await c.change_company(companies[0].id)
        assert c.session is not None
        assert c.session.company_id == companies[0].id
        assert c.session.access_token != user_token
        assert c.session.user_id == session.user_id


async def test_bad_credentials(sandbox: SandboxServer) -> None:
    async with IpaasClient(sandbox.url) as c:
        with pytest.raises(BadCredentialsError, match="check the email and password"):
            await c.login(demo.IPAAS_EMAIL, "wrong")


async def test_company_scope_is_required(sandbox: SandboxServer) -> None:
    async with IpaasClient(sandbox.url) as c:
        await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        with pytest.raises(PermissionDeniedError, match="ChangeCompany"):
            await c.list_integrations()


async def test_api_key_login(sandbox: SandboxServer) -> None:
    """A key belongs to its company: company calls use it as it is, without ChangeCompany."""
    async with IpaasClient(sandbox.url) as c:
        c.use_api_key(demo.IPAAS_API_KEY)
        assert len(await c.list_integrations()) == 4


async def test_integration_with_versions(client: IpaasClient, sandbox: SandboxServer) -> None:
    summaries = await client.list_integrations()
    assert summaries[0].name == "Generated Integration 00001"
    zoho = next(s for s in summaries if s.name == "Zoho Commerce")
    integration = await client.get_integration(zoho.id)
    assert integration.authorization_type_id == 0
    (version,) = integration.versions
    assert version.oauth_url_template == ""
    assert version.custom_fields == ()


async def test_update_version_and_authorization_type(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    version = integration.versions[0]
    fields = (CustomField("RedirectUrl", "https://portal.ipaas.com/x", False),)
    saved = await save(client, integration.id, version, VersionEdit("https://t", fields))
    assert saved.oauth_url_template == "https://t"
    reread = (await client.get_integration(integration.id)).versions[0]
    assert reread.custom_fields == fields
    assert reread.raw["version_major"] == 1  # the rest of the version survives the PUT
    updated = await save_type(client, integration, 1)
    assert updated.authorization_type_id == 1
    assert (await client.get_integration(integration.id)).authorization_type_id == 1


async def test_version_changed_elsewhere_is_a_conflict(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    loaded = integration.versions[0]
    other = await logged_in(sandbox)
    await save(other, integration.id, loaded, VersionEdit("theirs", ()))
    await other.aclose()
    with pytest.raises(VersionConflictError) as caught:
        await save(client, integration.id, loaded, VersionEdit("mine", ()))
    assert caught.value.differences == [
        "oauth_url_template: you opened (empty), it is now 'theirs'"
    ]
    reread = await client.get_integration(integration.id)
    assert reread.versions[0].oauth_url_template == "theirs"


async def test_non_integrator_gets_403_on_writes(sandbox: SandboxServer) -> None:
    client = await logged_in(sandbox, demo.SUBSCRIBER_EMAIL)
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    with pytest.raises(PermissionDeniedError, match="Only a MiSP or an Integrator"):
        await save(client, integration.id, integration.versions[0], VersionEdit("x", ()))
    with pytest.raises(PermissionDeniedError):
        await save_type(client, integration, 1)
    with pytest.raises(PermissionDeniedError):
        await client.write_persistent_data(sandbox.ipaas.data.zoho_subscription_id, [])
    await client.aclose()


async def test_not_found(client: IpaasClient) -> None:
    with pytest.raises(NotFoundError, match="refresh the list"):
        await client.get_integration("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError):
        await client.get_subscription("nope")


async def test_expired_token_is_refreshed_once(
    client: IpaasClient, sandbox: SandboxServer, clock: FakeClock
) -> None:
    assert client.session is not None
    before = client.session.access_token
    clock.advance(3601)
    assert len(await client.list_subscriptions()) == 3
    assert client.session.access_token != before
    assert client.session.company_id is not None


async def test_refresh_failure_says_log_in_again(
    client: IpaasClient, sandbox: SandboxServer, clock: FakeClock
) -> None:
    clock.advance(3601)
    sandbox.ipaas.sessions.clear()  # the server forgot every session (e.g. logged out)
    with pytest.raises(SessionExpiredError, match="log in again"):
        await client.list_integrations()


async def test_paging_over_10000_integrations() -> None:
    with start_sandbox(integrations=10_000, subscriptions=0) as big:
        client = await logged_in(big)
        rows = await client.list_integrations()
        await client.aclose()
    assert len(rows) == 10_001
    assert len({r.id for r in rows}) == 10_001
    names = [r.name.lower() for r in rows]
    assert names == sorted(names)


async def test_get_retries_5xx_then_succeeds(client: IpaasClient, sandbox: SandboxServer) -> None:
    sandbox.ipaas.faults.extend([503, 502])
    assert len(await client.list_subscriptions()) == 3
    assert not sandbox.ipaas.faults


async def test_get_gives_up_after_bounded_retries(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.faults.extend([500] * 10)
    with pytest.raises(ServerError, match="HTTP 500") as caught:
        await client.list_subscriptions()
    assert caught.value.status == 500
    assert len(sandbox.ipaas.faults) == 6  # one try plus three retries


async def test_writes_are_not_retried(client: IpaasClient, sandbox: SandboxServer) -> None:
    sandbox.ipaas.faults.extend([503, 503])
    with pytest.raises(ServerError, match="HTTP 503"):
        await client.update_subscription_settings(
            sandbox.ipaas.data.zoho_subscription_id, {"Organization ID": "42"}
        )
    assert list(sandbox.ipaas.faults) == [503]


async def test_unreachable_host() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with IpaasClient(f"http://127.0.0.1:{port}", backoff=0.01) as c:
        with pytest.raises(UnreachableError, match=f"127.0.0.1:{port}.*api_url"):
            await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)


async def test_subscriptions_settings_and_persistent_data(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    rows = await client.list_subscriptions()
    demo_row = next(r for r in rows if r.name == demo.ZOHO_SUBSCRIPTION_NAME)
    subscription = await client.get_subscription(demo_row.id)
    assert subscription.client_id == demo.ZOHO_CLIENT_ID
    assert subscription.client_secret == demo.ZOHO_CLIENT_SECRET
    assert subscription.organization_id == demo.ZOHO_ORGANIZATION_ID
    updated = await client.update_subscription_settings(demo_row.id, {"Organization ID": "42"})
    assert updated.organization_id == "42"
    await client.write_persistent_data(
        demo_row.id,
        [
            PersistentDatum("AccessToken", "a", "2030-01-01T00:00:00Z"),
            PersistentDatum("RefreshToken", "r", None),
        ],
    )
    reread = await client.get_subscription(demo_row.id)
    assert {d.name: d.value for d in reread.persistent_data} == {
        "AccessToken": "a",
        "RefreshToken": "r",
    }


async def test_items_the_integration_keeps_survive_a_post_that_replaces_the_list(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    """The sandbox's POST replaces the whole list (the worst case the evidence allows): the
    integration's own items (poll state) are written back at once, the tokens stay."""
    subscription_id = sandbox.ipaas.data.zoho_subscription_id
    poll = {"name": "LastPoll", "value": "2026-12-01T00:00:00Z", "expiration_date_time": None}
    sandbox.ipaas.data.subscriptions[subscription_id]["persistent_data"] = [poll]
    await client.write_persistent_data(subscription_id, [PersistentDatum("RefreshToken", "r")])
    reread = await client.get_subscription(subscription_id)
    assert {d.name: d.value for d in reread.persistent_data} == {
        "LastPoll": "2026-12-01T00:00:00Z",
        "RefreshToken": "r",
    }


async def test_the_same_change_made_elsewhere_is_already_saved_not_a_conflict(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    loaded = integration.versions[0]
    other = await logged_in(sandbox)
    await save(other, integration.id, loaded, VersionEdit("same", ()))
    await other.aclose()
    sandbox.ipaas.requests.clear()
    saved = await save_version(writer_for(client), loaded, integration.id, VersionEdit("same", ()))
    assert not saved.written and saved.version and saved.version.oauth_url_template == "same"
    assert not any(method == "PUT" for method, _ in sandbox.ipaas.requests)


async def test_part_of_our_change_made_elsewhere_is_written_but_another_part_is_a_conflict(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    integration = await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
    loaded = integration.versions[0]
    other = await logged_in(sandbox)
    await save(other, integration.id, loaded, VersionEdit("same", ()))
    ours = VersionEdit("same", (), identifier_field="ClientId")
    saved = await save_version(writer_for(client), loaded, integration.id, ours)
    assert saved.written and saved.version and saved.version.oauth_identifier_field == "ClientId"
    # Now someone changes a part we do not touch, and we write from the old reading again.
    reread = (await client.get_integration(integration.id)).versions[0]
    await save(other, integration.id, reread, VersionEdit("same", (), identifier_field="Theirs"))
    await other.aclose()
    with pytest.raises(VersionConflictError) as caught:
        mine = VersionEdit("mine", (), identifier_field="ClientId")  # keeps the identifier
        await save_version(writer_for(client), reread, integration.id, mine)
    assert caught.value.differences == [
        "oauth_identifier_field: you opened 'ClientId', it is now 'Theirs'"
    ]
