"""A 401 is not always an expired session (iPaaS.com answers 401 to a user without access to a
company or endpoint), and an API key belongs to its company: over real HTTP on loopback."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest

from config.profile import Profile
from config.secrets import IPAAS_API_KEY, SERVICE
from tests.console import (
    failure_said,
    sandbox_profile_toml,
    screen_name,
    staging_profile_toml,
    wait_for,
    write_profiles,
)
from tests.memory_keyring import MemoryKeyring
from tui.__main__ import main
from tui.app import create_app
from tui.clients.errors import (
    ApiKeyRefusedError,
    BadCredentialsError,
    NoPermissionError,
    SessionExpiredError,
)
from tui.clients.ipaas import IpaasClient
from tui.commands import NO_PERMISSION
from tui.connection import Credentials
from tui.core.session import Session, connect
from tui.options import StartOptions
from tui.sandbox import SandboxServer, demo
from tui.sandbox.routing import Request, Response, error
from tui.widgets.virtual_table import VirtualTable

LIST_INTEGRATIONS = "GET /subscriptions/v2/Lookup/Integration (list integrations)"


def refuse(request: Request) -> Response:
    """What iPaaS.com answers a valid token without access (iPaaSCallWrapper.cs)."""
    return error(401, "Unauthorized")


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[IpaasClient]:
    async with IpaasClient(sandbox.url, backoff=0.01) as c:
        await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        await c.change_company(sandbox.ipaas.data.company_id)
        yield c


def change_company_requests(sandbox: SandboxServer) -> list[tuple[str, str]]:
    return [r for r in sandbox.ipaas.requests if "/ChangeCompany/" in r[1]]


# --- 401 after a successful refresh -----------------------------------------------------------


async def test_a_401_after_a_successful_refresh_is_no_permission_and_keeps_the_session(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.replace_handler("integrations", refuse)
    with pytest.raises(NoPermissionError) as caught:
        await client.list_integrations()
    message = str(caught.value)
    assert f"refused {LIST_INTEGRATIONS} with HTTP 401 (Unauthorized) although the" in message
    assert "Integrator (or MiSP) designation" in message and "View as Integrator" in message
    assert caught.value.call == LIST_INTEGRATIONS
    assert sandbox.ipaas.calls["refresh"] == 1  # refreshed once, and that worked
    assert client.session is not None and client.session.company_id is not None
    assert len(await client.list_subscriptions()) == 3  # still logged in


async def test_a_failed_refresh_is_still_an_expired_session(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.replace_handler("integrations", refuse)
    sandbox.ipaas.sessions.clear()  # the refresh is refused too
    with pytest.raises(SessionExpiredError, match="log in again") as caught:
        await client.list_integrations()
    assert not isinstance(caught.value, NoPermissionError)
    assert client.session is None


async def test_a_refused_change_company_never_asks_for_a_new_log_in(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """Where a refused log-in asks again (log_in), a refused company call does not: it is
    no permission, the log-in stands and nobody is asked for a password."""
    write_profiles(staging_profile_toml(sandbox))
    memory_keyring.set_password(SERVICE, "acme:ipaas_password", demo.IPAAS_PASSWORD)
    sandbox.ipaas.replace_handler("change_company", refuse)
    asked: list[str | None] = []

    async def ask(
        profile: Profile, keyring_problem: str | None, refused: str | None
    ) -> tuple[Credentials, bool] | None:
        asked.append(refused)
        return None

    session = Session.open(StartOptions())
    try:
        with pytest.raises(NoPermissionError, match="ChangeCompany"):
            await connect(session, ask, None)
        assert asked == []
        assert session.client is not None and session.client.session is not None
    finally:
        await session.close()
    assert sandbox.ipaas.calls["login"] == 1


def test_a_command_refused_for_lack_of_permission_exits_5(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    sandbox.ipaas.replace_handler("integrations", refuse)
    assert main(["integrations"]) == NO_PERMISSION == 5
    err = capsys.readouterr().err
    assert LIST_INTEGRATIONS in err and "Integrator" in err
    assert main(["integrations", "--json"]) == 5
    assert '"exit_code": 5' in capsys.readouterr().out


async def test_the_console_shows_no_permission_and_stays_connected(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    granted = sandbox.ipaas.handlers["integrations"]
    sandbox.ipaas.replace_handler("integrations", refuse)
    app = create_app()
    async with app.run_test(size=(100, 30)) as pilot:
        status = app.screen.query_one("#status")

        def refused() -> bool:
            return LIST_INTEGRATIONS in str(status.render())

        await wait_for(pilot, refused, "the refusal on the status line")
        assert "Integrator" in str(status.render())
        assert app.connection.is_connected and failure_said(app) is None
        client = app.connection.session.client if app.connection.session else None
        assert client is not None and client.session is not None
        await pilot.press("r")  # retrying reloads with the same log-in
        await wait_for(pilot, lambda: sandbox.ipaas.calls["integrations"] >= 2, "the retry")
        await wait_for(pilot, refused, "the refusal again")
        assert screen_name(app) == "IntegrationsScreen"  # no log-in dialog
        assert app.connection.is_connected
        sandbox.ipaas.replace_handler("integrations", granted)  # access granted meanwhile
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, "the list")
    assert sandbox.ipaas.calls["login"] == 1


# --- API keys -------------------------------------------------------------------------------


def key_profile(sandbox: SandboxServer, keyring: MemoryKeyring, key: str, extra: str = "") -> None:
    write_profiles(staging_profile_toml(sandbox) + extra)
    keyring.set_password(SERVICE, f"acme:{IPAAS_API_KEY}", key)


@pytest.mark.parametrize("company_id", [True, False])
async def test_an_api_key_log_in_never_calls_change_company(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring, company_id: bool
) -> None:
    company = sandbox.ipaas.data.company_id
    key_profile(
        sandbox, memory_keyring, demo.IPAAS_API_KEY, f'company_id = "{company}"\n' * company_id
    )
    session = Session.open(StartOptions())
    try:
        client = await connect(session)
        assert client.session is not None and client.session.api_key
        assert client.session.company_id == (company if company_id else None)
        assert len(await client.list_integrations()) == 4
    finally:
        await session.close()
    assert change_company_requests(sandbox) == []
    assert ("GET", "/subscriptions/v2/Subscriptions") in sandbox.ipaas.requests  # the check


async def test_a_refused_key_at_log_in_names_the_refused_call_and_the_causes(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    key_profile(sandbox, memory_keyring, "revoked-key")
    session = Session.open(StartOptions())
    try:
        with pytest.raises(BadCredentialsError) as caught:
            await connect(session)
    finally:
        await session.close()
    message = str(caught.value)
    assert message.startswith(
        "iPaaS.com refused the API key for GET /subscriptions/v2/Subscriptions "
        "(list subscriptions): The access token is invalid or expired."
    )
    assert "expired or revoked, or have no access to this" in message
    assert "API Keys" in message
    assert change_company_requests(sandbox) == []


async def test_a_key_refused_later_names_that_call_and_keeps_the_key(
    sandbox: SandboxServer,
) -> None:
    async with IpaasClient(sandbox.url) as client:
        client.use_api_key(demo.IPAAS_API_KEY)
        await client.check_access()
        sandbox.ipaas.replace_handler("integrations", refuse)
        with pytest.raises(ApiKeyRefusedError) as caught:
            await client.list_integrations()
        assert str(caught.value).startswith(
            f"iPaaS.com refused the API key for {LIST_INTEGRATIONS}: Unauthorized."
        )
        assert client.session is not None
        assert sandbox.ipaas.calls["refresh"] == 0  # a key has nothing to refresh


def test_login_api_key_is_verified_without_a_company_and_without_change_company(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles('secret_storage = "file"\n' + staging_profile_toml(sandbox))
    monkeypatch.setattr("sys.stdin", io.StringIO("revoked-key\n"))
    assert main(["login", "acme", "--api-key"]) == 1
    assert "refused the API key for GET /subscriptions/v2/Subscriptions" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(demo.IPAAS_API_KEY + "\n"))
    assert main(["login", "acme", "--api-key"]) == 0
    captured = capsys.readouterr()
    assert "Stored the API key" in captured.out and "Not verified" not in captured.err
    assert change_company_requests(sandbox) == []
