"""The key bar: the current screen's keys on the bottom line, drawn as one widget.

It shows what Textual's Footer shows (each shown binding of the focus chain, disabled ones
dimmed, the command palette key on the right; a click presses the key, hovering shows its
tooltip), with two differences that matter here:

- Footer mounts a widget per key and rebuilds them all whenever the bindings change (focus
  moves, a list finishes loading). At start-up that was about 40 ms of CPU, the largest share
  of the console's own start-up work. This bar computes the line at render time and only repaints.
- Footer crops what does not fit, so at 80 columns "q Quit" and "? Help" fell off. This bar
  tightens its spacing first, and when it must drop keys it says so with "…" and keeps "? Help",
  which lists every key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

HELP_ACTION = "help"  # kept visible when keys must be dropped: it lists them all
MORE = "…"


@dataclass(frozen=True)
class KeyItem:
    """One key as shown: `key` is what a click presses."""

    key: str
    action: str
    display: str
    description: str
    tooltip: str
    enabled: bool


@dataclass(frozen=True)
class Placed:
    """An item with the columns it occupies on the line."""

    item: KeyItem | None  # None for the "…" marker
    start: int
    key_text: str
    description_text: str

    @property
    def end(self) -> int:
        return self.start + len(self.key_text) + len(self.description_text)


ROOMY = (" {} ", "{} ")  # (key, description) as Textual's Footer spaces them
TIGHT = ("{}", " {} ")


def fit_items(items: Sequence[KeyItem], width: int) -> list[Placed]:
    """Lay the items out in `width` columns: roomy if they fit, tight if that fits, else as
    many as fit, then "…" and the help key."""
    for spacing in (ROOMY, TIGHT):
        placed = _place(items, spacing)
        if not placed or placed[-1].end <= width:
            return placed
    kept = [item for item in items if item.action != HELP_ACTION]
    tail: list[KeyItem | None] = [None, *(i for i in items if i.action == HELP_ACTION)]
    while kept:
        kept.pop()
        placed = _place([*kept, *tail], TIGHT)
        if placed[-1].end <= width:
            return placed
    return _place(tail, TIGHT)


def _place(items: Sequence[KeyItem | None], spacing: tuple[str, str]) -> list[Placed]:
    key_format, description_format = spacing
    placed: list[Placed] = []
    column = 0
    for item in items:
        if item is None:
            key_text, description_text = MORE, " "
        else:
            key_text = key_format.format(item.display)
            description_text = (
                description_format.format(item.description) if item.description else " "
            )
        placed.append(Placed(item, column, key_text, description_text))
        column = placed[-1].end
    return placed


class KeyBar(Widget, can_focus=False):
    """The bottom line of every screen: its keys, kept current as focus and state change."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    # --- what to show ---------------------------------------------------------------------

    def items(self) -> tuple[list[KeyItem], KeyItem | None]:
        """The shown bindings, one per action, and the command palette's key apart."""
        app = self.app
        shown: list[KeyItem] = []
        actions: set[str] = set()
        palette: KeyItem | None = None
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            item = KeyItem(
                binding.key,
                binding.action,
                app.get_key_display(binding),
                binding.description,
                tooltip or binding.tooltip or binding.description,
                enabled,
            )
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = item
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append(item)
        return shown, palette

    def layout_line(self) -> tuple[list[Placed], Placed | None]:
        """The items placed on this width: the palette key at the right end."""
        shown, palette = self.items()
        width = self.size.width
        palette_placed: Placed | None = None
        if palette is not None:
            text = f"{self.PALETTE_SEPARATOR}{palette.display} {palette.description} "
            palette_placed = Placed(palette, max(0, width - len(text)), text, "")
            width -= len(text)
        return fit_items(shown, width), palette_placed

    # --- drawing --------------------------------------------------------------------------

    def render(self) -> Content:
        placed, palette = self.layout_line()
        key_style = self.get_visual_style("key-bar--key", partial=True)
        description_style = self.get_visual_style("key-bar--description", partial=True)
        hover_style = self.get_visual_style("key-bar--hover", partial=True)
        parts: list[tuple[str, Style] | str] = []
        column = 0
        for index, place in enumerate(placed):
            extra = hover_style if index == self.hovered and place.item else None
            dim = Style(dim=True) if place.item is not None and not place.item.enabled else None
            parts.append((place.key_text, _combine(key_style, extra, dim)))
            parts.append((place.description_text, _combine(description_style, extra, dim)))
            column = place.end
        if palette is not None:
            parts.append(" " * max(0, palette.start - column))
            extra = hover_style if self.hovered == len(placed) else None
            parts.append((palette.key_text, _combine(description_style, extra)))
        return Content.assemble(*parts)

    # --- mouse ----------------------------------------------------------------------------

    def item_at(self, x: int) -> tuple[int, KeyItem] | None:
        placed, palette = self.layout_line()
        everything = [*placed, *([palette] if palette is not None else [])]
        for index, place in enumerate(everything):
            if place.item is not None and place.start <= x < place.end:
                return index, place.item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self.item_at(event.x)
        self.hovered = found[0] if found else None
        self.tooltip = found[1].tooltip if found else None

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None
        self.tooltip = None

    def on_click(self, event: events.Click) -> None:
        found = self.item_at(event.x)
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
