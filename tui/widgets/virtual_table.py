"""A table that draws only the rows on screen, so filtering 10,000 rows stays under a frame.

Textual's DataTable rebuilds its rows on every change (hundreds of milliseconds for 10,000);
here a filter only swaps a list of row indices and repaints the visible lines.

Cells are drawn as plain segments (no markup), control characters escaped, and widths are
terminal cells: a CJK or emoji name takes two cells a character and must not push the next
column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.plain import fit_cells, printable


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 0  # 0: share what is left
    min_total_width: int = 0  # hide the column when the table is narrower than this


class VirtualTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    VirtualTable { height: 1fr; }
    VirtualTable > .virtual-table--header { text-style: bold; background: $panel; }
    VirtualTable > .virtual-table--cursor { background: $accent 40%; }
    VirtualTable:focus > .virtual-table--cursor { background: $accent; color: $text; }
    """
    COMPONENT_CLASSES = {"virtual-table--header", "virtual-table--cursor"}
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="table.up", tooltip="Previous row"),
        Binding("down", "cursor(1)", "Down", show=False, id="table.down", tooltip="Next row"),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, id="table.page_up", tooltip="One screen up"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="table.page_down",
            tooltip="One screen down",
        ),
        Binding("home", "jump(0)", "First", show=False, id="table.first", tooltip="First row"),
        Binding("end", "jump(-1)", "Last", show=False, id="table.last", tooltip="Last row"),
        Binding("enter", "select", "Open", id="table.open", tooltip="Open the highlighted row"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """A row was chosen with Enter or a click; `key` is the row's key."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class Highlighted(Message):
        def __init__(self, table: VirtualTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.keys: list[str] = []
        self.rows: list[tuple[str, ...]] = []
        self.shown: list[int] = []

    # --- data ----------------------------------------------------------------------------

    def set_rows(self, keys: Sequence[str], rows: Sequence[tuple[str, ...]]) -> None:
        self.keys = list(keys)
        self.rows = list(rows)
        self.show(range(len(self.rows)))

    def append_rows(
        self, keys: Sequence[str], rows: Sequence[tuple[str, ...]], shown: Sequence[int]
    ) -> None:
        """Add rows at the end and show `shown` (indices into all rows) after the rows shown
        now, keeping the cursor and the scroll position: a list growing as pages arrive."""
        was_empty = not self.shown
        self.keys.extend(keys)
        self.rows.extend(rows)
        self.shown.extend(shown)
        self.virtual_size = Size(self.size.width, len(self.shown) + 1)
        if was_empty and self.shown:
            self.cursor = 0  # announce the first highlighted row
        self.refresh()

    def update_row(self, key: str, row: tuple[str, ...]) -> None:
        try:
            index = self.keys.index(key)
        except ValueError:
            return
        self.rows[index] = row
        self.refresh()

    def show(self, indices: Sequence[int]) -> None:
        """Display only these rows (indices into `rows`), in this order."""
        self.shown = list(indices)
        self.virtual_size = Size(self.size.width, len(self.shown) + 1)
        self.cursor = min(self.cursor, max(0, len(self.shown) - 1))
        self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def highlighted_key(self) -> str | None:
        if not self.shown:
            return None
        return self.keys[self.shown[self.cursor]]

    def move_to_key(self, key: str) -> None:
        for position, index in enumerate(self.shown):
            if self.keys[index] == key:
                self.cursor = position
                return

    # --- actions -------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        if self.shown:
            self.cursor = max(0, min(len(self.shown) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 2))

    def action_jump(self, position: int) -> None:
        if self.shown:
            self.cursor = position if position >= 0 else len(self.shown) - 1

    def action_select(self) -> None:
        key = self.highlighted_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def watch_cursor(self, cursor: int) -> None:
        # Keep the cursor on screen; line 0 is the header, so row n is at y = n + 1.
        self.scroll_to_region(Region(0, cursor, 1, 2), animate=False, force=True)
        self.refresh()
        self.post_message(self.Highlighted(self, self.highlighted_key))

    def on_click(self, event: events.Click) -> None:
        position = int(self.scroll_offset.y) + event.y - 1  # line 0 is the header
        if 0 <= position < len(self.shown):
            if position == self.cursor:
                self.action_select()
            self.cursor = position

    # --- drawing -------------------------------------------------------------------------

    def _widths(self, total: int) -> list[int]:
        shown = [c for c in self.columns if total >= c.min_total_width]
        fixed = sum(c.width for c in shown if c.width) + len(shown) - 1
        flexible = [c for c in shown if not c.width]
        share = max(8, (total - fixed) // max(1, len(flexible)))
        return [(c.width or share) if total >= c.min_total_width else 0 for c in self.columns]

    def _format(self, cells: Sequence[str], widths: list[int]) -> str:
        parts = [
            fit_cells(printable(cell).replace("\n", " "), width)
            for cell, width in zip(cells, widths, strict=False)
            if width
        ]
        return " ".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        widths = self._widths(width)
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("virtual-table--header")
            text = self._format([c.title for c in self.columns], widths)
            return Strip([Segment(fit_cells(text, width, ""), base + header)])
        position = int(self.scroll_offset.y) + y - 1
        if position >= len(self.shown):
            return Strip.blank(width, base)
        row = self.rows[self.shown[position]]
        style: Style = base
        if position == self.cursor:
            style = base + self.get_component_rich_style("virtual-table--cursor")
        return Strip([Segment(fit_cells(self._format(row, widths), width, ""), style)])
