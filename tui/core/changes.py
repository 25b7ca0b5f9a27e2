"""Every write to iPaaS.com's integrations, made so that it cannot silently destroy anything.

One path for the console, `version apply`, `undo` and `doctor --check-writes`:
1. read the item again and refuse if it changed since it was opened (a conflict);
2. build the body from what was read and what was edited (version_body.py) and refuse, before
   sending, a write that would leave out a field the write may empty;
3. journal the change (before-state, body) before it is sent;
4. send it, read the item back, and compare: a field that was not edited but now differs is
   reported and the before-state is written back at once, with the outcome journalled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from config.zoho import AUTHORIZATION_TYPES
from tui.clients.errors import ApiError, NotJournalledError, VersionConflictError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, Version, VersionEdit
from tui.clients.version_body import (
    Change,
    integration_body,
    missing_write_fields,
    unexpected_changes,
    version_body,
)
from tui.clients.version_changes import already_saved, version_conflict
from tui.core.journal import Entry, Journal, JournalError, Where


class UnsafeWriteError(ApiError):
    """A write refused before anything was sent: it would leave out fields iPaaS.com did not
    send, which a write that replaces the whole item would empty."""

    def __init__(self, message: str, fields: list[str]) -> None:
        super().__init__(message)
        self.fields = fields


class WriteRevertedError(ApiError):
    """iPaaS.com changed fields a write did not touch; the before-state was written back (or
    could not be: the message says which)."""

    def __init__(self, message: str, changes: list[Change], entry: Entry) -> None:
        super().__init__(message)
        self.changes = changes
        self.entry = entry


@dataclass(frozen=True)
class Writer:
    """What a write needs besides its item: the client, the journal, and where it happens."""

    client: IpaasClient
    journal: Journal
    where: Where


@dataclass
class Saved:
    """A write's outcome: the item as read back, whether anything was written, and notes for
    the person (a field iPaaS.com keeps otherwise than sent, an unconfirmed type)."""

    written: bool
    version: Version | None = None
    integration: Integration | None = None
    entry: Entry | None = None
    notes: list[str] = field(default_factory=list)


PORTAL_STEP = (
    "Set it in the portal: Integration Management > Integrations > {name} > Edit > "
    "Authorization Type: {label} > Apply."
)


def unconfirmed_type_note(integration: Integration, type_id: int) -> str:
    """Why the authorization type was not written, and the one click that sets it."""
    label = AUTHORIZATION_TYPES.get(type_id, str(type_id))
    return (
        f"The authorization type of {integration.name} could not be confirmed: the integration "
        "was read from /subscriptions, which does not carry it, and a write built from that "
        "read could null what it lacks, so nothing was sent. "
        + PORTAL_STEP.format(name=integration.name, label=label)
    )


async def save_version(
    writer: Writer,
    loaded: Version,
    integration_id: str,
    edit: VersionEdit,
    *,
    even_if_unchanged: bool = False,
    undo_of: str | None = None,
) -> Saved:
    """Write `edit` to the version `loaded` was read as (steps 1-4 above)."""
    client = writer.client
    integration, remote = await client.version(integration_id, loaded.id)
    differences = version_conflict(loaded, remote, edit)
    if differences:
        raise VersionConflictError(
            "The version was changed on iPaaS.com since you opened it; nothing was saved. "
            "Reload it and apply your change again.",
            differences,
        )
    if already_saved(remote, edit) and not even_if_unchanged:
        return Saved(False, version=remote, integration=integration)
    body = version_body(integration, remote, edit, client.fields_shape)
    missing = missing_write_fields(remote, edit, body)
    if missing:
        raise UnsafeWriteError(_unsafe_message(integration, missing), missing)
    item = _version_item(integration, remote)
    entry = _begin(writer, "version", item, remote.raw, body, undo_of)
    try:
        await client.write_version(integration.id, remote.id, body)
        _, after = await client.version(integration.id, remote.id)
    except ApiError as exc:
        writer.journal.finish(entry, "failed", str(exc))
        raise
    changes = unexpected_changes(remote.raw, body, after.raw)
    destroyed = [c for c in changes if not c.edited]
    if destroyed:
        await _revert_version(writer, entry, integration, remote, destroyed)
    notes = [f"iPaaS.com keeps {c}" for c in changes if c.edited]
    entry = writer.journal.finish(entry, "ok", "; ".join(notes))
    return Saved(True, version=after, integration=integration, entry=entry, notes=notes)


async def _revert_version(
    writer: Writer, entry: Entry, integration: Integration, before: Version, destroyed: list[Change]
) -> None:
    client = writer.client
    body = version_body(integration, before, before.edit, client.fields_shape)

    async def write_back() -> list[Change]:
        await client.write_version(integration.id, before.id, body)
        _, again = await client.version(integration.id, before.id)
        return unexpected_changes(before.raw, body, again.raw)

    await _revert(writer, entry, destroyed, write_back, "the version")


async def _revert(
    writer: Writer,
    entry: Entry,
    destroyed: list[Change],
    write_back: Callable[[], Awaitable[list[Change]]],
    what_item: str,
) -> None:
    """Write the before-state back after a write changed what it should not have (write_back
    writes it, reads the item again and returns what still differs); always raises
    WriteRevertedError saying what happened and how the revert ended."""
    what = "; ".join(str(c) for c in destroyed)
    try:
        left = await write_back()
    except ApiError as exc:
        status, ending = "revert failed", f"writing it back failed ({exc})"
    else:
        status = "revert incomplete" if left else "reverted"
        ending = (
            "written back, but still differs: " + "; ".join(str(c) for c in left)
            if left
            else "it was written back as it was before (read back: same)"
        )
    finished = writer.journal.finish(
        entry, status, f"{what}; {ending}", changes=[str(c) for c in destroyed]
    )
    raise WriteRevertedError(
        f"iPaaS.com changed fields of {what_item} this save did not touch: {what}. Your change "
        f"is not kept: {ending}. `ipaas-auth history` shows entry {entry.id}. Please report "
        f"this: the write of {what_item} does not keep what it is sent.",
        destroyed,
        finished,
    )


def _begin(
    writer: Writer, kind: str, item: dict[str, Any], before: Any, sent: Any, undo_of: str | None
) -> Entry:
    """Journal a change before it is sent; if that fails, nothing is sent."""
    try:
        return writer.journal.begin(writer.where, kind, item, before, sent, undo_of)
    except JournalError as exc:
        raise NotJournalledError(str(exc)) from exc


def _version_item(integration: Integration, version: Version) -> dict[str, Any]:
    return {
        "integration_id": integration.id,
        "integration": integration.name,
        "version_id": version.id,
        "version": version.name,
        "read_from": integration.source,
    }


def _unsafe_message(integration: Integration, missing: list[str]) -> str:
    source = (
        "the /subscriptions read (the integrators read's route is missing)"
        if integration.source == "subscriptions"
        else "the integrators read"
    )
    return (
        f"Not saved: iPaaS.com's {source} did not send {', '.join(missing)}, and the version "
        "write may replace the whole version, emptying what it is not sent. Nothing was sent. "
        "If iPaaS.com reads versions for editing at another path, set it in profiles.toml "
        '([profiles.NAME.endpoints] integration_edit = "GET /…/{integration_id}"); or set '
        "each of these fields in this change."
    )


async def save_authorization_type(
    writer: Writer,
    loaded: Integration,
    type_id: int,
    *,
    even_if_unchanged: bool = False,
    undo_of: str | None = None,
) -> Saved:
    """Write the integration's authorization type, only from a read of the same API family
    (the integrators read); otherwise nothing is sent and the note says how to set it."""
    client = writer.client
    current = await client.get_integration(loaded.id)
    if not current.oauth_fields_known:
        return Saved(False, integration=current, notes=[unconfirmed_type_note(current, type_id)])
    if current.authorization_type_id == type_id and not even_if_unchanged:
        return Saved(False, integration=current)
    if current.authorization_type_id != loaded.authorization_type_id:
        raise VersionConflictError(
            "The authorization type was changed on iPaaS.com since you opened it; nothing was "
            "saved. Reload and apply your change again.",
            [
                f"authorization type: you opened {loaded.authorization_type_id}, it is now "
                f"{current.authorization_type_id}"
            ],
        )
    body = integration_body(current, client.type_field, type_id)
    before = {k: v for k, v in current.raw.items() if k != "versions"}
    item = {"integration_id": current.id, "integration": current.name, "field": client.type_field}
    entry = _begin(writer, "authorization_type", item, before, body, undo_of)
    try:
        await client.write_integration(current.id, body)
        after = await client.get_integration(current.id)
    except ApiError as exc:
        writer.journal.finish(entry, "failed", str(exc))
        raise
    changes = unexpected_changes(current.raw, body, after.raw)
    destroyed = [c for c in changes if not c.edited]
    if destroyed:
        await _revert_integration(writer, entry, current, destroyed)
    notes = [f"iPaaS.com keeps {c}" for c in changes if c.edited]
    entry = writer.journal.finish(entry, "ok", "; ".join(notes))
    return Saved(True, integration=after, entry=entry, notes=notes)


async def _revert_integration(
    writer: Writer, entry: Entry, before: Integration, destroyed: list[Change]
) -> None:
    client = writer.client
    body = {k: v for k, v in before.raw.items() if k != "versions"}

    async def write_back() -> list[Change]:
        await client.write_integration(before.id, body)
        again = await client.get_integration(before.id)
        return unexpected_changes(before.raw, body, again.raw)

    await _revert(writer, entry, destroyed, write_back, before.name)
