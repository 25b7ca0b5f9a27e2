"""Where a screen's toasts go: the lowest band of rows above the key bar that holds nothing
they must never cover.

Textual docks the toasts at the bottom of the screen, growing upwards. A screen may show there
what a person is reading or typing: the redirect URI to register, the sign-in URL and the field
to paste the redirect into, the tokens, a dialog and its fields, the status line a toast ending
"(below)" points at. The toasts go in the lowest band between these (at most MAX_ROWS high):
the newest that fit there whole are shown, the others wait out of sight until they expire or
the band grows. Each toast is a few lines at most, its whole text kept for the help screen
(tui/toasts.py).
"""

from __future__ import annotations

from textual.errors import NoWidget
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

# What toasts never cover, wherever it is on the screen.
KEEP_CLEAR = "#redirect-uri, .url, #paste, #tokens, .dialog"
STATUS = "#status"  # a screen's status line, above its key bar: toasts stay above it too
TOAST_RACK = "#textual-toastrack"  # where every Textual screen shows its notifications
MAX_ROWS = 10  # two toasts of a title and three lines, each with the row above it
TOAST_WIDTH = 60  # a toast's cells, or the screen's width when narrower (app.tcss)
RACK_GUTTER = 2  # the toasts' column keeps a scroll bar's width free at the right
TOAST_CHROME = 3  # a toast's coloured left edge and one cell of padding each side (app.tcss)


def toast_text_width(screen: Size) -> int:
    """The width a toast's text wraps at on a screen of this size."""
    return max(min(TOAST_WIDTH, screen.width - RACK_GUTTER) - TOAST_CHROME, 10)


def toast_rows(holder: Widget, width: int) -> int:
    """The rows one toast takes (its title and lines, and the row above it), measured from
    its text: a toast out of sight has no size of its own to read."""
    toast = holder.children[0] if holder.children else holder
    width = toast.content_size.width or width  # as laid out, once it has been
    return 1 + toast.get_content_height(Size(width, 0), Size(width, 0), width)


def toast_band(screen: Screen[object], bar: Widget) -> tuple[int, int]:
    """(bottom, rows): where the toasts go on `screen`, the lowest band of rows that nothing
    to keep clear takes, above the key bar `bar` and the status line (a toast ending
    "(below)" must not hide what it points at), at most MAX_ROWS high."""
    taken: set[int] = set()
    for widget in screen.query(f"{KEEP_CLEAR}, {STATUS}"):
        try:  # the part on screen: scrolled out of sight, it cannot be covered
            region = screen.find_widget(widget).visible_region
        except NoWidget:
            continue
        taken |= set(range(region.y, region.bottom))
    bottom = bar.region.y or screen.size.height
    while bottom > 0 and bottom - 1 in taken:  # a field or the status line just above the bar
        bottom -= 1
    top = bottom
    while top > 0 and top - 1 not in taken and bottom - top < MAX_ROWS:
        top -= 1
    return bottom, bottom - top


def fit_toasts(screen: Screen[object], bar: Widget) -> None:
    """Put the toasts in their band (Textual keeps them one line above the bottom, for a
    one-line footer): the newest that fit whole; the others wait out of sight until they
    expire or the band grows (never one cut in half)."""
    bottom, room = toast_band(screen, bar)
    below = screen.size.height - bottom
    for rack in screen.query(TOAST_RACK):
        if rack.styles.margin.bottom != below:
            rack.styles.margin = (0, 0, below, 0)
        width, used = toast_text_width(screen.size), 0
        for holder in reversed(rack.children):  # the newest last
            rows = toast_rows(holder, width)
            fits = used + rows <= room
            used += rows if fits else room  # once one does not fit, no older one shows
            if holder.display != fits:
                holder.display = fits
