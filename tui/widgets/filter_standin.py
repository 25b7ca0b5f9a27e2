"""What a list's first frame shows where its filter box goes: a widget drawn like an empty,
unfocused Input showing its placeholder.

Textual's Input costs ~2 ms before a first frame (its large DEFAULT_CSS parsed, its compose,
mount and styles; its module is imported by textual.app anyway), and nobody can type into it
before that frame is on screen. The list screen mounts the real box
(tui/widgets/filter_input.py) in this one's place right after the first frame, or at once when
"/" comes first. The styles below copy those of Input's DEFAULT_CSS that an empty, unfocused,
valid Input uses, and `render_line` draws the placeholder as Input does (wrapped at one cell
more than the box, for a cursor, then cropped), so the swap is invisible at any width
(tests/test_filter_standin.py compares the screens drawn before and after it).
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class FilterStandIn(Widget):
    COMPONENT_CLASSES = {"filter-standin--placeholder"}
    DEFAULT_CSS = """
    FilterStandIn {
        background: $surface;
        color: $foreground;
        padding: 0 2;
        border: tall $border-blurred;
        width: 100%;
        height: 3;
        &>.filter-standin--placeholder {
            color: $text-disabled;
        }
        &:ansi {
            background: ansi_default;
            color: ansi_default;
            &>.filter-standin--placeholder {
                text-style: dim;
                color: ansi_default;
            }
        }
    }
    """

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder

    def render_line(self, y: int) -> Strip:
        """As Input.render_line draws an empty, unfocused Input (Textual 8)."""
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        placeholder = Text(self.placeholder, justify="left", end="")
        placeholder.stylize(self.get_component_rich_style("filter-standin--placeholder"))
        width = self.scrollable_content_region.width + 1
        lines = self.app.console.render(placeholder, self.app.console_options.update_width(width))
        return Strip(lines).apply_style(self.rich_style)
