"""The filter box of a list: an Input whose typing does not re-arrange the whole screen.

Textual's Input sets its `virtual_size` (its text's width) on every keystroke, and that
reactive asks for a layout pass of the whole screen: with a list, a status line and a key
bar, it doubled the CPU a keystroke costs. The box's own size comes from CSS, so here the
width only repaints the box (and keeps horizontal scrolling right).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
