"""Every key of the screen the user came from, with what it does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain, printable


class HelpScreen(ModalScreen[None]):
    KEEPS_TOASTS = True  # nothing to press under them, and the error stays readable
    DEFAULT_CSS = """
    #help-notices-box { height: auto; max-height: 30%; }
    """
    BINDINGS = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            id="help.close",
            tooltip="Back to the screen",
        ),
    ]

    def __init__(self, origin: Screen[object]) -> None:
        super().__init__()
        self.rows = _binding_rows(origin)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            notices = getattr(self.app, "notices", [])
            if notices:  # shown whole here; a small screen's toasts carry their first line
                yield Label("Notices", classes="title")
                with VerticalScroll(id="help-notices-box"):  # scrolls on a small screen
                    yield Static(plain("\n".join(notices)), id="help-notices", classes="hint")
            yield Label("Keys on this screen", classes="title")
            table: DataTable[Text] = DataTable(cursor_type="row", id="help-keys")
            table.add_columns("Key", "Action", "What it does")
            # Text, not str: a DataTable parses a str cell as markup ("[" is a key too).
            table.add_rows([tuple(Text(printable(cell)) for cell in row) for row in self.rows])
            yield table
            yield Static("ctrl+p: command palette · Escape: close", classes="hint")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def action_close(self) -> None:
        self.dismiss(None)


def _binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """The screen's own keys (those in the footer) first, then movement and the rest."""
    shown: list[tuple[str, str, str]] = []
    rows: list[tuple[str, str, str]] = []
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if (binding.id or binding.action) in seen or not binding.description:
            continue
        seen.add(binding.id or binding.action)
        display = binding.key_display or screen.app.get_key_display(binding)
        (shown if binding.show else rows).append(
            (display or key, binding.description, binding.tooltip)
        )
    return shown + rows
