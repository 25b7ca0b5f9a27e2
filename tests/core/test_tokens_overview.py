"""Every subscription's tokens (tui/core/tokens_overview.py) over real HTTP against the sandbox's
iPaaS.com and Zoho, on the sandbox's fake clock: each state, each problem with its fix, and
Zoho's limits kept over 200 subscriptions."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from config.profile import Profile
from config.secrets import MemorySecrets, tokens_key
from config.tokens import ZohoTokens
from tests.console import sandbox_client
from tui.clients import zoho
from tui.clients.ipaas import IpaasClient
from tui.connection import Target
from tui.core.token_ledger import LastVerified, TokenLedger, fingerprint
from tui.core.token_rows import TokenRow
from tui.core.tokens_overview import REFRESH_BUDGET, overview
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.zoho_fleet import Minted, add_zoho_subscriptions, mint

PROFILE = Profile(name="demo", environment="sandbox")


@pytest.fixture
def zoho_sandbox(clock: FakeClock) -> Iterator[SandboxServer]:
    server = start_sandbox(clock=clock, integrations=1, subscriptions=0, extra_dcs=["eu"])
    yield server
    server.stop()


@pytest.fixture
async def client(zoho_sandbox: SandboxServer) -> AsyncIterator[IpaasClient]:
    async with sandbox_client(zoho_sandbox) as logged_in:
        yield logged_in


@pytest.fixture
def ledger(tmp_path: Path) -> TokenLedger:
    return TokenLedger(tmp_path / "token_index.json")


def keep_here(
    secrets: MemorySecrets, minted: Minted, sandbox: SandboxServer, **extra: object
) -> ZohoTokens:
    tokens = ZohoTokens(
        minted.access_token,
        minted.refresh_token,
        minted.expires_at,
        sandbox.dc_url(minted.dc),
        sandbox.dc_url(minted.dc),
        minted.dc,
        "ZohoCommerce.salesorders.READ",
    )
    tokens = replace(tokens, **extra)  # type: ignore[arg-type]
    secrets.set(PROFILE.name, tokens_key(minted.subscription_id), tokens.to_json())
    return tokens


def expire(sandbox: SandboxServer, minted: Minted, now: float) -> None:
    """The access token expired at Zoho, and so says iPaaS.com's copy of it."""
    if minted.access_token in sandbox.world.access_tokens:  # a revoked one is gone
        sandbox.world.access_tokens[minted.access_token].expires_at = now - 1
    subscription = sandbox.ipaas.data.subscriptions[minted.subscription_id]
    past = datetime.fromtimestamp(now - 1, UTC).isoformat().replace("+00:00", "Z")
    for datum in subscription["persistent_data"]:
        if datum["name"] == "AccessToken":
            datum["expiration_date_time"] = past


async def rows_of(
    client: IpaasClient,
    sandbox: SandboxServer,
    secrets: MemorySecrets,
    ledger: TokenLedger,
    clock: FakeClock,
    verify: bool = True,
    profile: Profile = PROFILE,
) -> dict[str, TokenRow]:
    target = Target(sandbox.url, None, dict(sandbox.world.dc_urls))
    rows = await overview(
        client,
        profile=profile,
        secrets=secrets,
        target=target,
        verify=verify,
        ledger=ledger,
        now=clock.now,
    )
    return {row.id: row for row in rows}


async def test_each_state_with_its_problem_and_fix(
    zoho_sandbox: SandboxServer, client: IpaasClient, ledger: TokenLedger, clock: FakeClock
) -> None:
    sandbox, secrets = zoho_sandbox, MemorySecrets()
    only_ipaas, expired, revoked, wrong_dc, not_enabled = add_zoho_subscriptions(sandbox, 5)
    keep_here(secrets, expired, sandbox, expires_at=clock.now() - 1)
    expire(sandbox, expired, clock.now())
    async with httpx.AsyncClient() as http:
        await zoho.revoke(http, ZohoTokens("", revoked.refresh_token, None, "", sandbox.url))
    expire(sandbox, revoked, clock.now())
    # Minted in the EU, held only by iPaaS.com: the profile's zoho_dc (us) is the wrong one.
    eu = mint(sandbox, wrong_dc.client_id, "eu", subscription_id=wrong_dc.subscription_id)
    data = sandbox.ipaas.data.subscriptions[wrong_dc.subscription_id]["persistent_data"]
    data[0]["value"], data[1]["value"] = eu.access_token, eu.refresh_token
    expire(sandbox, eu, clock.now())
    # Kept here from the EU, whose toggle is off for the client.
    eu_here = mint(
        sandbox, not_enabled.client_id, "eu", subscription_id=not_enabled.subscription_id
    )
    keep_here(
        secrets,
        eu_here,
        sandbox,
        expires_at=clock.now() - 1,
    )
    sandbox.ipaas.data.subscriptions[not_enabled.subscription_id]["persistent_data"] = []
    sandbox.world.disabled_dcs.add("eu")

    rows = await rows_of(client, sandbox, secrets, ledger, clock)

    demo_row = rows[sandbox.ipaas.data.zoho_subscription_id]
    assert (demo_row.where, demo_row.problem) == ("none", "no tokens")
    assert f"ipaas-auth authenticate {demo_row.id}" in demo_row.fix
    assert rows[only_ipaas.subscription_id].where == "iPaaS.com"
    assert rows[only_ipaas.subscription_id].verified.ok  # type: ignore[union-attr]
    assert not rows[only_ipaas.subscription_id].problem
    refreshed = rows[expired.subscription_id]
    assert refreshed.where == "both" and not refreshed.problem
    assert refreshed.expires_at and refreshed.expires_at > clock.now()
    kept = ZohoTokens.from_json(
        secrets.get(PROFILE.name, tokens_key(expired.subscription_id)) or ""
    )
    assert kept.access_token != expired.access_token  # the refreshed token was kept here
    assert rows[revoked.subscription_id].problem.startswith("the refresh token was revoked")
    assert "authenticate" in rows[revoked.subscription_id].fix
    wrong = rows[wrong_dc.subscription_id]
    assert "wrong data centre" in wrong.problem and "zoho_dc" in wrong.fix
    disabled = rows[not_enabled.subscription_id]
    assert "eu data centre refused the client" in disabled.problem
    assert "toggle" in disabled.fix and "same OAuth credentials" in disabled.fix
    ordered = list(rows.values())
    assert [bool(r.problem) for r in ordered] == sorted(
        (bool(r.problem) for r in ordered), reverse=True
    )
    # The revoked token no longer counts; the verifications are remembered.
    assert not ledger.live_tokens(revoked.client_id, "us")
    again = await rows_of(client, sandbox, secrets, ledger, clock, verify=False)
    assert again[wrong_dc.subscription_id].problem == "the last verification failed"
    assert again[only_ipaas.subscription_id].verified == rows[only_ipaas.subscription_id].verified


async def test_a_data_centre_with_its_own_secret_is_explained(
    zoho_sandbox: SandboxServer, client: IpaasClient, ledger: TokenLedger, clock: FakeClock
) -> None:
    sandbox, secrets = zoho_sandbox, MemorySecrets()
    (subscription,) = add_zoho_subscriptions(sandbox, 1, pushed=False)
    eu = mint(sandbox, subscription.client_id, "eu", subscription_id=subscription.subscription_id)
    keep_here(
        secrets,
        eu,
        sandbox,
        expires_at=clock.now() - 1,
    )
    sandbox.world.dc_secrets["eu"] = "the-eu-secret"
    row = (await rows_of(client, sandbox, secrets, ledger, clock))[subscription.subscription_id]
    assert "refused the client" in row.problem
    assert "that data centre's own client secret" in row.fix


async def test_no_organization_id_says_where_and_lists_them_with_the_scope(
    zoho_sandbox: SandboxServer, client: IpaasClient, ledger: TokenLedger, clock: FakeClock
) -> None:
    sandbox, secrets = zoho_sandbox, MemorySecrets()
    plain, scoped = add_zoho_subscriptions(sandbox, 2, pushed=False)
    for minted in (plain, scoped):
        sandbox.ipaas.data.subscriptions[minted.subscription_id]["settings"]["Organization ID"] = ""
    keep_here(secrets, plain, sandbox)
    sites = mint(
        sandbox,
        scoped.client_id,
        scope="ZohoCommerce.sitesIndex.READ",
        subscription_id=scoped.subscription_id,
    )
    keep_here(
        secrets,
        sites,
        sandbox,
        scope="ZohoCommerce.sitesIndex.READ",
    )
    rows = await rows_of(client, sandbox, secrets, ledger, clock)
    first = rows[plain.subscription_id]
    assert first.problem == "no Organization ID"
    assert "zohofinance_orgid" in first.fix and "ZohoCommerce.sitesIndex.READ" in first.fix
    listed = rows[scoped.subscription_id]
    assert demo.ZOHO_ORGANIZATION_ID in listed.fix


async def test_two_hundred_subscriptions_stay_within_zohos_limits(
    zoho_sandbox: SandboxServer, client: IpaasClient, ledger: TokenLedger, clock: FakeClock
) -> None:
    sandbox, secrets = zoho_sandbox, MemorySecrets()
    fleet = add_zoho_subscriptions(sandbox, 200)
    for minted in fleet[:100]:  # half kept here too, their access tokens expired
        keep_here(secrets, minted, sandbox, expires_at=clock.now() - 1)
        expire(sandbox, minted, clock.now())
    progress: list[tuple[str, int, int]] = []
    target = Target(sandbox.url, None, dict(sandbox.world.dc_urls))
    rows = await overview(
        client,
        profile=PROFILE,
        secrets=secrets,
        target=target,
        verify=True,
        ledger=ledger,
        now=clock.now,
        progress=lambda *step: progress.append(step),
    )
    fleet_rows = [row for row in rows if row.client_id.startswith("1000.FLEET")]
    assert len(fleet_rows) == 200
    assert all(row.verified and row.verified.ok and not row.problem for row in fleet_rows)
    grants = [sandbox.world.refresh_tokens[m.refresh_token] for m in fleet]
    assert [len(g.issued) for g in grants] == [1] * 100 + [0] * 100  # refreshed once, if expired
    assert progress[-1] == ("verifying", 201, 201)  # the demo subscription is checked too
    # A second run soon after refreshes nothing: the new access tokens were kept here.
    await rows_of(client, sandbox, secrets, ledger, clock)
    assert [len(g.issued) for g in grants] == [1] * 100 + [0] * 100


async def test_one_refresh_per_token_and_a_budget_per_hour(
    zoho_sandbox: SandboxServer, client: IpaasClient, ledger: TokenLedger, clock: FakeClock
) -> None:
    sandbox, secrets = zoho_sandbox, MemorySecrets()
    first, second = add_zoho_subscriptions(sandbox, 2)
    shared = sandbox.ipaas.data.subscriptions[second.subscription_id]
    shared["settings"]["Client ID"] = first.client_id  # one token held by two subscriptions
    shared["settings"]["Client Secret"] = first.client_secret
    shared["persistent_data"] = [
        dict(d) for d in sandbox.ipaas.data.subscriptions[first.subscription_id]["persistent_data"]
    ]
    expire(sandbox, first, clock.now())
    expire(sandbox, replace(first, subscription_id=second.subscription_id), clock.now())
    rows = await rows_of(client, sandbox, secrets, ledger, clock)
    assert rows[first.subscription_id].verified.ok and rows[second.subscription_id].verified.ok  # type: ignore[union-attr]
    grant = sandbox.world.refresh_tokens[first.refresh_token]
    assert len(grant.issued) == 1
    for _ in range(REFRESH_BUDGET - 1):
        await rows_of(client, sandbox, secrets, ledger, clock)
    assert len(grant.issued) == REFRESH_BUDGET
    skipped = await rows_of(client, sandbox, secrets, ledger, clock)
    assert len(grant.issued) == REFRESH_BUDGET  # not a fourth within the hour
    assert "refreshed this token 3 times" in skipped[first.subscription_id].note
    clock.advance(3601)
    later = await rows_of(client, sandbox, secrets, ledger, clock)
    assert len(grant.issued) == 1  # a new one (Zoho's 10-minute window forgot the others)
    assert not later[first.subscription_id].note


def test_the_index_keeps_no_token(ledger: TokenLedger, clock: FakeClock) -> None:
    ledger.record_token("1000.secret-refresh", client_id="c", dc="us", subscription_id="1", at=1.0)
    ledger.record_verified("demo", {"1": LastVerified(2.0, True, "fine")})
    text = ledger.path.read_text()
    assert "1000.secret-refresh" not in text and fingerprint("1000.secret-refresh") in text
    assert ledger.last_verified("demo", "1") == LastVerified(2.0, True, "fine")
    ledger.path.write_text("{not json")
    assert ledger.tokens() == [] and ledger.last_verified("demo", "1") is None
