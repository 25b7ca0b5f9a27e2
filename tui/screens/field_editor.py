"""Edit or add one custom field of a version (key, value, available in API)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from tui.clients.models import CustomField
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.text_fields import TextInput


class FieldEditor(ModalScreen[CustomField | None]):
    BINDINGS = [
        Binding(
            "escape", "cancel", "Cancel", id="field.cancel", tooltip="Keep the field as it was"
        ),
    ]

    def __init__(self, field: CustomField | None, taken: set[str]) -> None:
        super().__init__()
        self.field = field
        self.taken = taken - ({field.key} if field else set())

    def compose(self) -> ComposeResult:
        field = self.field or CustomField("", "")
        with Vertical(classes="dialog"):
            yield Label("Custom field" if self.field else "New custom field", classes="title")
            yield TextInput(field.key, placeholder="key, e.g. RedirectUrl", id="field-key")
            yield TextInput(field.value, placeholder="value", id="field-value")
            yield Checkbox(
                "Available in API",
                field.available_in_api is not False,
                id="field-api",
                tooltip="Whether the integration may read this field through the API "
                "(new fields: on, as iPaaS.com's own utility creates them)",
            )
            yield Static("", id="field-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def on_mount(self) -> None:
        self.started_with = self._form()

    def _form(self) -> tuple[str, str, bool]:
        return (
            self.query_one("#field-key", Input).value,
            self.query_one("#field-value", Input).value,
            self.query_one("#field-api", Checkbox).value,
        )

    def unsaved_changes(self) -> list[str]:
        """What quitting now would lose (tui/screens/leaving.py): the field as typed."""
        now = self._form()
        if now == self.started_with:
            return []
        key, value, in_api = now
        was_key, was_value, was_in_api = self.started_with
        return [
            f"Custom field {key or was_key or '(no key yet)'} (not yet in the version)",
            *([f"- {was_key} = {was_value} · in API: {was_in_api}"] if self.field else []),
            f"+ {key} = {value} · in API: {in_api}",
        ]

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        key = self.query_one("#field-key", Input).value.strip()
        error = self.query_one("#field-error", Static)
        if not key or any(c in key for c in "{}: "):
            error.update("A key is one word without spaces, braces or colons.")
            return
        if key in self.taken:
            error.update(plain(f"The version already has a field {key!r}."))
            return
        in_api: bool | None = self.query_one("#field-api", Checkbox).value
        if self.field is not None and self.field.available_in_api is None and in_api:
            in_api = None  # not set on iPaaS.com and not touched here: keep it unset
        self.dismiss(CustomField(key, self.query_one("#field-value", Input).value, in_api))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
