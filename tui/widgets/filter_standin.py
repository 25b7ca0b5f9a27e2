"""What a list's first frame shows where its filter box goes: a Static drawn like an empty,
unfocused Input showing its placeholder.

Textual's Input costs ~2 ms before a first frame (its module, its large DEFAULT_CSS parsed at
start-up, its compose, mount and styles), and nobody can type into it before that frame is on
screen. The list screen mounts the real box (tui/widgets/filter_input.py) in this one's place
right after the first frame, or at once when "/" comes first. The rules below copy those of
Input's DEFAULT_CSS that an empty, unfocused, valid Input uses, so the swap is invisible
(tests/test_filter_standin.py compares the two, cell by cell).
"""

from __future__ import annotations

from textual.widgets import Static


class FilterStandIn(Static):
    DEFAULT_CSS = """
    FilterStandIn {
        background: $surface;
        color: $text-disabled;
        padding: 0 2;
        border: tall $border-blurred;
        width: 100%;
        height: 3;
        text-wrap: nowrap;  /* an Input crops its one line */
        text-overflow: clip;
        &:ansi {
            background: ansi_default;
            color: ansi_default;
            text-style: dim;
        }
    }
    """

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(placeholder, markup=False, id=id)
