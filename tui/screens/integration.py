"""One integration: its authorization type (changeable) and its versions; Enter edits one."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Label, Select, Static

from config.zoho import AUTHORIZATION_TYPES
from tui.clients.errors import ApiError
from tui.clients.models import Integration, Version
from tui.clients.version_changes import NOT_SENT
from tui.core.draft import type_text
from tui.screens.inner import InnerScreen
from tui.typeahead import KeyWait
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.title_bar import TitleBar
from tui.widgets.virtual_table import Column, VirtualTable

VERSION_COLUMNS = (Column("Version"), Column("OAuth template", 16), Column("Fields", 6))


class IntegrationScreen(InnerScreen):
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save", id="integration.save", tooltip="Save the authorization type"
        ),
        # Enter opens the version as the key arrives (a priority binding), so keys typed
        # after it wait for the editor instead of reaching this screen.
        Binding(
            "enter",
            "enter",
            "Open",
            priority=True,
            id="integration.enter",
            tooltip="Edit the highlighted version",
        ),
        Binding(
            "e",
            "edit",
            "Edit version",
            id="integration.edit",
            tooltip="Edit the highlighted version",
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            id="integration.refresh",
            tooltip="Load the integration again",
        ),
    ]

    def __init__(self, integration_id: str) -> None:
        super().__init__()
        self.integration_id = integration_id
        self.integration: Integration | None = None
        self.versions_wait = KeyWait(self)  # keys typed meanwhile wait for the versions
        self.versions_wait.on()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="integration-title", classes="title")
        with Horizontal(classes="field"):
            yield Label("Authorization type ")
            yield Select(
                [(f"{k} · {v}", k) for k, v in AUTHORIZATION_TYPES.items()],
                allow_blank=True,
                prompt=NOT_SENT,  # None: the read did not carry it
                id="auth-type",
            )
        yield Static("Versions · Enter or e to edit", classes="hint")
        yield VirtualTable(VERSION_COLUMNS, id="versions")
        yield Static("", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="integration", exit_on_error=False)
    async def load(self) -> None:
        table = self.query_one(VirtualTable)
        table.loading = True
        self.versions_wait.on()
        try:
            client = await self.console.connection.client()
            integration = await client.get_integration(self.integration_id)
        except ApiError as exc:
            self.load_failed(exc, "Integration")
            self.versions_wait.off()
            return
        finally:
            table.loading = False
        self.show(integration)
        self.versions_wait.off()
        self.refresh_bindings()  # the footer left out the table's keys while it was loading

    def show(self, integration: Integration) -> None:
        self.integration = integration
        self.query_one("#integration-title", Static).update(
            plain(f"{integration.name}  ·  {integration.id}")
        )
        select = self.query_one("#auth-type", Select)
        with self.prevent(Select.Changed):
            if integration.authorization_type_id is None:
                select.clear()
            else:
                select.value = integration.authorization_type_id
        table = self.query_one(VirtualTable)
        table.set_rows(
            [v.id for v in integration.versions], [_version_row(v) for v in integration.versions]
        )
        self.set_focus(table)  # now: keys typed ahead are replayed next
        self.set_status(f"{len(integration.versions)} version(s)")

    @on(Select.Changed, "#auth-type")
    def type_changed(self, event: Select.Changed) -> None:
        if self.integration and event.value != self.integration.authorization_type_id:
            self.set_status("Authorization type changed · ctrl+s to save")

    def action_save(self) -> None:
        value = self.query_one("#auth-type", Select).value
        if self.integration is None or not isinstance(value, int):
            return
        before = self.integration.authorization_type_id
        if value == before:
            self.notify("Nothing to save.", timeout=3)
            return
        from tui.screens.confirm import ConfirmScreen

        diff = [
            f"Authorization type of {self.integration.name}",
            f"- {type_text(before)}",
            f"+ {type_text(value)}",
        ]

        def answered(yes: bool | None) -> None:
            if yes:
                self.save_type(value)

        self.app.push_screen(
            ConfirmScreen("Save this change to iPaaS.com?", diff, yes="Save"), callback=answered
        )

    @work(exclusive=True, group="integration-save", exit_on_error=False)
    async def save_type(self, type_id: int) -> None:
        assert self.integration is not None
        try:
            from tui.core.changes import save_authorization_type

            writer = await self.console.connection.writer()
            saved = await save_authorization_type(writer, self.integration, type_id)
            if saved.integration is not None:
                self.show(saved.integration)
            if saved.notes:
                self.set_status("\n".join(saved.notes), error=True)
                self.notify("Not saved (details below).", severity="warning", timeout=8)
            else:
                self.notify(f"Authorization type set to {AUTHORIZATION_TYPES[type_id]}.")
        except ApiError as exc:
            self.set_status(str(exc), error=True)
            self.notify(str(exc), title="Not saved", severity="error", timeout=12)

    @on(VirtualTable.Selected)
    def version_selected(self, event: VirtualTable.Selected) -> None:
        self.open_version(event.key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Off the list, Enter belongs to the authorization type's picker.
        return action != "enter" or self.focused is self.query_one(VirtualTable)

    def action_enter(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        key = self.query_one(VirtualTable).highlighted_key
        if key:
            self.open_version(key)

    def open_version(self, version_id: str) -> None:
        if self.integration is None:
            return
        from tui.screens.version_editor import VersionEditorScreen

        version = next(v for v in self.integration.versions if v.id == version_id)

        def closed(saved: bool | None) -> None:
            if saved:
                self.load()

        self.app.push_screen(VersionEditorScreen(self.integration, version), callback=closed)

    def action_refresh(self) -> None:
        self.console.connection.reconnect()  # after a failed start-up: try it again, then load
        self.load()

    def action_back(self) -> None:
        self.dismiss(self.integration)


def _version_row(version: Version) -> tuple[str, ...]:
    template = version.oauth_url_template
    fields = version.custom_fields
    return (
        version.name or version.id,
        "not sent" if template is None else "set" if template else "empty",
        "?" if fields is None else str(len(fields)),
    )
