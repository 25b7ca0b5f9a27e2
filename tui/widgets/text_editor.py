"""A TextArea that never sends a control character to the terminal (see text_fields.py), and
repaints its soft-wrapped lines when they are wrapped again.
"""

from __future__ import annotations

from textual import events
from textual.strip import Strip
from textual.widgets import TextArea

from tui.widgets.text_fields import drawn_without_controls


class TextEditor(TextArea):
    def render_line(self, y: int) -> Strip:
        return drawn_without_controls(super().render_line(y))

    def on_resize(self, event: events.Resize) -> None:
        """Textual wraps the lines again for the new width but repaints only when their number
        changed: when a preset made the template longer than its box, the scroll bar took two
        columns, and the lines drawn for the wider box stayed, a character at each wrap hidden
        under the bar, until the window was resized."""
        self.refresh()
