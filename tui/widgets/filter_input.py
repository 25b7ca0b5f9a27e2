"""The filter box of a list: an Input that filters in the same frame as the key, and whose
typing does not re-arrange the whole screen.

- Textual's Input redraws itself, then posts `Changed`; a list filtered on that message is
  drawn a frame later (Textual paces frames at 60 a second): ~33 ms from key to result. Here
  `on_change` runs as the value changes, so the text and the filtered list share a frame.
- The Input sets its `virtual_size` (its text's width) on every keystroke, and that reactive
  asks for a layout pass of the whole screen: with a list, a status line and a key bar, it
  doubled the CPU a keystroke costs. The box's size comes from CSS, so here the width only
  repaints the box (and keeps horizontal scrolling right).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive

from tui.widgets.text_fields import TextInput


class FilterInput(TextInput):
    # The screen's Escape, shown while typing here (the screen's own is hidden: the key bar
    # then offered nothing but Enter).
    BINDINGS = [
        Binding(
            "escape",
            "screen.clear_filter",
            "Clear filter",
            id="filter.clear",
            tooltip="Clear the filter and go back to the list",
        )
    ]
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, on_change: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        if self._on_change is not None:
            self._on_change(value)
