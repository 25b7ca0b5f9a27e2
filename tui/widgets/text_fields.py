"""Text fields that never send a control character to the terminal (a TextArea's is in
tui/widgets/text_editor.py: its module is heavy, and no first frame needs it).

Textual's Input and TextArea draw their value as it is: an ESC in a template from iPaaS.com,
or in a value read from profiles.toml, would reach the terminal as the start of an escape
sequence (`\\x1b[2J` clears it). These draw every line without such characters. They take no
terminal cell, so the cursor and the selection stay where they were; the value itself is kept
as it came (the template linter reports control characters, and its fix removes them).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

from config.controls import CONTROLS


def drawn_without_controls(strip: Strip) -> Strip:
    if not any(CONTROLS.search(segment.text) for segment in strip):
        return strip
    return Strip(
        [
            Segment(text if control else CONTROLS.sub("", text), style, control)
            for text, style, control in strip
        ],
        strip.cell_length,
    )


class TextInput(Input):
    def render_line(self, y: int) -> Strip:
        return drawn_without_controls(super().render_line(y))
