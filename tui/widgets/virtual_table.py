"""A table that draws only the rows on screen, so filtering 100,000 rows stays under a frame.

Textual's DataTable rebuilds its rows on every change (hundreds of milliseconds for 10,000);
here a filter only swaps a sequence of row indices and repaints the visible lines, and only
when they changed. Rows are stored by column (table_rows.py): no tuple per row.

Cells are drawn as plain segments (no markup), control characters escaped, and widths are
terminal cells: a CJK or emoji name takes two cells a character and must not push the next
column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.plain import cell_len, fit_cells, printable
from tui.widgets.table_rows import ColumnRows


# A NamedTuple, not a frozen dataclass: imported on the way to the first frame, where building
# a dataclass costs ~0.5 ms, a NamedTuple ~0.1 ms (issue 13).
class Column(NamedTuple):
    title: str
    width: int = 0  # 0: share what is left
    min_total_width: int = 0  # hide the column when the table is narrower than this
    usually: str | None = None  # the value of most cells: only the others are stored


def column_rows(columns: Sequence[Column], rows: Sequence[tuple[str, ...]] = ()) -> ColumnRows:
    """An empty (or filled) store for rows of these columns."""
    sparse = {p: c.usually for p, c in enumerate(columns) if c.usually is not None}
    return ColumnRows(len(columns), rows, sparse)


def give_spare(widths: Sequence[int], needs: Sequence[int], flexible: Sequence[bool]) -> list[int]:
    """`widths` with the cells some columns do not need (their widest cell is narrower) given
    to the columns whose cells they would cut, in column order: no "Subscription to Generated
    Int…" beside a name column a third empty. The total stays the same, so no column is pushed
    off screen. The flexible columns (those sharing what is left) give first."""
    spare = [max(0, w - n) if w else 0 for w, n in zip(widths, needs, strict=True)]
    short = [max(0, n - w) if w else 0 for w, n in zip(widths, needs, strict=True)]
    left = min(sum(spare), sum(short))
    if not left:
        return list(widths)
    out = list(widths)
    given = left
    for column, wanted in enumerate(short):
        take = min(wanted, given)
        out[column] += take
        given -= take
    givers = sorted(range(len(out)), key=lambda column: not flexible[column])
    for column in givers:
        take = min(spare[column], left)
        out[column] -= take
        left -= take
    return out


def _one_line(cell: str) -> str:
    """A cell as it is drawn: control characters escaped, on one line."""
    return printable(cell).replace("\n", " ")


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

    class Viewed(Message):
        """The rows on screen changed (filter, scroll, resize); `keys` are theirs, in order."""

        def __init__(self, table: VirtualTable, keys: list[str]) -> None:
            super().__init__()
            self.table = table
            self.keys = keys

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.keys: list[str] = []
        self.rows = column_rows(self.columns)
        self.shown: Sequence[int] = range(0)
        self._viewed: list[str] = []  # the keys last reported in a Viewed message

    # --- data ----------------------------------------------------------------------------

    def set_rows(self, keys: Sequence[str], rows: Sequence[tuple[str, ...]]) -> None:
        """Show these rows. A list of keys and a ColumnRows are kept as they are, not copied
        (100,000 rows held once): the caller hands them over."""
        self.keys = keys if isinstance(keys, list) else list(keys)
        self.rows = rows if isinstance(rows, ColumnRows) else column_rows(self.columns, rows)
        self.show(range(len(self.rows)), force=True)

    def append_rows(
        self, keys: Sequence[str], rows: Sequence[tuple[str, ...]], shown: Sequence[int]
    ) -> None:
        """Add rows at the end and show `shown` (indices into all rows) after the rows shown
        now, keeping the cursor and the scroll position: a list growing as pages arrive."""
        was_empty = not self.shown
        screen_full = len(self._visible_positions()) >= self.size.height - 1
        start = len(self.rows)
        self.keys.extend(keys)
        self.rows.extend(rows)
        if self.shown == range(start) and shown == range(start, len(self.rows)):
            self.shown = range(len(self.rows))  # everything, still without a list of numbers
        else:
            self.shown = [*self.shown, *shown]
        self._set_height(len(self.shown) + 1)
        if was_empty and self.shown:
            self.cursor = 0  # announce the first highlighted row
        if not screen_full:  # rows below the last page's are drawn; a full screen is not
            self.refresh()
        self._report_viewed()

    def update_row(self, key: str, row: tuple[str, ...]) -> None:
        """Replace the row of `key` (redrawn if it is on screen)."""
        index, y = self._find(key)
        if index is None:
            return
        self.rows[index] = row
        if not y:
            return
        if self._widths(self.size.width) != self._painted:  # its cells moved the columns
            self.refresh()
        else:
            self.refresh(Region(0, y, self.size.width, 1))

    def row_of(self, key: str) -> tuple[str, ...] | None:
        """The cells of `key`'s row, None when there is no such row."""
        index, _ = self._find(key)
        return None if index is None else self.rows[index]

    def _find(self, key: str) -> tuple[int | None, int]:
        """The row index of `key` and its line on screen (0: not on screen). Looked for on
        screen first (where details arrive for), so that filling in 40 rows of 100,000 does
        not scan the keys 40 times."""
        for y, position in enumerate(self._visible_positions(), start=1):  # y: line on screen
            index = self.shown[position]
            if self.keys[index] == key:
                return index, y
        try:
            return self.keys.index(key), 0
        except ValueError:
            return None, 0

    def show(self, indices: Sequence[int], *, force: bool = False) -> None:
        """Display only these rows (indices into `rows`), in this order; kept, not copied.

        Back at the top, the cursor kept where it was (within the new rows). When the rows on
        screen stay the same (typing the first letters of a filter that every row matches),
        nothing is redrawn but what changed: the scrollbar.
        """
        before = [self.shown[p] for p in self._visible_positions()]
        cursor_before = self.cursor
        self.shown = indices
        self._set_height(len(indices) + 1)
        cursor = min(self.cursor, max(0, len(indices) - 1))
        if self.scroll_offset.y:
            self.scroll_to(y=0, animate=False)
        after = [indices[p] for p in self._visible_positions(at_top=True)]
        if force or after != before or cursor != cursor_before:
            self.cursor = cursor  # always_update: scrolls it on screen, repaints, Highlighted
        self._report_viewed()

    def _set_height(self, lines: int) -> None:
        """Resize the scrollable area without a layout pass of the whole screen.

        Setting `virtual_size` re-arranges every widget of the screen (a few milliseconds a
        keystroke while filtering); only this widget's scrollbar depends on it, and
        `_scroll_update` is what the layout pass would call for it. (Textual is pinned in
        uv.lock; without that method this falls back to the plain assignment.)

        No width: the table never scrolls sideways (each line is cut to the table's width).
        The width of the moment, kept, made Textual draw a horizontal scroll bar once the
        terminal got narrower (issue 19: a stray glyph after a resize).
        """
        size = Size(0, lines)
        if size == self.virtual_size:
            return
        scroll_update = getattr(self, "_scroll_update", None)
        if scroll_update is None or not self.is_mounted:
            self.virtual_size = size
            return
        self.set_reactive(VirtualTable.virtual_size, size)
        scroll_update(size)

    def _visible_positions(self, at_top: bool = False) -> range:
        """Positions in `shown` of the rows on screen (line 0 is the header)."""
        top = 0 if at_top else int(self.scroll_offset.y)
        return range(top, min(len(self.shown), top + max(0, self.size.height - 1)))

    def visible_keys(self) -> list[str]:
        return [self.keys[self.shown[p]] for p in self._visible_positions()]

    def _report_viewed(self) -> None:
        keys = self.visible_keys()
        if keys != self._viewed:
            self._viewed = keys
            self.post_message(self.Viewed(self, keys))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._report_viewed()

    def on_resize(self) -> None:
        self._report_viewed()

    @property
    def highlighted_key(self) -> str | None:
        if not self.shown:
            return None
        return self.keys[self.shown[self.cursor]]

    def move_to_key(self, key: str) -> None:
        for position, index in enumerate(self.shown):  # a user's action: once, not per frame
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
        """Each column's width at `total` cells (0: hidden), the spare cells of the rows on
        screen given to the columns they cut (`give_spare`)."""
        shown = [c for c in self.columns if total >= c.min_total_width]
        fixed = sum(c.width for c in shown if c.width) + len(shown) - 1
        flexible = [c for c in shown if not c.width]
        share = max(8, (total - fixed) // max(1, len(flexible)))
        widths = [(c.width or share) if total >= c.min_total_width else 0 for c in self.columns]
        return give_spare(widths, self._needs(widths), [not c.width for c in self.columns])

    def _needs(self, widths: Sequence[int]) -> list[int]:
        """The cells each shown column's title and the cells of the rows on screen take."""
        needs = [cell_len(c.title) if w else 0 for c, w in zip(self.columns, widths, strict=True)]
        for position in self._visible_positions():
            row = self.rows[self.shown[position]]
            for column, cell in enumerate(row):
                if widths[column]:
                    needs[column] = max(needs[column], cell_len(_one_line(cell)))
        return needs

    def _format(self, cells: Sequence[str], widths: list[int]) -> str:
        parts = [
            fit_cells(_one_line(cell), width)
            for cell, width in zip(cells, widths, strict=False)
            if width
        ]
        return " ".join(parts)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles and widths are the same for every line of a frame: work them out once.
        base = self.rich_style
        self._painted = self._widths(self.size.width)
        self._frame = (
            self._painted,
            base,
            base + self.get_component_rich_style("virtual-table--header"),
            base + self.get_component_rich_style("virtual-table--cursor"),
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    _frame: tuple[list[int], Style, Style, Style] | None = None
    _painted: list[int] | None = None  # the widths of the last frame drawn

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._frame is None:  # called on its own (tests), not from render_lines
            base = self.rich_style
            widths, header, cursor = (
                self._widths(width),
                base + self.get_component_rich_style("virtual-table--header"),
                base + self.get_component_rich_style("virtual-table--cursor"),
            )
        else:
            widths, base, header, cursor = self._frame
        if y == 0:
            text = self._format([c.title for c in self.columns], widths)
            return Strip([Segment(fit_cells(text, width, ""), header)])
        position = int(self.scroll_offset.y) + y - 1
        if position >= len(self.shown):
            return Strip.blank(width, base)
        row = self.rows[self.shown[position]]
        style = cursor if position == self.cursor else base
        return Strip([Segment(fit_cells(self._format(row, widths), width, ""), style)])
