"""A yes/no question, optionally with the changes it would make shown as a diff."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain, printable


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Cancel"),
    ]

    def __init__(
        self,
        question: str,
        diff: list[str] | None = None,
        yes: str = "Yes",
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.question = question
        self.diff = diff or []
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(plain(self.question), classes="title")  # wraps; a Label cuts
            if self.diff:
                with VerticalScroll(id="diff"):
                    yield Static(_colour(self.diff))
            with Horizontal(classes="buttons"):
                yield Button(plain(f"{self.yes} (y)"), variant="primary", id="yes")
                yield from self.other_buttons()
                yield Button("No (n)", id="no")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def other_buttons(self) -> Iterable[Button]:
        """Buttons between yes and no, for a question with a third way (none here)."""
        return ()

    @on(Button.Pressed, "#yes, #no")
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def _colour(lines: list[str]) -> Content:
    """The diff in the theme's colours (Rich's named ones go through Textual's ANSI palette,
    whose green and red a 16-colour terminal may not keep apart from the accent)."""

    def style(line: str) -> str:
        return "$text-success" if line[:1] == "+" else "$text-error" if line[:1] == "-" else "bold"

    return Content.assemble(*((printable(line) + "\n", style(line)) for line in lines))
