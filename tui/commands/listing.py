"""`ipaas-auth status`, `integrations [--filter TEXT]` and `subscriptions [--filter TEXT]`."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Sized
from typing import Any

from config.errors import ConfigError
from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.commands import LOGIN_NEEDED
from tui.commands.context import emit, note, open_session, run, say_own_sandbox
from tui.commands.printable import printable
from tui.commands.tokens import tokens_json
from tui.core import list_cache
from tui.core.authenticate import token_store
from tui.core.errors import CompanyNeededError, LoginNeededError
from tui.core.lookup import filtered
from tui.core.session import Session, connect, resolve_company


def run_integrations(args: argparse.Namespace) -> int:
    async def work(session: Session, client: IpaasClient) -> int:
        every = await client.list_integrations()
        remember(session, client, "integrations", [(r.id, r.name) for r in every])
        rows = filtered(every, args.filter)
        emit(
            args,
            [{"id": r.id, "name": r.name, "description": r.description} for r in rows],
            [f"{r.id}  {r.name}" for r in rows],
        )
        _say_when_empty(args, rows, "integrations")
        return 0

    return run(args, work)


def run_subscriptions(args: argparse.Namespace) -> int:
    async def work(session: Session, client: IpaasClient) -> int:
        every = await client.list_subscriptions()
        remember(session, client, "subscriptions", [(r.id, r.name) for r in every])
        rows = filtered(every, args.filter)
        emit(
            args,
            [{"id": r.id, "name": r.name, "integration_id": r.integration_id} for r in rows],
            [f"{r.id}  {r.name}" for r in rows],
        )
        _say_when_empty(args, rows, "subscriptions")
        return 0

    return run(args, work)


def remember(session: Session, client: IpaasClient, kind: str, rows: list[list_cache.Row]) -> None:
    """Keep the whole list in the cache, as the console keeps its integrations: shell
    completion offers these names without asking iPaaS.com (best-effort, never an error)."""
    profile = session.profile
    identity = list_cache.identity_of(
        profile.name, profile.environment, profile.api_url, profile.company_id
    )
    company = (client.session.company_id if client.session else None) or ""
    list_cache.save(identity, company, rows, len(rows), kind)


def _say_when_empty(args: argparse.Namespace, rows: Sized, noun: str) -> None:
    """Nothing listed says why, on stderr (stdout stays the result: no lines, or [] in JSON)."""
    if rows:
        return
    if args.filter:
        note(f"No {noun} match {printable(args.filter)!r}.")
    else:
        note(f"No {noun} in this company.")


def run_status(args: argparse.Namespace) -> int:
    return asyncio.run(_status(args))


async def _status(args: argparse.Namespace) -> int:
    """Everything about this profile that can be known; not logged in, or no company chosen,
    is a state, not a crash (exit 3 says so to a script)."""
    session = open_session(args)
    profile = session.profile
    data: dict[str, Any] = {
        "profile": profile.name,
        "environment": profile.environment,
        "api_url": profile.resolved_api_url,
        "secret_store": session.secret_store_name,
        "logged_in": False,
        "company": None,
        "subscriptions": [],
    }
    code = 0
    try:
        client = await connect(session)
        data["logged_in"] = True
        data["kept_session"] = session.resumed
        # Independent: the company's name (when the profile names it by id alone) and the
        # subscriptions, asked together.
        naming = asyncio.ensure_future(resolve_company(session, client))
        try:
            rows = await client.list_subscriptions()
            company = await naming
        finally:
            naming.cancel()  # the list failed: its partner is not waited for
        data["company"] = company.name if company else profile.company_id
        now = time.time()
        for row in rows:  # one at a time: some keyrings do not take calls at once
            tokens = await token_store(session, row.id).load()
            if tokens is not None:
                data["subscriptions"].append(
                    {"id": row.id, "name": row.name, "tokens": tokens_json(tokens, now)}
                )
    except CompanyNeededError as exc:  # the log-in worked; a person has to choose (exit 3)
        data["logged_in"] = True
        data["problem"], code = str(exc), LOGIN_NEEDED
        data["companies"] = [{"id": c.id, "name": c.name} for c in exc.companies]
    except LoginNeededError as exc:
        data["problem"], code = str(exc), LOGIN_NEEDED
    except (ApiError, ConfigError) as exc:
        data["problem"], code = str(exc), 1
    finally:
        say_own_sandbox(session)
        if session.target is not None:
            data["api_url"] = session.target.api_url  # the URL really used
        api = session.api_description
        await session.close()
    emit(args, data, _status_lines(data, api))
    return code


def _status_lines(data: dict[str, Any], api: str) -> list[str]:
    lines = [
        f"Profile       {printable(data['profile'])} ({data['environment']})",
        f"API           {printable(api)}",
        f"Secret store  {data['secret_store']}",
        f"Logged in     {'yes' if data['logged_in'] else 'no'}",
    ]
    if data["company"]:
        lines.append(f"Company       {printable(data['company'])}")
    if data.get("companies"):
        lines.append(
            f"Company       none chosen: this log-in belongs to {len(data['companies'])} "
            f"companies; choose one with `ipaas-auth profiles set {printable(data['profile'])} "
            "company_id=ID`:"
        )
        lines += [f"  {printable(c['id'])}  {printable(c['name'])}" for c in data["companies"]]
        return lines
    if data.get("problem"):
        lines.append(f"Problem       {printable(data['problem'])}")
    if data["logged_in"]:
        lines.append("Tokens on this machine" if data["subscriptions"] else "Tokens: none here")
    for sub in data["subscriptions"]:
        tokens = sub["tokens"]
        left = tokens["expires_in"]
        lines.append(
            f"  {sub['name']}  access token "
            + (f"expires in {left} s" if left else "expired")
            + ("" if tokens["refresh_token"] else " (no refresh token)")
        )
    return lines
