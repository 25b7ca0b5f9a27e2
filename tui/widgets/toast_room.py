"""Where a screen's toasts may go: above the status line and the key bar, below what they must
never cover.

Textual docks the toasts at the bottom of the screen, growing upwards. Above them a screen may
show what a person is reading or typing: the redirect URI to register and the sign-in URL, the
tokens, a dialog and its fields. The toasts get at most the rows between the lowest of these
and the status line (and never more than MAX_ROWS): the newest that fit there whole are shown, the
others wait out of sight until they expire or the room grows. Each toast is a few lines at
most, its whole text kept for the help screen (tui/toasts.py).
"""

from __future__ import annotations

from textual.errors import NoWidget
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

# What toasts never cover, wherever it is on the screen.
KEEP_CLEAR = "#redirect-uri, .url, #tokens, .dialog"
STATUS = "#status"  # a screen's status line, above its key bar: toasts stay above it too
TOAST_RACK = "#textual-toastrack"  # where every Textual screen shows its notifications
MAX_ROWS = 10  # two toasts of a title and three lines, each with the row above it
SMALL = (80, 20)  # below this, notices keep to one line, a toast as wide as the screen
TOAST_WIDTH = (
    60  # Textual's Toast: 60 cells, at most half the screen (app.tcss: all of a small one)
)
RACK_GUTTER = 2  # the toasts' column keeps a scroll bar's width free at the right
TOAST_CHROME = 3  # a toast's coloured left edge and one cell of padding each side (app.tcss)


def toast_text_width(screen: Size) -> int:
    """The width a toast's text wraps at on a screen of this size."""
    small = screen.width < SMALL[0] or screen.height < SMALL[1]
    rack = screen.width - RACK_GUTTER
    return max(min(TOAST_WIDTH, rack if small else rack // 2) - TOAST_CHROME, 10)


def toast_rows(holder: Widget, width: int) -> int:
    """The rows one toast takes (its title and lines, and the row above it), measured from
    its text: a toast out of sight has no size of its own to read."""
    toast = holder.children[0] if holder.children else holder
    return 1 + toast.get_content_height(Size(width, 0), Size(width, 0), width)


def toast_room(screen: Screen[object], bottom: int) -> int:
    """Rows free for toasts above row `bottom` (the key bar's first) of `screen`."""
    lowest = 0
    for widget in screen.query(KEEP_CLEAR):
        try:  # the part on screen: scrolled out of sight, it cannot be covered
            region = screen.find_widget(widget).visible_region
        except NoWidget:
            continue
        if region and region.y < bottom:
            lowest = max(lowest, min(region.bottom, bottom))
    return max(0, min(MAX_ROWS, bottom - lowest))


def fit_toasts(screen: Screen[object], bar: Widget) -> None:
    """Keep the toasts above the key bar `bar` and the status line (Textual keeps them one
    line above the bottom, for a one-line footer; a toast that says "(below)" must not hide
    what it points at), within the room the screen leaves them: the newest toasts that fit
    whole; the others wait out of sight (never one cut in half)."""
    floor = bar.region.y or screen.size.height
    for status in screen.query(STATUS):
        try:
            floor = min(floor, screen.find_widget(status).visible_region.y or floor)
        except NoWidget:
            continue
    room = toast_room(screen, floor)
    below = screen.size.height - floor
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
