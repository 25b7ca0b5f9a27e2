"""A top-level screen listing rows from iPaaS.com with an incremental filter (/)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static

from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.messages import Connected, ConnectionFailed
from tui.screens.base import TopLevelScreen
from tui.widgets.filter_input import FilterInput
from tui.widgets.filtering import IncrementalFilter
from tui.widgets.key_bar import KeyBar
from tui.widgets.virtual_table import Column, VirtualTable


class FilteredListScreen(TopLevelScreen):
    """Subclasses say what to fetch and how a row looks; this class does the rest."""

    NOUN = "rows"
    AUTO_FOCUS = "VirtualTable"
    COLUMNS: Sequence[Column] = ()
    BINDINGS = [
        # A priority binding runs before Textual forwards the following keys to the focused
        # widget, so "/zoho" typed in one burst lands in the filter, not in the table.
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            priority=True,
            id="list.filter",
            tooltip="Type to narrow the list",
        ),
        Binding("r", "refresh", "Refresh", id="list.refresh", tooltip="Load the list again"),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="list.clear_filter",
            tooltip="Clear the filter",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.filter = IncrementalFilter()

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterInput(
            placeholder=f"/ to filter {self.NOUN} by name or id",
            id="filter",
            on_change=self.apply_filter,  # in the key's own frame, not a frame later
        )
        yield VirtualTable(self.COLUMNS, id="rows")
        yield Static("Connecting…", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    # --- for subclasses ------------------------------------------------------------------

    async def fetch(self, client: IpaasClient) -> list[tuple[str, tuple[str, ...], str]]:
        """(key, row cells, text the filter searches) for every row."""
        raise NotImplementedError

    def open_row(self, key: str) -> None:
        raise NotImplementedError

    # --- shared behaviour ----------------------------------------------------------------

    @work(exclusive=True, group="list", exit_on_error=False)
    async def load(self) -> None:
        table = self.query_one(VirtualTable)
        table.loading = True
        try:
            client = await self.console.connected_client()
            self.set_status(f"Loading {self.NOUN}…")
            rows = await self.fetch(client)
        except ApiError as exc:
            self.set_status(f"{exc} Press r to retry.", error=True)
            self.notify(str(exc), title=self.NOUN.capitalize(), severity="error")
            return
        finally:
            table.loading = False
        self.keys = [key for key, _, _ in rows]
        table.set_rows(self.keys, [cells for _, cells, _ in rows])
        if self.focused is None:  # auto-focus skipped the table while it was loading
            table.focus()
        self.refresh_bindings()  # the footer left out the table's keys while it was loading
        self.filter.reset([text for _, _, text in rows])
        self.apply_filter(self.query_one("#filter", Input).value)

    def apply_filter(self, text: str) -> None:
        shown = self.filter.matches(text)
        total = len(self.keys)
        with self.app.batch_update():  # one repaint for the table and the status line
            self.query_one(VirtualTable).show(shown)
            self.set_status(
                f"{len(shown):,} of {total:,} {self.NOUN}"
                if text.strip()
                else f"{total:,} {self.NOUN} · Enter to open"
            )

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(VirtualTable).focus()

    @on(VirtualTable.Selected)
    def row_selected(self, event: VirtualTable.Selected) -> None:
        self.open_row(event.key)

    def on_connected(self, message: Connected) -> None:
        self.set_status(f"Connected. Loading {self.NOUN}…")

    def on_connection_failed(self, message: ConnectionFailed) -> None:
        self.query_one(VirtualTable).loading = False
        self.set_status(f"{message.reason} Press r to retry.", error=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter" and self.focused is self.query_one("#filter", Input):
            return False  # already filtering: "/" is a character to type
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        # At once, not deferred: the keys typed right after "/" must land in the filter.
        self.screen.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(VirtualTable).focus()

    def action_refresh(self) -> None:
        if not self.console.is_connected:
            self.console.reconnect()
        self.load()
