"""A TextArea that never sends a control character to the terminal (see text_fields.py)."""

from __future__ import annotations

from textual.strip import Strip
from textual.widgets import TextArea

from tui.widgets.text_fields import drawn_without_controls


class TextEditor(TextArea):
    def render_line(self, y: int) -> Strip:
        return drawn_without_controls(super().render_line(y))
