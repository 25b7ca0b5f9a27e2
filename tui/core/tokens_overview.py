"""Every subscription's Zoho tokens at a glance: the use case behind `ipaas-auth tokens --all`
and the tokens screen. It reads each subscription (settings and persistent data) and the tokens
kept here, in parallel with a bound; with `verify`, it checks each subscription's tokens with one
cheap Zoho Commerce call, refreshing first only when the access token has expired, at most once
per refresh token, and never past a small budget of this tool's own refreshes per hour (Zoho
keeps at most 10 active access tokens per refresh token: more would push out the integration's).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import httpx

from config.errors import ConfigError
from config.profile import Profile
from config.secrets import SecretStore
from config.tokens import ZohoTokens
from tui.clients import zoho
from tui.clients.errors import ApiError, ZohoError
from tui.clients.http import new_async_client
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.connection import Target
from tui.core.token_ledger import SEEN_HERE, SEEN_ON_IPAAS, LastVerified, Seen, TokenLedger
from tui.core.token_rows import (
    TokenRow,
    describe,
    ipaas_tokens,
    sort_rows,
    tokens_to_check,
    unreadable,
)
from tui.core.token_verdicts import Verdict, commerce_verdict, refresh_verdict
from tui.oauth.tokens import TokenNames, TokenStore

BOUND = 8  # subscriptions read, and checked, at once
REFRESH_BUDGET = 3  # refreshes of one token by verifications, per hour
BUDGET_WINDOW = 3600.0

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class _Run:
    """What one run shares: the collaborators and what it learnt on the way."""

    client: IpaasClient
    profile: Profile
    secrets: SecretStore
    target: Target
    ledger: TokenLedger
    now: Callable[[], float]
    names: TokenNames
    seen: list[Seen] = field(default_factory=list)
    refreshed: dict[str, asyncio.Task[ZohoTokens]] = field(default_factory=dict)
    dead: list[str] = field(default_factory=list)
    results: dict[str, LastVerified] = field(default_factory=dict)

    def store(self, subscription_id: str) -> TokenStore:
        return TokenStore(self.secrets, self.profile.name, subscription_id)


@dataclass
class _Read:
    subscription: Subscription
    local: ZohoTokens | None
    row: TokenRow
    standing: TokenRow  # the row's problem apart from the last verification's


async def overview(
    client: IpaasClient,
    *,
    profile: Profile,
    secrets: SecretStore,
    target: Target,
    verify: bool = False,
    ledger: TokenLedger | None = None,
    now: Callable[[], float] = time.time,
    progress: Progress | None = None,
    bound: int = BOUND,
) -> list[TokenRow]:
    """Every subscription's row, problems first."""
    names = TokenNames.of(profile)
    run = _Run(client, profile, secrets, target, ledger or TokenLedger(), now, names)
    report = progress or (lambda phase, done, total: None)
    summaries = await client.list_subscriptions()
    last = run.ledger.all_verified(profile.name)
    gate = asyncio.Semaphore(bound)
    done = 0

    async def read(subscription_id: str, name: str) -> _Read | TokenRow:
        nonlocal done
        async with gate:
            found: _Read | TokenRow
            try:
                found = await _read_one(run, subscription_id, last.get(subscription_id))
            except (ApiError, ConfigError) as exc:
                found = unreadable(name, subscription_id, str(exc))
        done += 1
        report("reading", done, len(summaries))
        return found

    read_all = await asyncio.gather(*(read(s.id, s.name) for s in summaries))
    with contextlib.suppress(ConfigError):  # the index only counts: the rows stand without it
        run.ledger.record_tokens(run.seen, now())
    if not verify:
        return sort_rows([r.row if isinstance(r, _Read) else r for r in read_all])
    checkable = [r for r in read_all if isinstance(r, _Read)]
    done = 0
    total = len(checkable)
    report("verifying", 0, total)

    async with new_async_client(verify=True) as http:

        async def check(found: _Read) -> TokenRow:
            nonlocal done
            async with gate:
                row = await _verify_one(run, http, found)
            done += 1
            report("verifying", done, total)
            return row

        checked = await asyncio.gather(*(check(r) for r in checkable))
    _remember(run)
    rows = [r for r in read_all if isinstance(r, TokenRow)]
    return sort_rows([*rows, *checked])


async def _read_one(run: _Run, subscription_id: str, last: LastVerified | None) -> _Read:
    subscription = await run.client.get_subscription(subscription_id)
    local_error = ""
    try:
        local = await run.store(subscription_id).load()
    except ConfigError as exc:
        local, local_error = None, str(exc)
    default_dc = run.profile.zoho_dc

    def row_with(last: LastVerified | None) -> TokenRow:
        return describe(
            subscription,
            local,
            run.names,
            default_dc=default_dc,
            accounts_url=run.target.accounts_url(default_dc),
            push_tokens=run.profile.push_tokens,
            last=last,
            now=run.now(),
            local_error=local_error,
        )

    row = row_with(last)
    client_id = subscription.client_id
    if local is not None and local.refresh_token:
        run.seen.append(Seen(local.refresh_token, client_id, row.dc, subscription_id, SEEN_HERE))
    held = ipaas_tokens(subscription, run.names)
    if held is not None and held.refresh_token:
        run.seen.append(Seen(held.refresh_token, client_id, row.dc, subscription_id, SEEN_ON_IPAAS))
    return _Read(subscription, local, row, row_with(None))


async def _verify_one(run: _Run, http: httpx.AsyncClient, found: _Read) -> TokenRow:
    row, subscription = found.row, found.subscription
    default_dc = run.profile.zoho_dc
    tokens = tokens_to_check(
        subscription, found.local, run.names, run.target.accounts_url(default_dc), default_dc
    )
    if (
        tokens is None
        or not subscription.client_id
        or (
            not tokens.refresh_token
            and (tokens.expires_at is not None and tokens.expires_at <= run.now())
        )
    ):
        return row  # nothing Zoho could say: the row already says what to do
    verdict = Verdict()
    if tokens.expires_at is not None and tokens.expires_at <= run.now():
        used = run.ledger.refreshes(tokens.refresh_token, run.now(), BUDGET_WINDOW)
        if used >= REFRESH_BUDGET and tokens.refresh_token not in run.refreshed:
            return replace(
                row,
                note=f"not checked: ipaas-auth refreshed this token {used} times in the last "
                "hour; Zoho keeps at most 10 active access tokens per refresh token, and more "
                "would push out the integration's own. Check again in an hour.",
            )
        try:
            tokens = await _refresh_once(run, http, tokens, subscription, found.local)
        except ApiError as exc:
            verdict = refresh_verdict(exc, tokens, subscription, found.local is None, default_dc)
            if isinstance(exc, ZohoError) and exc.code == "invalid_code":
                run.dead.append(tokens.refresh_token)
        row = replace(row, expires_at=tokens.expires_at)
    if verdict.ok is None:
        verdict = await commerce_verdict(run.target, http, tokens, subscription, default_dc)
    verified = LastVerified(run.now(), bool(verdict.ok), verdict.detail)
    run.results[subscription.id] = verified
    if verdict.ok:  # Zoho is content: what else the row says still holds
        standing = found.standing
        return replace(row, verified=verified, problem=standing.problem, fix=standing.fix)
    return replace(row, verified=verified, problem=verdict.problem, fix=verdict.fix)


async def _refresh_once(
    run: _Run,
    http: httpx.AsyncClient,
    tokens: ZohoTokens,
    subscription: Subscription,
    local: ZohoTokens | None,
) -> ZohoTokens:
    """A new access token, asked for once per refresh token in a run (two subscriptions that
    hold the same token share the answer); saved here when the tokens are kept here."""
    key = tokens.refresh_token
    if key not in run.refreshed:
        run.refreshed[key] = asyncio.ensure_future(
            zoho.refresh_access_token(
                http,
                tokens,
                client_id=subscription.client_id,
                client_secret=subscription.client_secret,
                now=run.now(),
            )
        )
    refreshed = await run.refreshed[key]
    if local is not None and local.refresh_token == key:
        refreshed = replace(
            local, access_token=refreshed.access_token, expires_at=refreshed.expires_at
        )
        with contextlib.suppress(ConfigError):  # the check goes on; the store keeps the old
            await run.store(subscription.id).save(refreshed)
    return refreshed


def _remember(run: _Run) -> None:
    """What the run learnt, in the index: each verification, refreshes, dead tokens. Best
    effort: an index that cannot be written must not cost the verifications just made."""
    now = run.now()
    spent = [key for key, task in run.refreshed.items() if task.done() and not task.exception()]
    failed = [key for key, task in run.refreshed.items() if task.done() and task.exception()]
    with contextlib.suppress(ConfigError):
        run.ledger.record_verified(run.profile.name, run.results)
        run.ledger.record_refreshes(spent + failed, now, BUDGET_WINDOW)
        if run.dead:
            run.ledger.mark_dead(run.dead, now, "Zoho refused it (invalid_code)")
