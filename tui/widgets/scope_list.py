"""The template's scopes as a list with their meaning; Delete removes the highlighted one."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from config.zoho import KNOWN_SCOPES
from tui.widgets.plain import printable


class ScopeList(OptionList):
    BINDINGS = [
        Binding(
            "delete,x",
            "remove",
            "Remove scope",
            id="scopes.remove",
            tooltip="Remove the highlighted scope from the template",
        ),
    ]

    class Removed(Message):
        def __init__(self, scope: str) -> None:
            super().__init__()
            self.scope = scope

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scopes: list[str] = []

    def set_scopes(self, scopes: list[str]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            # The scope comes from the template: literal text, only our meaning is dimmed.
            Option(
                Content.assemble(printable(scope) + "  ", (KNOWN_SCOPES.get(scope, ""), "dim")),
                id=f"scope-{i}",
            )
            for i, scope in enumerate(scopes)
        )
        self.scopes = list(scopes)
        if scopes:
            self.highlighted = min(highlighted or 0, len(scopes) - 1)

    def action_remove(self) -> None:
        if self.highlighted is not None and self.scopes:
            self.post_message(self.Removed(self.scopes[self.highlighted]))
