"""Choose the company to work in (the portal's "select your company")."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.clients.models import Company
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain


class CompanyPicker(ModalScreen[Company | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="company.cancel", tooltip="Choose no company"),
    ]

    def __init__(self, companies: list[Company]) -> None:
        super().__init__()
        self.companies = companies

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Choose a company", classes="title")
            yield OptionList(
                *[
                    Option(plain(f"{c.name}  ({', '.join(c.designations) or 'no role'})"), id=c.id)
                    for c in self.companies
                ],
                id="companies",
            )
        yield KeyBar()  # this dialog's keys, over the screen below's

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(c for c in self.companies if c.id == event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
