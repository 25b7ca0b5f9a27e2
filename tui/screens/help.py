"""Every key of the screen the user came from, with what it does."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.scalar import Scalar
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static, TextArea

from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import cell_len, plain, printable

DIALOG_WIDTH = 100  # .dialog.wide in app.tcss
# Beside the columns: the dialog's thick border and padding (4), the table's vertical
# scrollbar (2), and one cell of padding each side of each of the three columns (6).
CHROME = 4 + 2 + 6
KEY_MAX, ACTION_MAX, WHAT_MIN = 14, 22, 24


class KeysTable(DataTable[Text]):
    """The keys, one row each; Home and End go to the first and the last row (the columns
    always fit, so there is nothing to scroll sideways)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False, id="help.first", tooltip="First row"),
        Binding("end", "scroll_bottom", "Last", show=False, id="help.last", tooltip="Last row"),
    ]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    #help-dialog { height: auto; max-height: 100%; }
    #help-notices-box { height: auto; max-height: 30%; }
    #help-keys { height: auto; overflow-x: hidden; }
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
        self._filled_for = 0  # the screen width the columns were sized for

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog wide"):
            notices = getattr(self.app, "notices", [])
            if notices:  # shown whole here; a small screen's toasts carry their first line
                yield Label("Notices", classes="title")
                with VerticalScroll(id="help-notices-box"):  # scrolls on a small screen
                    yield Static(plain("\n".join(notices)), id="help-notices", classes="hint")
            yield Label("Keys on this screen", classes="title")
            yield KeysTable(cursor_type="row", id="help-keys")
            yield Static("ctrl+p: command palette · Escape: close", classes="hint")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def on_mount(self) -> None:
        self.fill(self.app.size.width)
        # The keys, not the notices: ↓ and PgDn move through them at once.
        self.query_one(KeysTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        self.fill(event.size.width)
        self.call_after_refresh(self.fit_height)

    def fit_height(self) -> None:
        """The table takes what the dialog's other lines leave of the screen, and scrolls:
        Escape's hint and the bottom line stay in sight at 80x24 (an auto-height dialog would
        grow past the screen with a long table)."""
        dialog = self.query_one("#help-dialog", Vertical)
        table = self.query_one(KeysTable)
        others = sum(w.outer_size.height for w in dialog.children if w is not table)
        bar = self.query_one(KeyBar).outer_size.height
        room = self.size.height - bar - others - dialog.styles.gutter.height
        if table.styles.max_height != Scalar.from_number(max(room, 3)):
            table.styles.max_height = max(room, 3)

    def fill(self, screen_width: int) -> None:
        """Columns as wide as the dialog allows, long descriptions wrapped onto more lines."""
        if screen_width == self._filled_for:
            return
        self._filled_for = screen_width
        widths = column_widths(self.rows, min(DIALOG_WIDTH, screen_width))
        table = self.query_one(KeysTable)
        row = table.cursor_row
        table.clear(columns=True)
        for label, width in zip(("Key", "Action", "What it does"), widths, strict=True):
            table.add_column(label, width=width)
        for cells in self.rows:
            # Text, not str: a DataTable parses a str cell as markup ("[" is a key too).
            table.add_row(*(Text(printable(cell)) for cell in cells), height=None)
        table.move_cursor(row=row)

    def action_close(self) -> None:
        self.dismiss(None)


def column_widths(rows: list[tuple[str, str, str]], dialog_width: int) -> tuple[int, int, int]:
    """Key and Action as wide as their longest entry (within limits), What it does the rest.
    On a narrow screen the names wrap too, between words: never narrower than their longest
    word ("Subscriptions" split as "Subscription / s" read as two things)."""
    room = max(dialog_width - CHROME, 3)
    key = max(min(max((cell_len(r[0]) for r in rows), default=3), KEY_MAX), 3)
    action = max(min(max((cell_len(r[1]) for r in rows), default=6), ACTION_MAX), 6)
    if room - key - action < WHAT_MIN:
        action = max(room - key - WHAT_MIN, _longest_word(r[1] for r in rows))
    if room - key - action < 1:  # narrower still: the keys too, down to their longest word
        key = max(room - action - 1, _longest_word(r[0] for r in rows))
    return key, action, max(room - key - action, 1)


def _longest_word(cells: Iterable[str]) -> int:
    return max((cell_len(word) for cell in cells for word in cell.split()), default=1)


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
    "cursor_up": "Move up a row or line",
    "cursor_down": "Move down a row or line",
    "cursor_left": "Move left",
    "cursor_right": "Move right",
    # A TextArea's (the version editor's template)
    "cursor_word_left": "Move to the previous word",
    "cursor_word_right": "Move to the next word",
    "cursor_line_start": "Move to the start of the line",
    "cursor_line_end": "Move to the end of the line",
    "cursor_page_up": "Move one screen up",
    "cursor_page_down": "Move one screen down",
    "select_line": "Select the whole line",
    "delete_left": "Delete the character before the cursor",
    "delete_right": "Delete the character under the cursor",
    "delete_word_left": "Delete back to the start of the word",
    "delete_word_right": "Delete forward to the start of the next word",
    "delete_to_start_of_line": "Delete back to the start of the line",
    "delete_to_end_of_line": "Delete to the end of the line",
    "delete_to_end_of_line_or_delete_line": "Delete to the end of the line",
    "delete_line": "Delete the whole line",
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


# A read-only TextArea's keys that would change its text: not offered (the version editor's
# template is read-only until Enter).
EDITING_ACTIONS = {name for name in TEXTUAL_ACTIONS if name.startswith("delete_")} | {
    "cut",
    "paste",
    "undo",
    "redo",
}


def _action_name(action: str) -> str:
    """The name of an action such as "screen.copy_text" or "cursor(1)": copy_text, cursor."""
    return action.partition("(")[0].rpartition(".")[2]


def _edits_read_only_text(node: object, action: str) -> bool:

    return isinstance(node, TextArea) and node.read_only and _action_name(action) in EDITING_ACTIONS


def _binding_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """The screen's own keys (those in the footer) first, then movement and the rest."""
    shown: list[tuple[str, str, str]] = []
    rows: list[tuple[str, str, str]] = []
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if (binding.id or binding.action) in seen or not binding.description:
            continue
        if _edits_read_only_text(active.node, binding.action):
            continue
        seen.add(binding.id or binding.action)
        display = binding.key_display or screen.app.get_key_display(binding)
        what = binding.tooltip or TEXTUAL_ACTIONS.get(_action_name(binding.action), "")
        if what and not binding.tooltip and binding.action.endswith("(True)"):
            what += ", selecting"  # shift+arrow: cursor_left(True)
        (shown if binding.show else rows).append((display or key, binding.description, what))
    return shown + rows
