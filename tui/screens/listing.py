"""A top-level screen listing rows from iPaaS.com with an incremental filter (/).

Rows appear as their pages arrive and the filter works on what has arrived. Rows already on
screen (a cached list, or an earlier load) stay until the fresh list is complete, then are
replaced in place, keeping the cursor's row and the filter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.clients.errors import ApiError
from tui.core.connection_state import ConnectionState, Phase
from tui.core.errors import NotConnectedError
from tui.screens.base import TopLevelScreen
from tui.screens.start_up import failure_text
from tui.typeahead import KeyWait
from tui.widgets.filter_input import FilterInput
from tui.widgets.filtering import IncrementalFilter
from tui.widgets.key_bar import KeyBar
from tui.widgets.table_rows import ColumnRows
from tui.widgets.title_bar import TitleBar
from tui.widgets.virtual_table import Column, VirtualTable, column_rows

if TYPE_CHECKING:  # httpx and the client load after the first frame
    from textual.widgets import Input

    from tui.clients.ipaas import IpaasClient
    from tui.clients.models import Page

Fetched = tuple[str, tuple[str, ...], str]  # (key, row cells, text the filter searches)


class Rows:
    """A list's rows held once, compactly: the keys, the cells by column and the filter's
    texts. A page's Fetched tuples are dropped as soon as they are added here, so a list of
    100,000 never exists as 100,000 tuples."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.keys: list[str] = []
        self.cells: ColumnRows = column_rows(columns)
        self.filter = IncrementalFilter()

    def add(self, rows: Sequence[Fetched]) -> Sequence[int]:
        """Add rows at the end; the indices of those matching the filter's query."""
        self.keys.extend(key for key, _, _ in rows)
        self.cells.extend([cells for _, cells, _ in rows])
        return self.filter.extend(text for _, _, text in rows)

    def __len__(self) -> int:
        return len(self.keys)


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
        # Enter acts as the key arrives (a priority binding): in the filter it moves to the
        # list, in the list it opens the row. So "/zoho Enter Enter" typed in one burst opens
        # the integration, and keys typed after it wait for the screen it opens.
        Binding(
            "enter",
            "enter",
            "Open",
            priority=True,
            id="list.enter",
            tooltip="Open the highlighted row",
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
        self.keys: list[str] = []  # the table's own list once rows are shown (not a copy)
        self.filter = IncrementalFilter()
        self.expected: int | None = None  # rows of the list being loaded, when the server said
        self.loading_more = False  # pages are still arriving into the table
        self.cached_note = ""  # e.g. "cached 3 min ago" while the rows come from a cache
        self.refreshing = ""  # e.g. "refreshing… 1,200 of 10,000" while they are replaced
        self._not_connected = False
        self.rows_wait = KeyWait(self)  # keys typed meanwhile wait for the rows (tui/typeahead)
        self.rows_wait.on()
        self.filter_box = FilterInput(
            placeholder=f"/ to filter {self.NOUN} by name or id",
            id="filter",
            on_change=self.apply_filter,  # in the key's own frame, not a frame later
        )

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield self.filter_box
        yield VirtualTable(self.COLUMNS, id="rows")
        yield Static("Connecting…", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_cached()
        self.load()

    @property
    def filter_text(self) -> str:
        return self.filter_box.value

    # --- for subclasses ------------------------------------------------------------------

    def pages(self, client: IpaasClient) -> AsyncIterator[tuple[list[Fetched], Page[Any]]]:
        """Each page's rows as it arrives, with the page (for its number and the total)."""
        raise NotImplementedError

    def show_cached(self) -> None:
        """Show the rows of a cache at once, if the screen has one (before any network)."""

    def loaded(self) -> None:
        """The whole fresh list has arrived (and is shown)."""

    def open_row(self, key: str) -> None:
        raise NotImplementedError

    # --- shared behaviour ----------------------------------------------------------------

    def show_rows(self, rows: Sequence[Fetched] | Rows, note: str = "") -> None:
        """Replace every row, keeping the filter and the cursor's row; `note` says where the
        rows come from (e.g. a cache and its age)."""
        if not isinstance(rows, Rows):
            fetched, rows = rows, Rows(self.COLUMNS)
            rows.add(fetched)
        table = self.query_one(VirtualTable)
        current = table.highlighted_key
        self.cached_note = note
        self.keys = rows.keys
        self.filter = rows.filter
        table.loading = False
        with self.app.batch_update():
            table.set_rows(rows.keys, rows.cells)  # handed over, not copied
            self.apply_filter(self.filter_text)
            if current is not None:
                table.move_to_key(current)
        if self.focused is None:  # auto-focus skipped the table while it was loading
            self.set_focus(table)
        self.refresh_bindings()  # the footer left out the table's keys while it was loading
        if rows:
            self.rows_wait.off()  # rows to act on: keys typed ahead may go on

    def append_rows(self, rows: Sequence[Fetched]) -> None:
        """Add a page's rows at the end; those matching the filter are shown at once."""
        keys = [key for key, _, _ in rows]
        shown = self.filter.extend(text for _, _, text in rows)
        with self.app.batch_update():
            # The table extends its keys, which are self.keys (show_rows handed them over).
            self.query_one(VirtualTable).append_rows(keys, [cells for _, cells, _ in rows], shown)
            self.set_status(self.status_text(len(self.query_one(VirtualTable).shown)))

    @work(exclusive=True, group="list", exit_on_error=False)
    async def load(self) -> None:
        table = self.query_one(VirtualTable)
        if not self.keys:  # rows on screen (a cache) may take keys at once
            self.rows_wait.on()
        replacing = bool(self.keys)  # rows on screen stay until the fresh list is complete
        self.loading_more = False  # an earlier load this one cancelled may have left it set
        if not replacing:
            table.loading = True
        # Replacing: the fresh rows are gathered compactly, then shown at once when complete.
        fresh = Rows(self.COLUMNS) if replacing else None
        arrived = 0
        try:
            client = await self.console.connection.client()
            if replacing:
                self._refreshing("refreshing…")
            else:
                self.set_status(f"Loading {self.NOUN}…")
            async for rows, page in self.pages(client):
                self.expected = page.total
                if fresh is not None:
                    fresh.add(rows)
                    of = f" of {page.total:,}" if page.total is not None else ""
                    self._refreshing(f"refreshing… {len(fresh):,}{of} loaded")
                    continue
                self.loading_more = page.number < page.pages
                if arrived:
                    self.append_rows(rows)
                else:
                    self.show_rows(rows)
                arrived += len(rows)
        except NotConnectedError as exc:
            self._not_connected = True  # loads when a later attempt connects
            # The app said it too, in a toast.
            self.set_status(f"{failure_text(exc.failure)}{self._cached_hint()}", error=True)
            self.rows_wait.off()
            return
        except ApiError as exc:
            self.loading_more = False
            self.refreshing = ""
            self.set_status(f"{exc} Press r to retry.{self._cached_hint()}", error=True)
            self.notify(str(exc), title=self.NOUN.capitalize(), severity="error")
            self.rows_wait.off()
            return
        finally:
            table.loading = False
        self.loading_more = False
        self.refreshing = ""
        if fresh is not None or not arrived:
            self.show_rows(fresh or [])
        else:
            self.cached_note = ""
            self.apply_filter(self.filter_text)
        self.rows_wait.off()
        self.loaded()

    def _refreshing(self, progress: str) -> None:
        self.refreshing = progress
        self.set_status(self.status_text(len(self.query_one(VirtualTable).shown)))

    def _cached_hint(self) -> str:
        return f" (Showing the list {self.cached_note}.)" if self.cached_note else ""

    def status_text(self, shown: int) -> str:
        """The status line: how many rows match, how many arrived, where they come from."""
        query = self.filter_text.strip()
        filtering = bool(query)
        total = len(self.keys)
        if self.loading_more:
            of = f" of {self.expected:,}" if self.expected is not None else ""
            loaded = f"{total:,}{of} {self.NOUN} loaded…"
            return f"{shown:,} shown · {loaded}" if filtering else loaded
        if filtering and not shown and total:
            text = f"No {self.NOUN.removesuffix('s')} matches '{query}'. Escape clears the filter."
        elif filtering:
            text = f"{shown:,} of {total:,} {self.NOUN}"
        elif not total:
            text = f"No {self.NOUN} in this company."
        else:
            text = f"{total:,} {self.NOUN} · Enter to open"
        notes = "; ".join(note for note in (self.cached_note, self.refreshing) if note)
        return f"{text} · {notes}" if notes else text

    def apply_filter(self, text: str) -> None:
        shown = self.filter.matches(text)
        with self.app.batch_update():  # one repaint for the table and the status line
            self.query_one(VirtualTable).show(shown)
            self.set_status(self.status_text(len(shown)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # By the handler's name, not @on(Input.Submitted): the Input class loads later.
        if event.input is self.filter_box:
            self.query_one(VirtualTable).focus()

    @on(VirtualTable.Selected)
    def row_selected(self, event: VirtualTable.Selected) -> None:
        self.open_row(event.key)

    def connection_changed(self, state: ConnectionState) -> None:
        """A list that could not load for want of a connection loads once there is one; a
        failure meanwhile is shown (this screen may not be the one that tried)."""
        if state.phase is Phase.CONNECTED and self._not_connected:
            self._not_connected = False
            self.load()
        elif state.phase is Phase.FAILED and state.failure is not None:
            self.query_one(VirtualTable).loading = False
            self.set_status(f"{failure_text(state.failure)}{self._cached_hint()}", error=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        focused = self.focused
        if action == "filter" and focused is not None and focused is self.filter_box:
            return False  # already filtering: "/" is a character to type
        if action == "enter" and (
            focused is None or focused not in (self.filter_box, self.query_one(VirtualTable))
        ):
            return False  # Enter belongs to whatever else is focused
        return super().check_action(action, parameters)

    async def action_filter(self) -> None:
        # At once, not deferred: the keys typed right after "/" must land in the filter.
        self.screen.set_focus(self.filter_box)

    def action_enter(self) -> None:
        table = self.query_one(VirtualTable)
        if self.focused is not table:
            self.set_focus(table)
            return
        # Letters typed just before (a burst: "/zoho Enter Enter") may still wait in the
        # filter's queue while this priority binding runs: open the row only once the filter
        # has taken them, else the row opened is the one highlighted before the list narrowed.
        # Keys typed meanwhile wait for the screen this opens.
        self.rows_wait.on()
        self.filter_box.call_later(self._open_highlighted)

    def _open_highlighted(self) -> None:
        self.rows_wait.off()
        key = self.query_one(VirtualTable).highlighted_key
        if key is not None:
            self.open_row(key)

    def action_clear_filter(self) -> None:
        self.filter_box.value = ""
        self.query_one(VirtualTable).focus()

    def action_refresh(self) -> None:
        self.console.connection.reconnect()  # after a failed start-up: try again, then load
        self.load()
