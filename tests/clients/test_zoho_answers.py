"""Zoho answers that are odd but not wrong: issued tokens are kept whatever else the answer
says; answers of the wrong shape become our errors. Revoke with the token in the body; verify
only where Zoho Commerce exists. All over real HTTP against the sandbox's Zoho."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from config.tokens import ZohoTokens
from tests.browser import consent
from tests.sandbox.test_zoho_sandbox import CLIENT, REDIRECT, authorize_url, callback_params
from tui.clients.errors import ServerError, UnexpectedShapeError, ZohoError
from tui.clients.zoho import (
    commerce_api_for,
    exchange_code,
    refresh_access_token,
    revoke,
)
from tui.connection import Target
from tui.oauth.tokens import persistent_data
from tui.sandbox import SandboxServer
from tui.screens.subscription import countdown


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def exchange(http: httpx.AsyncClient, sandbox: SandboxServer) -> ZohoTokens:
    params = callback_params(consent(authorize_url(sandbox.url)))
    return await exchange_code(
        http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, now=1000.0, **CLIENT
    )


@pytest.mark.parametrize(
    "patch",
    [
        {"expires_in": "soon"},
        {"expires_in": None},
        {"expires_in": [3600]},
        {"expires_in": True},
        {"expires_in": -5},
        {"expires_in": 1e300},
        {"api_domain": None, "scope": {"odd": 1}},
        {"error": "something_odd", "status": "failure"},
    ],
)
async def test_issued_tokens_are_kept_when_other_fields_are_odd(
    http: httpx.AsyncClient, sandbox: SandboxServer, patch: dict[str, object]
) -> None:
    sandbox.world.token_patch = patch
    tokens = await exchange(http, sandbox)
    assert tokens.access_token.startswith("1000.") and tokens.refresh_token.startswith("1000.")
    if "expires_in" in patch:
        assert tokens.expires_at is None
        assert tokens.remaining(2000.0) is None
        assert countdown(tokens.remaining(2000.0)).startswith("expiry unknown")
        assert persistent_data(tokens)[0].expiration_date_time is None
    else:
        assert tokens.expires_at == 1000.0 + 3600
    assert ZohoTokens.from_json(tokens.to_json()) == tokens
    assert isinstance(tokens.api_domain, str) and isinstance(tokens.scope, str)


async def test_numeric_string_expiry_and_extra_fields_are_read(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    sandbox.world.token_patch = {"expires_in": "1800", "id_token": "x", "nested": {"a": [1]}}
    tokens = await exchange(http, sandbox)
    assert tokens.expires_at == 1000.0 + 1800


async def test_refresh_with_an_unknown_expiry_keeps_the_new_access_token(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    tokens = await exchange(http, sandbox)
    sandbox.world.token_patch = {"expires_in": "an hour"}
    refreshed = await refresh_access_token(http, tokens, **CLIENT)
    assert refreshed.access_token != tokens.access_token and refreshed.expires_at is None
    assert refreshed.refresh_token == tokens.refresh_token


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (200, ["access_token"], UnexpectedShapeError),
        (200, None, UnexpectedShapeError),
        (200, {"access_token": 12345}, UnexpectedShapeError),
        (200, {"token_type": "Bearer"}, UnexpectedShapeError),
        (500, "<html>oops</html>", UnexpectedShapeError),
        (503, {}, ServerError),
    ],
)
async def test_wrong_shapes_are_our_errors(
    http: httpx.AsyncClient,
    sandbox: SandboxServer,
    status: int,
    body: object,
    error: type[Exception],
) -> None:
    params = callback_params(consent(authorize_url(sandbox.url)))
    sandbox.world.token_failure = (status, body)
    with pytest.raises(error) as caught:
        await exchange_code(http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, **CLIENT)
    assert "Zoho" in str(caught.value)


async def test_revoke_sends_the_token_in_the_form_body_never_in_the_url(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    """A URL is what proxies and loggers write down; Zoho accepts the token in the body."""
    tokens = await exchange(http, sandbox)
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    http.event_hooks["request"].append(record)
    await revoke(http, tokens)
    assert tokens.refresh_token not in sandbox.world.refresh_tokens
    assert sent[-1].method == "POST" and tokens.refresh_token not in str(sent[-1].url)
    assert parse_qs(sent[-1].content.decode()) == {"token": [tokens.refresh_token]}


async def test_the_sandbox_still_revokes_a_token_in_the_query_as_zoho_documents_it(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    tokens = await exchange(http, sandbox)
    answer = await http.post(
        sandbox.url + "/oauth/v2/token/revoke", params={"token": tokens.refresh_token}
    )
    assert answer.json() == {"status": "success"}
    assert tokens.refresh_token not in sandbox.world.refresh_tokens
    empty = await http.post(sandbox.url + "/oauth/v2/token/revoke")
    assert empty.status_code == 400 and empty.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("location", "host"),
    [
        ("us", "commerce.zoho.com"),
        ("eu", "commerce.zoho.eu"),
        ("in", "commerce.zoho.in"),
        ("au", "commerce.zoho.com.au"),
        ("jp", "commerce.zoho.jp"),
    ],
)
def test_commerce_exists_in_five_data_centres(location: str, host: str) -> None:
    assert urlsplit(commerce_api_for(location)).hostname == host


@pytest.mark.parametrize("location", ["ca", "sa", "uk", "cn", "", "mars"])
def test_verify_elsewhere_says_where_commerce_is_and_calls_nothing(location: str) -> None:
    with pytest.raises(ZohoError) as caught:
        commerce_api_for(location)
    message = str(caught.value)
    assert repr(location or "unknown") in message and "does not exist" in message
    for host in ("commerce.zoho.com", "commerce.zoho.eu", "commerce.zoho.com.au"):
        assert host in message


def test_target_finds_the_data_centre_from_the_accounts_server() -> None:
    target = Target("https://api.example.invalid")
    assert target.commerce_api("https://accounts.zoho.eu", "") == commerce_api_for("eu")
    with pytest.raises(ZohoError, match="'ca'"):
        target.commerce_api("https://accounts.zohocloud.ca", "")
    with pytest.raises(ZohoError, match="'uk'"):
        target.commerce_api("https://accounts.zoho.com", "uk")


async def test_revoke_without_a_refresh_token_sends_nothing_and_says_why(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    tokens = await exchange(http, sandbox)
    access_only = dataclasses.replace(tokens, refresh_token="")
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    http.event_hooks["request"].append(record)
    with pytest.raises(ZohoError) as caught:
        await revoke(http, access_only)
    assert sent == []
    assert "no refresh token to revoke" in str(caught.value)
    assert tokens.refresh_token in sandbox.world.refresh_tokens


def test_invalid_client_and_a_missing_organization_say_every_cause_and_where() -> None:
    from tui.clients.zoho_messages import NO_ORGANIZATION, invalid_client_message

    message = invalid_client_message("https://accounts.zoho.eu", "eu")
    assert "wrong data centre" in message and "not enabled for the client" in message
    assert "API console" in message and "Settings" in message and "toggle" in message
    assert "Zoho Commerce: Settings" in NO_ORGANIZATION and "zohofinance_orgid" in NO_ORGANIZATION
    assert "ZohoCommerce.sitesIndex.READ" in NO_ORGANIZATION
