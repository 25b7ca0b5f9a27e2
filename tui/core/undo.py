"""Undo a journalled change: write its before-state back, with the same safety as any save.

The plan compares three readings of each part: before the change (the journal), what the change
sent (the journal), and what iPaaS.com holds now. A part is restored when it still holds what
was sent; one that holds something else was changed since, which is a conflict (nothing is
written); one whose before-state is unknown (not sent by iPaaS.com, or a masked secret) is left
alone and named. The write itself goes through save_draft: a diff, the conflict check, a journal
entry of its own (`undo_of`), the read-back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.clients.errors import ApiError, UnexpectedShapeError, VersionConflictError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import CustomField, read_custom_fields
from tui.clients.version_body import same_fields
from tui.core.changes import Writer
from tui.core.draft import VersionDraft
from tui.core.journal import Entry, Journal, is_masked
from tui.core.versions import save_draft

TEXT_PARTS = {
    "oauth_url_template": "template",
    "oauth_identifier_field": "identifier_field",
    "oauth_success_callback_field": "callback_field",
}


class NothingToUndoError(ApiError):
    """No journal entry to undo (none at all, none of this profile, or an unknown id)."""


@dataclass
class UndoPlan:
    entry: Entry
    draft: VersionDraft
    left_alone: list[str] = field(default_factory=list)  # parts whose before-state is unknown

    @property
    def diff(self) -> list[str]:
        return self.draft.diff()

    @property
    def needed(self) -> bool:
        return self.draft.dirty


def choose_entry(journal: Journal, identifier: str | None, profile: str) -> Entry:
    """The entry `identifier` names, or the latest of `profile` that wrote something."""
    if identifier:
        entry = journal.get(identifier)
        if entry is None:
            raise NothingToUndoError(
                f"No change {identifier!r} in the journal; list them with `ipaas-auth history`."
            )
        return entry
    for entry in journal.entries(profile):
        if entry.status not in ("failed", "reverted"):
            return entry
    raise NothingToUndoError(
        f"Profile {profile!r} has no change in the journal to undo (`ipaas-auth history`)."
    )


async def plan_undo(client: IpaasClient, entry: Entry) -> UndoPlan:
    """What undoing `entry` would write, checked against iPaaS.com now."""
    if entry.kind == "version":
        return await _plan_version(client, entry)
    if entry.kind == "authorization_type":
        return await _plan_type(client, entry)
    raise NothingToUndoError(
        f"Change {entry.id} wrote tokens ({entry.kind}); the journal keeps secrets masked, so "
        "they cannot be written back. Authenticate the subscription again, or revoke its tokens."
    )


async def apply_undo(writer: Writer, plan: UndoPlan) -> VersionDraft:
    """Write the plan through the one save path; its journal entry names the undone one."""
    return await save_draft(writer, plan.draft, undo_of=plan.entry.id)


def _item(entry: Entry, key: str) -> str:
    value = entry.item.get(key)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise NothingToUndoError(f"Change {entry.id} does not name its item ({key}).")
    return str(value)


async def _plan_version(client: IpaasClient, entry: Entry) -> UndoPlan:
    integration, current = await client.version(
        _item(entry, "integration_id"), _item(entry, "version_id")
    )
    before, sent = _document(entry.before), _document(entry.sent)
    draft = VersionDraft.of(integration, current)
    plan = UndoPlan(entry, draft)
    conflicts: list[str] = []
    for name, attribute in TEXT_PARTS.items():
        was, now = before.get(name), getattr(current, name)
        if not isinstance(was, str) or is_masked(was):
            if name in sent:
                plan.left_alone.append(name)
            continue
        if now == was:
            continue
        if now != sent.get(name):
            conflicts.append(f"{name}: the change set {sent.get(name)!r}, it is now {now!r}")
            continue
        setattr(draft, attribute, was)
    fields_before, fields_sent = _fields(before), _fields(sent)
    if fields_before is None:
        if fields_sent is not None:
            plan.left_alone.append("custom_fields")
    elif current.custom_fields is None or not same_fields(current.custom_fields, fields_before):
        if current.custom_fields is None or fields_sent is None:
            conflicts.append("custom_fields: not readable now")
        elif not same_fields(current.custom_fields, fields_sent):
            conflicts.append("custom_fields: changed since this change")
        else:
            draft.fields = list(fields_before)
    _raise_conflicts(entry, conflicts)
    return plan


async def _plan_type(client: IpaasClient, entry: Entry) -> UndoPlan:
    integration = await client.get_integration(_item(entry, "integration_id"))
    if not integration.versions:
        raise NothingToUndoError(f"{integration.name} has no version any more.")
    type_field = _item(entry, "field")
    before, sent = _document(entry.before), _document(entry.sent)
    draft = VersionDraft.of(integration, integration.versions[0])
    plan = UndoPlan(entry, draft)
    was, now = before.get(type_field), integration.authorization_type_id
    if not isinstance(was, int) or isinstance(was, bool):
        plan.left_alone.append(type_field)
    elif now != was:
        if now != sent.get(type_field):
            _raise_conflicts(
                entry, [f"{type_field}: the change set {sent.get(type_field)}, it is now {now}"]
            )
        draft.authorization_type_id = was
    return plan


def _raise_conflicts(entry: Entry, conflicts: list[str]) -> None:
    if conflicts:
        raise VersionConflictError(
            f"Change {entry.id} cannot be undone: iPaaS.com was changed since, and undoing "
            "would overwrite that; nothing was written. Look at the item and edit it by hand. "
            + "; ".join(conflicts),
            conflicts,
        )


def _document(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _fields(document: dict[str, Any]) -> tuple[CustomField, ...] | None:
    """A body's or a read's custom_fields, whatever the shape; None when absent or unreadable."""
    if "custom_fields" not in document:
        return None
    try:
        fields, _ = read_custom_fields(document["custom_fields"])
    except UnexpectedShapeError:
        return None
    if any(is_masked(f.value) for f in fields):
        return None
    return fields
