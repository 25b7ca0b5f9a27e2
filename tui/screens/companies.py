"""Choose the company to work in (the portal's "select your company"), and keep the choice in
the profile so that neither the console nor a command asks again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, OptionList
from textual.widgets.option_list import Option

from tui.clients.models import Company
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain

Choice = tuple[Company, bool]  # the company, and whether to keep it in the profile


class CompanyPicker(ModalScreen[Choice | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="company.cancel", tooltip="Choose no company"),
    ]

    def __init__(self, companies: list[Company], profile: str | None = None) -> None:
        """`profile`: the profiles.toml profile the choice can be kept in (None: nowhere)."""
        super().__init__()
        self.companies = companies
        self.profile = profile

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
            if self.profile is not None:
                yield Checkbox(
                    plain(f"Keep it in profile {self.profile} (company_id in profiles.toml)"),
                    value=True,
                    id="remember-company",
                )
        yield KeyBar()  # this dialog's keys, over the screen below's

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        company = next(c for c in self.companies if c.id == event.option.id)
        remember = self.profile is not None and self.query_one(Checkbox).value
        self.dismiss((company, remember))

    def action_cancel(self) -> None:
        self.dismiss(None)
