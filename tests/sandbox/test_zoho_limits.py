"""The sandbox's Zoho as Zoho is, over real HTTP: revoke's two ways of taking the token and its
HTTP 400, the cap of 10 active access tokens, a data centre not enabled for the client, a data
centre's own secret, and the sites index (sources in tui/sandbox/zoho.py's comments)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.sandbox.test_zoho_sandbox import CLIENT, authenticate
from tui.clients.errors import ZohoError
from tui.clients.zoho import list_organisations, refresh_access_token, revoke, verify_access_token
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.server import set_user_data_centre
from tui.sandbox.zoho_fleet import mint


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.mark.parametrize("where", ["query", "body"])
async def test_revoke_takes_the_token_in_the_query_or_the_body(
    http: httpx.AsyncClient,
    sandbox: SandboxServer,
    where: str,
) -> None:
    tokens = await authenticate(http, sandbox)
    place = (
        {"params": {"token": tokens.refresh_token}}
        if where == "query"
        else {"data": {"token": tokens.refresh_token}}
    )
    answer = httpx.post(sandbox.url + "/oauth/v2/token/revoke", **place)  # type: ignore[arg-type]
    assert (answer.status_code, answer.json()) == (200, {"status": "success"})
    again = httpx.post(sandbox.url + "/oauth/v2/token/revoke", **place)  # type: ignore[arg-type]
    assert again.status_code == 400  # an unknown token
    with pytest.raises(ZohoError, match="does not know this refresh token") as caught:
        await revoke(http, tokens)
    assert caught.value.code == "invalid_token"


async def test_the_eleventh_active_access_token_invalidates_the_oldest(
    http: httpx.AsyncClient,
    sandbox: SandboxServer,
    clock: FakeClock,
) -> None:
    tokens = await authenticate(http, sandbox)
    commerce = sandbox.url + "/store/api/v1"
    issued = [tokens]
    for _ in range(10):
        clock.advance(61)  # past the 10-per-10-minutes throttle, well inside the hour
        issued.append(await refresh_access_token(http, tokens, **CLIENT))
    with pytest.raises(ZohoError, match="Invalid OAuth token"):  # 11 made: the first is out
        await verify_access_token(http, commerce, issued[0].access_token, demo.ZOHO_ORGANIZATION_ID)
    for alive in issued[1:]:
        await verify_access_token(http, commerce, alive.access_token, demo.ZOHO_ORGANIZATION_ID)


@pytest.mark.parametrize("flag", ["disabled", "own secret"])
async def test_a_data_centre_not_enabled_or_with_its_own_secret_answers_invalid_client(
    http: httpx.AsyncClient,
    flag: str,
) -> None:
    with start_sandbox(extra_dcs=["eu"], clock=FakeClock()) as sandbox:
        set_user_data_centre(sandbox, "eu")
        tokens = await authenticate(http, sandbox)
        if flag == "disabled":
            sandbox.world.disabled_dcs.add("eu")
        else:
            sandbox.world.dc_secrets["eu"] = "eu-own-secret"
        with pytest.raises(ZohoError, match="not enabled for the client") as caught:
            await refresh_access_token(http, tokens, **CLIENT)
        assert caught.value.code == "invalid_client"
        assert "Use the same OAuth credentials for all data centers" in str(caught.value)
        if flag == "own secret":  # that data centre's secret works
            client = {**CLIENT, "client_secret": "eu-own-secret"}
            assert (await refresh_access_token(http, tokens, **client)).access_token


async def test_the_sites_index_lists_the_organisations_with_its_scope(
    http: httpx.AsyncClient,
    sandbox: SandboxServer,
) -> None:
    commerce = sandbox.url + "/store/api/v1"
    scoped = mint(sandbox, demo.ZOHO_CLIENT_ID, scope="ZohoCommerce.sitesIndex.READ")
    found = await list_organisations(http, commerce, scoped.access_token)
    assert [org for org, _ in found] == [demo.ZOHO_ORGANIZATION_ID]
    unscoped = mint(sandbox, demo.ZOHO_CLIENT_ID)
    with pytest.raises(ZohoError, match=r"sitesIndex\.READ"):
        await list_organisations(http, commerce, unscoped.access_token)
