"""The client's session over real HTTP against the sandbox: its expiry read from the log-in
answer, a refresh ahead of it (fake clock), and one silent log-in again when a refresh is
refused, shared by requests made together."""

from __future__ import annotations

import asyncio

import pytest

from tui.clients.errors import SessionExpiredError
from tui.clients.ipaas import IpaasClient
from tui.clients.ipaas_session import DEFAULT_LIFETIME, REFRESH_AHEAD, Session, expiry
from tui.sandbox import SandboxServer, demo
from tui.sandbox.clock import FakeClock
from tui.sandbox.routing import error


async def company_client(sandbox: SandboxServer, clock: FakeClock) -> IpaasClient:
    client = IpaasClient(sandbox.url)
    client.clock = clock.now
    await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
    await client.change_company(sandbox.ipaas.data.company_id)
    return client


def test_the_expiry_is_read_as_dotnet_writes_it_and_an_hour_when_it_cannot_be() -> None:
    assert expiry("2026-01-01T12:00:00.1234567+00:00", 0) == pytest.approx(1767268800.1234567)
    assert expiry("2026-01-01T14:00:00+02:00", 0) == 1767268800
    assert expiry("2026-01-01T12:00:00Z", 0) == 1767268800
    assert expiry("2026-01-01T12:00:00", 0) == 1767268800  # no offset: UTC
    assert expiry("next tuesday", 5.0) == 5.0 + DEFAULT_LIFETIME
    assert expiry(None, 5.0) == 5.0 + DEFAULT_LIFETIME
    # .NET's DateTimeOffset default: never set, not expired 2,000 years ago (which refreshed
    # the session before every request)
    assert expiry("0001-01-01T00:00:00+00:00", 5.0) == 5.0 + DEFAULT_LIFETIME


async def test_the_session_knows_when_it_expires(sandbox: SandboxServer, clock: FakeClock) -> None:
    async with await company_client(sandbox, clock) as client:
        assert client.session is not None
        assert client.session.expires_at == pytest.approx(clock.now() + 3600, abs=1)


async def test_a_session_about_to_expire_is_refreshed_before_it_is_used(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    async with await company_client(sandbox, clock) as client:
        assert client.session is not None
        old = client.session.access_token
        clock.advance(3600 - REFRESH_AHEAD + 1)  # still good at iPaaS.com, but not for long
        await client.list_integrations()
        assert sandbox.ipaas.calls["refresh"] == 1
        assert sandbox.ipaas.calls["integrations"] == 1  # no 401 first: refreshed ahead
        assert client.session.access_token != old
        assert client.session.company_id == sandbox.ipaas.data.company_id
        await client.list_integrations()
        assert sandbox.ipaas.calls["refresh"] == 1  # the new one is good for an hour


async def test_a_session_with_time_left_is_not_refreshed(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    async with await company_client(sandbox, clock) as client:
        clock.advance(3600 - REFRESH_AHEAD - 60)
        await client.list_integrations()
        assert sandbox.ipaas.calls["refresh"] == 0


async def test_a_refused_refresh_logs_in_again_once_for_requests_made_together(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    """The session revoked at iPaaS.com: three requests at once see the 401; one refresh is
    tried and refused, one log-in again replaces the session, and all three are answered."""
    async with await company_client(sandbox, clock) as client:
        relogins: list[None] = []

        async def relogin() -> None:
            relogins.append(None)
            await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
            await client.change_company(sandbox.ipaas.data.company_id)

        client.relogin = relogin
        sandbox.ipaas.sessions.clear()  # every token revoked
        answers = await asyncio.gather(*(client.list_integrations() for _ in range(3)))
        assert all(answers)
        assert len(relogins) == 1 and client.relogin is None  # used once, then gone
        assert sandbox.ipaas.calls["login"] == 2  # the first, and one again
        assert sandbox.ipaas.calls["refresh"] == 1


async def test_a_log_in_again_that_is_refused_itself_ends_the_session(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    async with await company_client(sandbox, clock) as client:

        async def relogin() -> None:  # a company token iPaaS.com refuses at once
            client.session = Session("u", "User", "not-a-token", "", company_id="c")
            await client.change_company(sandbox.ipaas.data.company_id)

        client.relogin = relogin
        sandbox.ipaas.sessions.clear()
        with pytest.raises(SessionExpiredError):
            await client.list_integrations()
        assert sandbox.ipaas.calls["refresh"] == 1


async def test_every_new_session_is_told_to_the_owner(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    told: list[Session] = []
    client = IpaasClient(sandbox.url)
    client.clock = clock.now
    client.on_session = told.append
    async with client:
        await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        await client.change_company(sandbox.ipaas.data.company_id)
        clock.advance(3600)
        await client.list_subscriptions()
    company = sandbox.ipaas.data.company_id
    assert [s.company_id for s in told] == [None, company, company]  # log-in, company, refresh
    assert told[-1].refresh_token  # the refresh answer's, or the one before it


async def test_a_refresh_refused_ahead_of_time_leaves_the_token_to_serve_until_it_expires(
    sandbox: SandboxServer, clock: FakeClock
) -> None:
    async with await company_client(sandbox, clock) as client:
        sandbox.ipaas.replace_handler("refresh", lambda request: error(401, "No."))
        clock.advance(3600 - REFRESH_AHEAD + 1)
        assert await client.list_integrations()  # with the token it had
        assert await client.list_integrations()
        assert sandbox.ipaas.calls["refresh"] == 1  # tried once, refused, not tried again
        assert sandbox.ipaas.calls["integrations"] == 2
        assert client.session is not None and not client.session.refresh_token  # not retried
