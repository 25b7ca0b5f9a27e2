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

    def on_mount(self) -> None:
        # The keys, not the notices: ↓ and PgDn move through them at once.
        self.query_one("#help-keys").focus()

    def action_close(self) -> None:
        self.dismiss(None)


# What Textual's own widgets' keys do, for those of their bindings that carry no tooltip (the
# tables' sideways scrolling, a TextArea's or an Input's editing keys).
TEXTUAL_ACTIONS = {
    "scroll_left": "Show the columns to the left",
    "scroll_right": "Show the columns to the right",
    "page_left": "One screen to the left",
    "page_right": "One screen to the right",
    "scroll_up": "Scroll up",
    "scroll_down": "Scroll down",
    "scroll_home": "Scroll to the top",
    "scroll_end": "Scroll to the bottom",
    "scroll_top": "First row",
    "scroll_bottom": "Last row",
    "page_up": "One screen up",
    "page_down": "One screen down",
    "cursor_up": "Previous row",
    "cursor_down": "Next row",
    "cursor_left": "Previous column",
    "cursor_right": "Next column",
    "select_cursor": "Choose the highlighted row",
    "first": "First row",  # an OptionList's (the version editor's scope list)
    "last": "Last row",
    "select": "Choose the highlighted row",
    "undo": "Undo the last change",
    "redo": "Redo what was undone",
    "select_all": "Select all the text",
    "copy": "Copy the selection",
    "copy_text": "Copy the selected text; with nothing selected, quit",
    "cut": "Cut the selection",
    "paste": "Paste",
}


def _action_name(action: str) -> str:
    """The name of an action such as "screen.copy_text" or "cursor(1)": copy_text, cursor."""
    return action.partition("(")[0].rpartition(".")[2]


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
        what = binding.tooltip or TEXTUAL_ACTIONS.get(_action_name(binding.action), "")
        (shown if binding.show else rows).append((display or key, binding.description, what))
    return shown + rows
