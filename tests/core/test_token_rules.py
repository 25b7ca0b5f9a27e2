"""Zoho's limits said before they bite (tui/core/token_rules.py), each shown true against the
sandbox's Zoho over real HTTP: the 21st refresh token deletes the oldest, the 11th code in ten
minutes is refused, and a revoke cuts off the token iPaaS.com's data holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from config.tokens import ZohoTokens
from tests.browser import consent
from tests.console import sandbox_client
from tests.sandbox.test_zoho_sandbox import CLIENT, REDIRECT, authorize_url
from tui.clients.errors import ZohoError
from tui.clients.zoho import exchange_code, refresh_access_token
from tui.core import tokens as use
from tui.core.token_ledger import TokenLedger
from tui.core.token_rules import (
    authenticate_warnings,
    code_limit_warning,
    note_authenticate,
    revoke_warning,
    twenty_first_warning,
)
from tui.oauth.callback_result import Refused, validate
from tui.oauth.tokens import TokenNames, TokenStore, push_tokens
from tui.sandbox import SandboxServer, demo
from tui.sandbox.clock import FakeClock


@pytest.fixture
def ledger(tmp_path: Path) -> TokenLedger:
    return TokenLedger(tmp_path / "token_index.json")


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def redirect_params(sandbox: SandboxServer) -> dict[str, str]:
    location = consent(authorize_url(sandbox.url, prompt="consent"))
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def authenticate(
    http: httpx.AsyncClient, sandbox: SandboxServer, ledger: TokenLedger, now: float, sub: str
) -> ZohoTokens:
    """One Authenticate as the use case would run it, counted in the index."""
    params = redirect_params(sandbox)
    tokens = await exchange_code(
        http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, location="us", **CLIENT
    )
    note_authenticate(
        ledger,
        client_id=demo.ZOHO_CLIENT_ID,
        dc="us",
        subscription_id=sub,
        refresh_token=tokens.refresh_token,
        now=now,
    )
    return tokens


async def test_the_21st_refresh_token_is_warned_of_and_does_delete_the_oldest(
    http: httpx.AsyncClient, sandbox: SandboxServer, clock: FakeClock, ledger: TokenLedger
) -> None:
    first = await authenticate(http, sandbox, ledger, clock.now(), "7000")
    for index in range(19):
        assert twenty_first_warning(ledger, demo.ZOHO_CLIENT_ID, "us") is None
        clock.advance(61)  # within Zoho's ten codes in ten minutes
        await authenticate(http, sandbox, ledger, clock.now(), f"80{index:02d}")
    warning = twenty_first_warning(ledger, demo.ZOHO_CLIENT_ID, "us")
    assert warning is not None
    assert "refresh token number 21" in warning and "subscription 7000" in warning
    assert twenty_first_warning(ledger, demo.ZOHO_CLIENT_ID, "eu") is None  # per data centre
    assert warning in authenticate_warnings(ledger, demo.ZOHO_CLIENT_ID, "us", clock.now())
    await refresh_access_token(http, first, **CLIENT)  # still alive: 20 tokens
    clock.advance(61)
    await authenticate(http, sandbox, ledger, clock.now(), "8100")
    with pytest.raises(ZohoError) as refused:  # the warning was right: the first is gone
        await refresh_access_token(http, first, **CLIENT)
    assert refused.value.code == "invalid_code"


async def test_the_code_limit_is_warned_of_and_refused_by_zoho_then_lifts(
    http: httpx.AsyncClient, sandbox: SandboxServer, clock: FakeClock, ledger: TokenLedger
) -> None:
    for index in range(10):
        assert code_limit_warning(ledger, demo.ZOHO_CLIENT_ID, clock.now()) is None
        await authenticate(http, sandbox, ledger, clock.now(), f"70{index:02d}")
        clock.advance(1)
    warning = code_limit_warning(ledger, demo.ZOHO_CLIENT_ID, clock.now())
    assert warning is not None and "Wait 9 min 51 s" in warning
    outcome = validate(redirect_params(sandbox), "st4te")  # the 11th: refused by Zoho
    assert isinstance(outcome, Refused) and outcome.error == "access_denied"
    assert "10 authorization codes per client in 10 minutes" in outcome.message()
    clock.advance(591)
    assert code_limit_warning(ledger, demo.ZOHO_CLIENT_ID, clock.now()) is None
    assert "code" in redirect_params(sandbox)  # Zoho gives codes again


async def test_revoking_the_token_ipaas_holds_is_warned_of_and_newer_copies_are_kept(
    http: httpx.AsyncClient, sandbox: SandboxServer, ledger: TokenLedger, clock: FakeClock
) -> None:
    from config.secrets import MemorySecrets

    names = TokenNames()
    subscription_id = sandbox.ipaas.data.zoho_subscription_id
    store = TokenStore(MemorySecrets(), "demo", subscription_id)
    held = await authenticate(http, sandbox, ledger, clock.now(), subscription_id)
    async with sandbox_client(sandbox) as client:
        await push_tokens(client, subscription_id, held, names)
        subscription = await client.get_subscription(subscription_id)
        warning = revoke_warning(held, subscription, names)
        assert warning is not None and "the integration uses it" in warning
        clock.advance(61)
        other = await authenticate(http, sandbox, ledger, clock.now(), subscription_id)
        assert revoke_warning(other, subscription, names) is None  # not the one iPaaS.com holds
        await store.save(other)
        await use.revoke(other, subscription, store, client, True, names, ledger)
        after = await client.get_subscription(subscription_id)
    kept = {d.name: d.value for d in after.persistent_data}
    assert kept[names.refresh] == held.refresh_token  # the integration's newer copy stays
    assert [t.subscription_id for t in ledger.live_tokens(demo.ZOHO_CLIENT_ID, "us")] == [
        subscription_id
    ]  # the revoked one no longer counts


def test_revoke_warning_reads_the_profiles_token_name() -> None:
    from tui.clients.models import Subscription

    tokens = ZohoTokens("a", "1000.r", None)
    subscription = Subscription.from_json(
        {"id": 1, "name": "S", "persistent_data": [{"name": "ZohoRefresh", "value": "1000.r"}]}
    )
    assert revoke_warning(tokens, subscription, TokenNames()) is None
    assert revoke_warning(tokens, subscription, TokenNames("ZohoAccess", "ZohoRefresh"))


async def test_a_refresh_does_not_push_over_newer_tokens_ipaas_holds(
    http: httpx.AsyncClient, sandbox: SandboxServer, ledger: TokenLedger, clock: FakeClock
) -> None:
    """Another Authenticate (another machine, the portal) left newer tokens in the
    subscription's data: refreshing this machine's older ones must not write them back over
    those (the RefreshToken was neither read nor edited by the refresh). Kept here, and said."""
    from config.secrets import MemorySecrets

    names = TokenNames()
    subscription_id = sandbox.ipaas.data.zoho_subscription_id
    store = TokenStore(MemorySecrets(), "demo", subscription_id)
    mine = await authenticate(http, sandbox, ledger, clock.now(), subscription_id)
    await store.save(mine)
    clock.advance(61)
    newer = await authenticate(http, sandbox, ledger, clock.now(), subscription_id)
    async with sandbox_client(sandbox) as client:
        await push_tokens(client, subscription_id, newer, names)
        subscription = await client.get_subscription(subscription_id)
        done = await use.refresh(mine, subscription, store, client, True, names)
        after = await client.get_subscription(subscription_id)
    held = {d.name: d.value for d in after.persistent_data}
    assert held[names.refresh] == newer.refresh_token
    assert held[names.access] == newer.access_token
    assert done.tokens.refresh_token == mine.refresh_token
    assert "holds other tokens" in done.push_error and "authenticate" in done.push_error
    stored = await store.load()
    assert stored is not None and stored.access_token == done.tokens.access_token
