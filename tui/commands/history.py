"""`ipaas-auth history` and `ipaas-auth undo`: the change journal's two faces for scripts.

`history` reads the journal only (no log-in); `undo` plans against iPaaS.com now, prints the
diff, asks unless --yes, and writes through the same save path as every change (exit 4 when
iPaaS.com was changed since the change it undoes)."""

from __future__ import annotations

import argparse
from typing import Any

from tui.clients.ipaas import IpaasClient
from tui.commands import UsageError
from tui.commands.context import emit, note, run
from tui.commands.version import confirm
from tui.core.history import changed_fields
from tui.core.journal import Entry, Journal
from tui.core.session import Session
from tui.core.undo import apply_undo, choose_entry, plan_undo


def run_history(args: argparse.Namespace) -> int:
    limit = args.limit
    if limit is not None and limit < 1:
        raise UsageError("--limit must be 1 or more")
    entries = Journal().entries(getattr(args, "profile", None), limit)
    lines = [_line(e) for e in entries] or ["No change has been made to iPaaS.com from here."]
    emit(args, [e.to_json() for e in entries], lines)
    return 0


def _line(entry: Entry) -> str:
    when = entry.at.replace("T", " ")[:19]
    undo = f", undoes {entry.undo_of}" if entry.undo_of else ""
    detail = entry.outcome.get("detail")
    more = f" ({detail})" if isinstance(detail, str) and detail else ""
    return (
        f"{entry.id}  {when}  {entry.profile}  {entry.kind}  {_item(entry)}  "
        f"{', '.join(changed_fields(entry)) or 'nothing'}  -> {entry.status}{more}{undo}"
    )


def _item(entry: Entry) -> str:
    item = entry.item
    names = [str(item[k]) for k in ("integration", "version", "subscription") if k in item]
    return " · ".join(names) or "?"


def run_undo(args: argparse.Namespace) -> int:
    return run(args, lambda s, c: _undo(args, s, c))


async def _undo(args: argparse.Namespace, session: Session, client: IpaasClient) -> int:
    writer = session.writer(client)
    entry = choose_entry(writer.journal, args.id, session.profile.name)
    plan = await plan_undo(client, entry)
    result: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "diff": plan.diff,
        "left_alone": plan.left_alone,
        "dry_run": bool(args.dry_run),
        "written": False,
    }
    header = f"Undo {entry.id} ({entry.kind}, {_item(entry)})"
    for name in plan.left_alone:
        note(f"{name}: its value before the change is unknown (not sent by iPaaS.com); left alone.")
    if not plan.needed:
        emit(args, result, [f"{header}: nothing to write, iPaaS.com holds the before-state."])
        return 0
    if args.dry_run:
        emit(args, result, [f"{header}: would write (dry run, nothing written)", *plan.diff])
        return 0
    if not args.json:
        print(f"{header}: will write", *plan.diff, sep="\n", flush=True)
    if not args.yes and not confirm("Write this to iPaaS.com?"):
        note("Not written.")
        emit(args, result, [])
        return 1
    draft = await apply_undo(writer, plan)
    for line in draft.notes:
        note(line)
    result["written"] = True
    result["notes"] = draft.notes
    emit(args, result, ["Written to iPaaS.com; `ipaas-auth history` shows it."])
    return 0
