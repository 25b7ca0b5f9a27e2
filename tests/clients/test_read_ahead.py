"""A list's first page read ahead (the console asks for the subscriptions with the
integrations): taken by the next read of that list while fresh, asked again when not."""

from __future__ import annotations

import asyncio

import pytest

from tui.clients import ipaas_requests
from tui.clients.errors import SessionExpiredError
from tui.clients.ipaas import IpaasClient
from tui.sandbox import SandboxServer, demo


async def client_for(sandbox: SandboxServer) -> IpaasClient:
    client = IpaasClient(sandbox.url)
    await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
    await client.change_company(sandbox.ipaas.data.company_id)
    return client


async def test_the_page_read_ahead_is_taken_once(sandbox: SandboxServer) -> None:
    async with await client_for(sandbox) as client:
        client.read_ahead("subscriptions")
        client.read_ahead("subscriptions")  # already under way: not asked twice
        assert await client.list_subscriptions()
        assert sandbox.ipaas.calls["subscriptions"] == 1
        assert await client.list_subscriptions()  # taken: the next read asks
        assert sandbox.ipaas.calls["subscriptions"] == 2


async def test_a_stale_one_is_asked_again(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ipaas_requests, "AHEAD_FRESH", 0.0)
    async with await client_for(sandbox) as client:
        client.read_ahead("subscriptions")
        async with asyncio.timeout(10):  # answered before it is wanted, and then too old
            while sandbox.ipaas.calls["subscriptions"] < 1:
                await asyncio.sleep(0.01)
        assert await client.list_subscriptions()
        assert sandbox.ipaas.calls["subscriptions"] == 2


async def test_a_failed_one_fails_the_read_that_takes_it(sandbox: SandboxServer) -> None:
    client = IpaasClient(sandbox.url)  # not logged in
    async with client:
        client.read_ahead("subscriptions")
        with pytest.raises(SessionExpiredError):
            await client.list_subscriptions()
