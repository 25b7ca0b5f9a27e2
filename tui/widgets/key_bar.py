"""The key bar: the current screen's keys at the bottom, drawn as one widget.

It shows what Textual's Footer shows (each shown binding of the focus chain, disabled ones
dimmed, the command palette key on the right; a click presses the key, hovering shows its
tooltip), with two differences that matter here:

- Footer mounts a widget per key and rebuilds them all whenever the bindings change (focus
  moves, a list finishes loading). At start-up that was about 40 ms of CPU, the largest share
  of the console's own start-up work. This bar computes the line at render time and only repaints.
- Footer crops what does not fit, so at 80 columns "q Quit" and "? Help" fell off. This bar
  tightens its spacing first, then takes a second line (as nano does), and only if that is not
  enough drops keys, saying so with "…" and keeping "? Help", which lists every key.

Columns are terminal cells (`cell_len`), not characters: a wide label (CJK, emoji) must not
shift where a click lands.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from tui.widgets.plain import cell_len, plain
from tui.widgets.toast_room import fit_toasts

HELP_ACTION = "help"  # kept visible when keys must be dropped: it lists them all
MORE = "…"


# A NamedTuple, not a frozen dataclass: imported on the way to the first frame, where building
# a dataclass costs ~0.5 ms, a NamedTuple ~0.1 ms (issue 13).
class KeyItem(NamedTuple):
    """One key as shown: `key` is what a click presses."""

    key: str
    action: str
    display: str
    description: str
    tooltip: str
    enabled: bool


class Placed(NamedTuple):
    """An item with the line and columns it occupies."""

    item: KeyItem | None  # None for the "…" marker
    line: int
    start: int
    key_text: str
    description_text: str

    @property
    def end(self) -> int:
        return self.start + cell_len(self.key_text) + cell_len(self.description_text)


ROOMY = (" {} ", "{} ")  # (key, description) as Textual's Footer spaces them
TIGHT = ("{}", " {} ")
MAX_LINES = 2  # like nano's two lines of shortcuts; more would eat an 80x24 screen


def fit_items(items: Sequence[KeyItem], width: int, max_lines: int = MAX_LINES) -> list[Placed]:
    """Lay the items out in `width` columns: on one roomy line if they fit, one tight line if
    that fits, else tight lines wrapped up to `max_lines`; if even that is too little, as many
    as fit, then "…" and the help key, which lists them all."""
    for spacing in (ROOMY, TIGHT):
        placed = _place(items, spacing, width, 1)
        if placed is not None:
            return placed
    placed = _place(items, TIGHT, width, max_lines)
    if placed is not None:
        return placed
    kept = [item for item in items if item.action != HELP_ACTION]
    tail: list[KeyItem | None] = [None, *(i for i in items if i.action == HELP_ACTION)]
    while kept:
        kept.pop()
        placed = _place([*kept, *tail], TIGHT, width, max_lines)
        if placed is not None:
            return placed
    return _place(tail, TIGHT, sys.maxsize, 1) or []  # cropped on a very narrow screen


def _place(
    items: Sequence[KeyItem | None], spacing: tuple[str, str], width: int, max_lines: int
) -> list[Placed] | None:
    """Items left to right, a new line when the next does not fit; None if it takes more
    than `max_lines` (or an item is wider than a line)."""
    key_format, description_format = spacing
    placed: list[Placed] = []
    line = column = 0
    for item in items:
        if item is None:
            key_text, description_text = MORE, " "
        else:
            key_text = key_format.format(item.display)
            description = item.description
            description_text = description_format.format(description) if description else " "
        size = cell_len(key_text) + cell_len(description_text)
        if column and column + size > width:
            line, column = line + 1, 0
        if line >= max_lines or size > width:
            return None
        placed.append(Placed(item, line, column, key_text, description_text))
        column += size
    return placed


Items = tuple[list[KeyItem], KeyItem | None]  # the keys shown, and the palette's apart
Layout = tuple[list[Placed], Placed | None]  # where they go


class KeyBar(Widget, can_focus=False):
    """The bottom of every screen and dialog: its keys, kept current as focus and state change."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    hovered: reactive[int | None] = reactive(None)
    PALETTE_SEPARATOR = "▏"

    def __init__(self) -> None:
        super().__init__()
        # The last layout with the width and items it was made for: before the first frame
        # it was asked for four times (height, bindings twice, render). The bindings' signal
        # (what Textual's Footer recomposes on) clears it.
        self._laid_out: tuple[int, Items, Layout] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.screen.screen_layout_refresh_signal.subscribe(self, self._fit_toasts)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    def _fit_toasts(self, screen: Screen[object]) -> None:
        """After each layout: the toasts' room may have changed (tui/widgets/toast_room.py)."""
        fit_toasts(screen, self)

    # --- what to show ---------------------------------------------------------------------

    def items(self) -> Items:
        """The shown bindings, one per action, and the command palette's key apart."""
        app = self.app
        shown: list[KeyItem] = []
        actions: set[str] = set()
        palette: KeyItem | None = None
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            is_palette = binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE
            if not is_palette and (not binding.show or binding.action in actions):
                continue  # hidden, or a second key for an action already shown
            item = KeyItem(
                binding.key,
                binding.action,
                app.get_key_display(binding),
                binding.description,
                tooltip or binding.tooltip or binding.description,
                enabled,
            )
            if is_palette:
                palette = item
            else:
                actions.add(binding.action)
                shown.append(item)
        return shown, palette

    def layout_lines(self, width: int) -> Layout:
        """The items placed in this width, and the palette key at the right of the last
        line (its room is kept free on every line, so the lines line up)."""
        if self._laid_out is None or self._laid_out[0] != width:
            return self._lay_out(width, self.items())
        return self._laid_out[2]

    def _lay_out(self, width: int, items: Items) -> Layout:
        layout = self._layout(width, *items)
        self._laid_out = (width, items, layout)
        return layout

    def _layout(self, width: int, shown: list[KeyItem], palette: KeyItem | None) -> Layout:
        if palette is None:
            return fit_items(shown, width), None
        text = f"{self.PALETTE_SEPARATOR}{palette.display} {palette.description} "
        placed = fit_items(shown, max(1, width - cell_len(text)))
        last_line = max((p.line for p in placed), default=0)
        return placed, Placed(palette, last_line, max(0, width - cell_len(text)), text, "")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        placed, _palette = self.layout_lines(width)
        return 1 + max((p.line for p in placed), default=0)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Repaint when the keys shown changed (focus moves often without changing them)."""
        width, items = self.size.width, self.items()
        if self._laid_out is not None and self._laid_out[:2] == (width, items):
            return
        self._lay_out(width, items)
        lines = self.get_content_height(self.size, self.size, width)
        self.refresh(layout=lines != self.size.height)  # a second line, or one fewer

    # --- drawing --------------------------------------------------------------------------

    def render(self) -> Content:
        placed, palette = self.layout_lines(self.size.width)
        everything = [*placed, *([palette] if palette is not None else [])]
        key_style = self.get_visual_style("key-bar--key", partial=True)
        description_style = self.get_visual_style("key-bar--description", partial=True)
        hover_style = self.get_visual_style("key-bar--hover", partial=True)
        parts: list[tuple[str, Style] | str] = []
        line = column = 0
        for index, place in enumerate(everything):
            if place.line != line:
                parts.append("\n")
                line, column = place.line, 0
            parts.append(" " * (place.start - column))
            extra = hover_style if index == self.hovered and place.item else None
            dim = Style(dim=True) if place.item is not None and not place.item.enabled else None
            is_palette = place is palette
            parts.append(
                (
                    place.key_text,
                    _combine(description_style if is_palette else key_style, extra, dim),
                )
            )
            parts.append((place.description_text, _combine(description_style, extra, dim)))
            column = place.end
        return Content.assemble(*parts)

    # --- mouse ----------------------------------------------------------------------------

    def item_at(self, x: int, y: int = 0) -> tuple[int, KeyItem] | None:
        placed, palette = self.layout_lines(self.size.width)
        everything = [*placed, *([palette] if palette is not None else [])]
        for index, place in enumerate(everything):
            if place.item is not None and place.line == y and place.start <= x < place.end:
                return index, place.item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self.item_at(event.x, event.y)
        self.hovered = found[0] if found else None
        self.tooltip = plain(found[1].tooltip) if found else None

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None
        self.tooltip = None

    def on_click(self, event: events.Click) -> None:
        found = self.item_at(event.x, event.y)
        if found is None:
            return
        _index, item = found
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()


def _combine(*styles: Style | None) -> Style:
    combined = Style()
    for style in styles:
        if style is not None:
            combined += style
    return combined
