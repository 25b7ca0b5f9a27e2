"""`ipaas-auth tokens [refresh|verify|revoke] SUBSCRIPTION`, `ipaas-auth tokens --all [--verify]`
(every subscription's tokens, problems first: tui/core/tokens_overview.py) and `ipaas-auth token
SUBSCRIPTION` (only the access token, refreshed first when it is expired or about to be, like
`gh auth token`; from this machine alone when it can). Tokens are shown masked, except by
`token`, whose whole point is the token."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from config.tokens import ZohoTokens, mask
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.commands import FAILURE, OK, CommandError, UsageError
from tui.commands.context import emit, note, open_session, run, say_own_sandbox
from tui.core import tokens as use
from tui.core.authenticate import token_store
from tui.core.lookup import find_subscription
from tui.core.session import Session, connect
from tui.core.token_answer import SOURCES, access_token
from tui.core.token_ledger import TokenLedger
from tui.core.token_rows import TokenRow
from tui.core.token_rules import revoke_warning
from tui.core.tokens_overview import overview
from tui.oauth.tokens import TokenNames

ACTIONS = ("refresh", "verify", "revoke")


def tokens_json(tokens: ZohoTokens | None, now: float) -> dict[str, Any]:
    if tokens is None:
        return {"stored": False}
    return {
        "stored": True,
        "access_token": mask(tokens.access_token),
        "refresh_token": mask(tokens.refresh_token),
        "expires_at": tokens.expires_at,
        "expires_in": _seconds_left(tokens, now),
        "accounts_server": tokens.accounts_server,
        "location": tokens.location,
        "api_domain": tokens.api_domain,
    }


def _seconds_left(tokens: ZohoTokens, now: float) -> int | None:
    left = tokens.remaining(now)
    return None if left is None else int(left)


def tokens_lines(tokens: ZohoTokens | None, now: float, missing: str = "") -> list[str]:
    """The tokens, masked; `missing` says what to do when there are none."""
    if tokens is None:
        return [missing or "No tokens on this machine; run `ipaas-auth authenticate SUBSCRIPTION`."]
    left = _seconds_left(tokens, now)
    expiry = "expiry unknown" if left is None else f"expires in {left} s" if left else "expired"
    return [
        f"Access token   {mask(tokens.access_token)}  {expiry}",
        f"Refresh token  {mask(tokens.refresh_token) or '(none)'}",
        f"Data centre    {tokens.location or '?'} · {tokens.accounts_server}",
        f"API domain     {tokens.api_domain or '?'}",
    ]


def run_tokens(args: argparse.Namespace) -> int:
    words: list[str] = args.words
    if args.all:
        if words:
            raise UsageError("usage: ipaas-auth tokens --all [--verify] (no SUBSCRIPTION)")
        return run(args, lambda s, c: _all(args, s, c))
    if args.verify:
        raise UsageError(
            "--verify goes with --all; for one subscription: ipaas-auth tokens verify SUBSCRIPTION"
        )
    if len(words) == 2 and words[0] in ACTIONS:
        action, query = words
    elif len(words) == 1:
        action, query = "show", words[0]
    else:
        raise UsageError("usage: ipaas-auth tokens [refresh|verify|revoke] SUBSCRIPTION")
    return run(args, lambda s, c: _tokens(args, action, query, s, c))


def _subscription_json(subscription: Subscription) -> dict[str, str]:
    return {"id": subscription.id, "name": subscription.name}


async def _tokens(
    args: argparse.Namespace, action: str, query: str, session: Session, client: IpaasClient
) -> int:
    subscription = await find_subscription(client, query)
    store = token_store(session, subscription.id)
    push = session.profile.push_tokens
    result: dict[str, Any] = {"subscription": _subscription_json(subscription), "action": action}
    if action == "show":
        tokens = await store.load()
        result["tokens"] = tokens_json(tokens, time.time())
        missing = use.no_tokens_here(subscription, store.secrets)
        lines = tokens_lines(tokens, time.time(), missing)
        emit(args, result, [f"{subscription.name}", *lines])
        return 0
    tokens = await use.require_tokens(store, subscription)
    if action == "refresh":
        refreshed = await use.refresh(
            tokens, subscription, store, client, push, TokenNames.of(session.profile)
        )
        result["tokens"] = tokens_json(refreshed.tokens, time.time())
        result["push_error"] = refreshed.push_error
        lines = ["New access token stored.", *tokens_lines(refreshed.tokens, time.time())]
        if refreshed.push_error:
            lines.append(f"Not on iPaaS.com: {refreshed.push_error}")
        emit(args, result, lines)
        return 0
    if action == "verify":
        assert session.target is not None
        answer = await use.verify(tokens, subscription, session.target)
        result["answer"] = answer
        emit(args, result, [answer])
        return 0
    names = TokenNames.of(session.profile)
    danger = revoke_warning(tokens, subscription, names)
    if danger and not args.yes:
        raise CommandError(f"{danger} Nothing was revoked; add --yes to revoke it anyway.")
    warning = await use.revoke(tokens, subscription, store, client, push, names, TokenLedger())
    result["push_error"] = warning
    emit(
        args, result, ["Revoked at Zoho and forgotten here" + (f"; {warning}" if warning else ".")]
    )
    return 0


def run_token(args: argparse.Namespace) -> int:
    return asyncio.run(_token(args))


async def _token(args: argparse.Namespace) -> int:
    """The access token alone on stdout. Where it came from is in --json (`source`), and on
    stderr when that is a terminal (a person, not a script reading the token)."""
    session = open_session(args)
    try:
        try:
            answer = await access_token(session, args.subscription, lambda: connect(session))
        finally:
            say_own_sandbox(session)
    finally:
        await session.close()
    fresh = answer.fresh
    if fresh.push_error:
        note(f"ipaas-auth: not on iPaaS.com: {fresh.push_error}")
    token = fresh.tokens.access_token
    data = {
        "access_token": token,
        "expires_at": fresh.tokens.expires_at,
        "source": answer.source,
    }
    emit(args, data, [token])
    if not getattr(args, "json", False) and sys.stderr.isatty():
        note(f"ipaas-auth: from {SOURCES[answer.source]}.")
    return 0


async def _all(args: argparse.Namespace, session: Session, client: IpaasClient) -> int:
    rows = await overview(
        client,
        profile=session.profile,
        secrets=session.secrets,
        target=session.connect_target(),
        verify=args.verify,
    )
    emit(args, [row.to_json() for row in rows], overview_lines(rows, time.time()))
    return FAILURE if any(row.problem for row in rows) else OK


def _expiry(row: TokenRow, now: float) -> str:
    left = row.seconds_left(now)
    if left is None:
        return "expiry unknown"
    return f"expires in {left // 60} min" if left else "expired"


def _verified(row: TokenRow) -> str:
    if row.verified is None:
        return "never verified"
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(row.verified.at))
    return f"verified {when}: {'ok' if row.verified.ok else 'FAILED'}"


def overview_lines(rows: list[TokenRow], now: float) -> list[str]:
    """The rows for people: problems first, each with what to do."""
    problems = sum(1 for row in rows if row.problem)
    lines = [f"{len(rows)} subscriptions, {problems} with a problem."]
    for row in rows:
        facts = (
            [
                f"tokens {row.where}",
                _expiry(row, now),
                "refresh token" if row.has_refresh_token else "no refresh token",
                f"dc {row.dc or '?'}",
            ]
            if row.where != "none"
            else ["no tokens"]
        )
        facts += [f"client {row.client_id or '-'}", _verified(row)]
        lines.append(f"{'!' if row.problem else ' '} {row.subscription} ({row.id}): ")
        lines[-1] += " · ".join(facts)
        if row.problem:
            lines += [f"    problem: {row.problem}", f"    fix: {row.fix}"]
        if row.note:
            lines.append(f"    note: {row.note}")
    return lines
