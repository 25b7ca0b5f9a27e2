"""`ipaas-auth version show|apply|export INTEGRATION`: the version editor's use cases from a
script. `apply` prints the console's diff, asks unless --yes, and exits 4 when the version
changed on iPaaS.com since it was read."""

from __future__ import annotations

import argparse
import sys

from config.bounded import read_line, standard_input
from config.lint import has_errors
from tui.clients.ipaas import IpaasClient
from tui.clients.version_changes import NOT_SENT
from tui.commands import CommandError
from tui.commands.context import emit, note, run
from tui.core.draft import VersionDraft, type_text
from tui.core.lookup import find_integration
from tui.core.session import Session
from tui.core.setup import VersionSetup
from tui.core.versions import (
    findings,
    findings_json,
    pick_version,
    preset_for,
    read_from_text,
    save_draft,
    show_version,
)

MAX_ANSWER = 1024  # a y/N answer; a longer line is not one


def run_version(args: argparse.Namespace) -> int:
    action: str = args.action
    if action == "show":
        return run(args, lambda s, c: _show(args, s, c))
    if action == "export":
        return run(args, lambda s, c: _export(args, s, c))
    # Read before connecting: a wrong file is reported at once, with nothing started.
    setup = VersionSetup.read(args.source) if args.source else None
    return run(args, lambda s, c: _apply(args, s, c, setup))


async def _show(args: argparse.Namespace, session: Session, client: IpaasClient) -> int:
    integration = await find_integration(client, args.integration)
    version = pick_version(integration, args.version)
    view = show_version(integration, version, session.target)
    fields = version.custom_fields
    lines = [
        f"Integration         {integration.name} ({integration.id})",
        f"Version             {version.name} ({version.id})",
        f"Read from           {read_from_text(integration)}",
        f"Authorization type  {type_text(integration.authorization_type_id)}",
        f"Identifier field    {_text(view.identifier_field, '(none)')}",
        f"Callback field      {_text(view.callback_field, '(none)')}",
        "OAuth URL template",
        f"  {_text(version.oauth_url_template, '(empty)')}",
        "Findings" if view.findings else "Findings: none",
        *(f"  {f}" + (f" (safe fix: {f.fix.description})" if f.fix else "") for f in view.findings),
        f"Custom fields: {NOT_SENT}"
        if fields is None
        else "Custom fields"
        if fields
        else "Custom fields: none",
        *(
            f"  {f.key} = {f.value!r}" + ("  (available in API)" if f.available_in_api else "")
            for f in fields or ()
        ),
    ]
    emit(args, view.to_json(), lines)
    return 0


async def _export(args: argparse.Namespace, session: Session, client: IpaasClient) -> int:
    integration = await find_integration(client, args.integration)
    version = pick_version(integration, args.version)
    text = VersionSetup.of(integration, version, session.portal_url).to_toml()
    if args.json:  # the same setup, as data: what `version apply --from` would read
        import tomllib

        emit(args, tomllib.loads(text), [])
        return 0
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0


async def _apply(
    args: argparse.Namespace, session: Session, client: IpaasClient, setup: VersionSetup | None
) -> int:
    integration = await find_integration(client, args.integration)
    draft = VersionDraft.of(integration, pick_version(integration, args.version))
    if setup is not None:
        setup.apply_to(draft, session.portal_url)
    else:
        draft.apply_preset(preset_for(session.portal_url, args.preset))
    diff = draft.diff()
    found = findings(draft.template, draft.field_keys, session.target)
    result = {
        "integration": {"id": integration.id, "name": integration.name},
        "version": {"id": draft.version.id, "name": draft.version.name},
        "read_from": integration.source,
        "changed": draft.dirty,
        "diff": diff,
        "findings": findings_json(found),
        "dry_run": bool(args.dry_run),
        "saved": False,
        "already_saved": False,
    }
    header = f"{integration.name} · {draft.version.name}"
    if not draft.dirty:
        emit(args, result, [f"{header}: nothing to change."])
        return 0
    if args.dry_run:
        emit(args, result, [f"{header}: would change (dry run, nothing saved)", *diff])
        return 0
    if not args.json:
        print(f"{header}: will change", *diff, sep="\n", flush=True)
    for finding in found:
        note(f"linter {finding}")
    question = (
        "The linter reports errors. Save anyway?" if has_errors(found) else "Save to iPaaS.com?"
    )
    if not args.yes and not confirm(question):
        note("Not saved.")
        emit(args, result, [])
        return 1
    await save_draft(session.writer(client), draft)
    for line in draft.notes:
        note(line)
    result["saved"] = True
    result["already_saved"] = draft.already_saved
    result["notes"] = draft.notes
    done = (
        "Already saved: iPaaS.com holds this change already (made elsewhere); nothing written."
        if draft.already_saved
        else "Saved to iPaaS.com."
    )
    emit(args, result, [done])
    return 0


def _text(value: str | None, empty: str) -> str:
    return NOT_SENT if value is None else value or empty


def confirm(question: str) -> bool:
    """Ask on stderr, read the answer from stdin (a script may pipe it); a line longer than
    MAX_ANSWER is read no further, and is no "yes"."""
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    answer, whole = read_line(standard_input(), MAX_ANSWER)
    if not answer:
        raise CommandError("no answer on standard input; pass --yes to save without asking")
    return whole and answer.strip().lower() in (b"y", b"yes")
