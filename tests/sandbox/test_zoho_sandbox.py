"""Zoho token calls against the sandbox's Zoho over real HTTP, consent submitted as a browser."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from config.tokens import ZohoTokens
from tests.browser import consent
from tui.clients.errors import ZohoError, ZohoThrottledError
from tui.clients.zoho import exchange_code, refresh_access_token, revoke, verify_access_token
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.server import set_user_data_centre

REDIRECT = demo.DEFAULT_CALLBACK_URL
SCOPES = "ZohoCommerce.salesorders.READ,ZohoCommerce.items.ALL"
CLIENT = {"client_id": demo.ZOHO_CLIENT_ID, "client_secret": demo.ZOHO_CLIENT_SECRET}


def authorize_url(base: str, **extra: str) -> str:
    params = {
        "scope": SCOPES,
        "client_id": demo.ZOHO_CLIENT_ID,
        "response_type": "code",
        "redirect_uri": REDIRECT,
        "access_type": "offline",
        "state": "st4te",
        **extra,
    }
    return f"{base}/oauth/v2/auth?{urlencode(params)}"


def callback_params(location: str) -> dict[str, str]:
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def authenticate(http: httpx.AsyncClient, sandbox: SandboxServer, **extra: str) -> ZohoTokens:
    params = callback_params(consent(authorize_url(sandbox.url, **extra)))
    return await exchange_code(
        http,
        params["accounts-server"],
        code=params["code"],
        redirect_uri=REDIRECT,
        location=params["location"],
        **CLIENT,
    )


def test_authorize_validates_request(sandbox: SandboxServer) -> None:
    cases = {
        "client_id": ("1000.UNKNOWN", "Invalid client"),
        "response_type": ("token", "Invalid response_type"),
        "scope": ("not a scope", "Invalid scope"),
        "redirect_uri": ("http://localhost:8976/callback/", "Invalid redirect URI"),
    }
    for name, (value, message) in cases.items():
        page = httpx.get(authorize_url(sandbox.url, **{name: value}))
        assert page.status_code == 400, name
        assert message in page.text
    good = httpx.get(authorize_url(sandbox.url))
    assert good.status_code == 200
    assert 'id="accept"' in good.text and 'id="deny"' in good.text


def test_consent_page_escapes_reflected_values(sandbox: SandboxServer) -> None:
    page = httpx.get(authorize_url(sandbox.url, state='"><script>alert(1)</script>'))
    assert "<script>alert(1)" not in page.text
    assert "&lt;script&gt;" in page.text


def test_accept_and_deny_redirect_with_state(sandbox: SandboxServer) -> None:
    accepted = callback_params(consent(authorize_url(sandbox.url)))
    assert accepted["state"] == "st4te"
    assert accepted["location"] == "us"
    assert accepted["accounts-server"] == sandbox.url
    assert accepted["code"].startswith("1000.")
    denied = callback_params(consent(authorize_url(sandbox.url), decision="deny"))
    assert denied == {"error": "access_denied", "state": "st4te"}


async def test_exchange_refresh_verify_revoke(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    tokens = await authenticate(http, sandbox)
    assert tokens.refresh_token and tokens.access_token
    assert tokens.accounts_server == sandbox.url and tokens.location == "us"
    commerce = sandbox.url + "/store/api/v1"
    ok = await verify_access_token(http, commerce, tokens.access_token, demo.ZOHO_ORGANIZATION_ID)
    assert "works" in ok
    refreshed = await refresh_access_token(http, tokens, **CLIENT)
    assert refreshed.refresh_token == tokens.refresh_token  # kept: Zoho sends none
    assert refreshed.access_token != tokens.access_token
    await revoke(http, refreshed)
    with pytest.raises(ZohoError, match="Refresh the token") as refused:
        await verify_access_token(http, commerce, refreshed.access_token, demo.ZOHO_ORGANIZATION_ID)
    assert "Invalid OAuth token. Refresh" in str(refused.value)  # Zoho's own period, not two
    with pytest.raises(ZohoError, match="authenticate the subscription again") as caught:
        await refresh_access_token(http, refreshed, **CLIENT)
    assert caught.value.code == "invalid_code"


async def test_verify_reports_wrong_organization(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    tokens = await authenticate(http, sandbox)
    with pytest.raises(ZohoError, match="organization id"):
        await verify_access_token(http, sandbox.url + "/store/api/v1", tokens.access_token, "1")


async def test_expired_access_token_is_rejected(
    http: httpx.AsyncClient, sandbox: SandboxServer, clock: FakeClock
) -> None:
    tokens = await authenticate(http, sandbox)
    clock.advance(3601)
    with pytest.raises(ZohoError, match="expired"):
        await verify_access_token(
            http, sandbox.url + "/store/api/v1", tokens.access_token, demo.ZOHO_ORGANIZATION_ID
        )


async def test_code_is_single_use(http: httpx.AsyncClient, sandbox: SandboxServer) -> None:
    params = callback_params(consent(authorize_url(sandbox.url)))
    await exchange_code(http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, **CLIENT)
    with pytest.raises(ZohoError, match="already used") as caught:
        await exchange_code(http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, **CLIENT)
    assert caught.value.code == "invalid_code"


async def test_code_expires_after_60_seconds(
    http: httpx.AsyncClient, sandbox: SandboxServer, clock: FakeClock
) -> None:
    fresh = callback_params(consent(authorize_url(sandbox.url)))
    stale = callback_params(consent(authorize_url(sandbox.url)))
    clock.advance(59)
    await exchange_code(http, sandbox.url, code=fresh["code"], redirect_uri=REDIRECT, **CLIENT)
    clock.advance(2)
    with pytest.raises(ZohoError, match="expired") as caught:
        await exchange_code(http, sandbox.url, code=stale["code"], redirect_uri=REDIRECT, **CLIENT)
    assert caught.value.code == "invalid_code"


@pytest.mark.parametrize(
    ("override", "code", "hint"),
    [
        ({"client_id": "1000.OTHER"}, "invalid_client", "wrong data centre"),
        ({"client_secret": "nope"}, "invalid_client_secret", "copy it again"),
    ],
)
async def test_client_errors_in_http_200_bodies(
    http: httpx.AsyncClient, sandbox: SandboxServer, override: dict[str, str], code: str, hint: str
) -> None:
    params = callback_params(consent(authorize_url(sandbox.url)))
    raw = httpx.post(
        sandbox.url + "/oauth/v2/token",
        data={
            "grant_type": "authorization_code",
            **CLIENT,
            **override,
            "code": params["code"],
            "redirect_uri": REDIRECT,
        },
    )
    assert raw.status_code == 200 and raw.json() == {"error": code}
    with pytest.raises(ZohoError, match=hint) as caught:
        await exchange_code(
            http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, **{**CLIENT, **override}
        )
    assert caught.value.code == code


async def test_redirect_uri_must_match(http: httpx.AsyncClient, sandbox: SandboxServer) -> None:
    params = callback_params(consent(authorize_url(sandbox.url)))
    with pytest.raises(ZohoError, match="exactly") as caught:
        await exchange_code(
            http,
            sandbox.url,
            code=params["code"],
            redirect_uri="http://localhost:8976/other",
            **CLIENT,
        )
    assert caught.value.code == "invalid_redirect_uri"


async def test_refresh_throttle(
    http: httpx.AsyncClient, sandbox: SandboxServer, clock: FakeClock
) -> None:
    tokens = await authenticate(http, sandbox)
    for _ in range(10):
        tokens = await refresh_access_token(http, tokens, **CLIENT)
    with pytest.raises(ZohoThrottledError, match="Wait a few minutes"):
        await refresh_access_token(http, tokens, **CLIENT)
    clock.advance(601)
    await refresh_access_token(http, tokens, **CLIENT)


async def test_21st_refresh_token_deletes_the_oldest(
    http: httpx.AsyncClient, sandbox: SandboxServer, clock: FakeClock
) -> None:
    first = await authenticate(http, sandbox, prompt="consent")
    for _ in range(19):
        clock.advance(61)  # ten codes in ten minutes at most
        await authenticate(http, sandbox, prompt="consent")
    await refresh_access_token(http, first, **CLIENT)  # 20 tokens: the first still works
    clock.advance(61)
    await authenticate(http, sandbox, prompt="consent")
    with pytest.raises(ZohoError) as caught:
        await refresh_access_token(http, first, **CLIENT)
    assert caught.value.code == "invalid_code"


async def test_refresh_token_only_on_first_consent(
    http: httpx.AsyncClient, sandbox: SandboxServer
) -> None:
    assert (await authenticate(http, sandbox)).refresh_token
    again = await authenticate(http, sandbox)
    assert again.refresh_token == ""
    with pytest.raises(ZohoError, match="prompt=consent"):
        await refresh_access_token(http, again, **CLIENT)
    assert (await authenticate(http, sandbox, prompt="consent")).refresh_token


async def test_pkce(http: httpx.AsyncClient, sandbox: SandboxServer) -> None:
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    extra = {"code_challenge": challenge.decode(), "code_challenge_method": "S256"}
    params = callback_params(consent(authorize_url(sandbox.url, **extra)))
    with pytest.raises(ZohoError):
        await exchange_code(
            http,
            sandbox.url,
            code=params["code"],
            redirect_uri=REDIRECT,
            code_verifier="w" * 50,
            **CLIENT,
        )
    params = callback_params(consent(authorize_url(sandbox.url, **extra)))
    tokens = await exchange_code(
        http,
        sandbox.url,
        code=params["code"],
        redirect_uri=REDIRECT,
        code_verifier=verifier,
        **CLIENT,
    )
    assert tokens.access_token


async def test_wrong_data_centre_answers_invalid_client(http: httpx.AsyncClient) -> None:
    with start_sandbox(extra_dcs=["eu"], clock=FakeClock()) as sandbox:
        set_user_data_centre(sandbox, "eu")
        params = callback_params(consent(authorize_url(sandbox.url)))
        assert params["location"] == "eu"
        assert params["accounts-server"] == sandbox.dc_url("eu") != sandbox.url
        with pytest.raises(ZohoError, match="data centre") as caught:
            await exchange_code(
                http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, **CLIENT
            )
        assert caught.value.code == "invalid_client"
        tokens = await exchange_code(
            http,
            params["accounts-server"],
            code=params["code"],
            redirect_uri=REDIRECT,
            location="eu",
            **CLIENT,
        )
        assert tokens.api_domain == sandbox.dc_url("eu")
        wrong_dc = replace(tokens, accounts_server=sandbox.url)
        with pytest.raises(ZohoError) as caught:
            await refresh_access_token(http, wrong_dc, **CLIENT)
        assert caught.value.code == "invalid_client"
