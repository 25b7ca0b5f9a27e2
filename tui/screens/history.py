"""The changes this profile made to one version and to its integration's authorization type, from
the change journal, newest first; u undoes the highlighted one after showing what it writes."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.clients.errors import ApiError, VersionConflictError
from tui.clients.models import Integration, Version
from tui.core.history import changed_fields, version_history
from tui.core.journal import Entry, Journal
from tui.core.undo import UndoPlan, apply_undo, plan_undo
from tui.screens.inner import InnerScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.title_bar import TitleBar
from tui.widgets.virtual_table import Column, VirtualTable

COLUMNS = (Column("When (UTC)", 19), Column("Kind", 9), Column("Changed"), Column("Outcome", 21))
KINDS = {"version": "version", "authorization_type": "auth type"}
CONFLICT = "Changed on iPaaS.com since; nothing written (details below)."
LEFT_ALONE = "Left alone, its value before the change is unknown (not sent by iPaaS.com): {}"


class EntryTable(VirtualTable):
    """The journal's entries: nothing to open, so Enter is not offered."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "select"


class HistoryScreen(InnerScreen):
    """Dismissed with True when an undo was written (the version editor reloads then)."""

    BINDINGS = [
        Binding(
            "u",
            "undo",
            "Undo",
            id="history.undo",
            tooltip="Write the highlighted change's before-state back to iPaaS.com, after "
            "showing what will change (nothing is written if iPaaS.com changed since)",
        ),
        Binding("r", "refresh", "Reload", id="history.refresh", tooltip="Read the journal again"),
    ]

    def __init__(self, integration: Integration, version: Version) -> None:
        super().__init__()
        self.integration_id = integration.id
        self.version_id = version.id
        self.heading = f"History · {integration.name} · {version.name}"
        self.entries: dict[str, Entry] = {}
        self.written = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(plain(self.heading), classes="title")
        yield EntryTable(COLUMNS, id="history")
        yield Static("", id="entry", classes="hint")
        yield Static("", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(EntryTable).focus()
        self.load()

    @work(exclusive=True, group="history", exit_on_error=False)
    async def load(self, status: str = "", error: bool = False) -> None:
        """Read the journal again; then show `status` (by default, how many changes)."""
        session = self.console.connection.session
        profile = session.profile.name if session else ""
        entries = await asyncio.to_thread(
            version_history, Journal(), profile, self.integration_id, self.version_id
        )
        self.entries = {e.id: e for e in entries}
        table = self.query_one(EntryTable)
        table.set_rows([e.id for e in entries], [self._row(e) for e in entries])
        if not entries:
            self.query_one("#entry", Static).update(
                plain(f"No change to this version has been made from profile {profile}.")
            )
        elif not status:
            status = f"{len(entries)} change(s) · u writes the highlighted one's before-state back"
        self.set_status(status, error=error)

    def _row(self, entry: Entry) -> tuple[str, str, str, str]:
        outcome = entry.status
        if entry.undo_of:  # the time is enough beside the list; the details name the change
            undone = self.entries.get(entry.undo_of)
            outcome += f", undoes {_when(undone)[11:] if undone else entry.undo_of}"
        return (
            _when(entry),
            KINDS.get(entry.kind, entry.kind),
            ", ".join(changed_fields(entry)) or "nothing",
            outcome,
        )

    @on(VirtualTable.Highlighted)
    def highlighted(self, event: VirtualTable.Highlighted) -> None:
        entry = self.entries.get(event.key or "")
        if entry is not None:
            self.query_one("#entry", Static).update(plain(_details(entry)))

    def action_refresh(self) -> None:
        self.load()

    # --- undo ------------------------------------------------------------------------------

    def action_undo(self) -> None:
        entry = self.entries.get(self.query_one(EntryTable).highlighted_key or "")
        if entry is not None:
            self.plan(entry)

    @work(exclusive=True, group="history-undo", exit_on_error=False)
    async def plan(self, entry: Entry) -> None:
        self.set_status("Reading the item on iPaaS.com to plan the undo…")
        try:
            plan = await plan_undo(await self.console.connection.client(), entry)
        except VersionConflictError as exc:
            self.conflict(exc, "Not undone", CONFLICT)
            return
        except ApiError as exc:  # NothingToUndoError among them: its message says why
            self.set_status(str(exc), error=True)
            self.notify(str(exc), title="Not undone", severity="error", timeout=10)
            return
        left_alone = [LEFT_ALONE.format(name) for name in plan.left_alone]
        if not plan.needed:
            self.set_status(
                "\n".join(["Nothing to write: iPaaS.com holds the before-state.", *left_alone])
            )
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply(plan)
            else:
                self.set_status("Not written.")

        self.app.push_screen(
            ConfirmScreen(
                "Write this back to iPaaS.com?", [*plan.diff, *left_alone], yes="Write back"
            ),
            callback=answered,
        )

    @work(exclusive=True, group="history-undo", exit_on_error=False)
    async def apply(self, plan: UndoPlan) -> None:
        self.set_status("Writing the before-state back to iPaaS.com…")
        try:
            draft = await apply_undo(await self.console.connection.writer(), plan)
        except VersionConflictError as exc:
            self.conflict(exc, "Not undone", CONFLICT)
            return
        except ApiError as exc:  # a write reverted at once shows in the list: reload it
            self.notify(str(exc), title="Not undone", severity="error", timeout=15)
            self.load(str(exc), error=True)
            return
        self.written = True
        if draft.notes:
            self.load("Written back, with notes:\n" + "\n".join(draft.notes))
            self.notify("Written back, with notes (below).", severity="warning", timeout=8)
        elif draft.already_saved:
            self.load("Nothing written: iPaaS.com holds the before-state already.")
        else:
            self.load(f"Change {plan.entry.id} undone: its before-state is on iPaaS.com.")
            self.notify("Written back to iPaaS.com.", timeout=4)

    def action_back(self) -> None:
        self.dismiss(self.written)


def _when(entry: Entry) -> str:
    return entry.at.replace("T", " ")[:19]


def _details(entry: Entry) -> str:
    """The highlighted change in full (the table's cells may be cut)."""
    detail = entry.outcome.get("detail")
    lines = [
        f"Change {entry.id} · {entry.kind} · {entry.environment} · {entry.company}",
        f"Changed: {', '.join(changed_fields(entry)) or 'nothing'}",
        f"Outcome: {entry.status}" + (f": {detail}" if isinstance(detail, str) and detail else ""),
    ]
    if entry.undo_of:
        lines.append(f"Undoes change {entry.undo_of}")
    return "\n".join(lines)
