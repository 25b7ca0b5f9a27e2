"""Create or edit one profile. Each field is checked as it is typed; secrets go to the keyring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from config.environments import ENVIRONMENTS
from config.profile import (
    BOOL_KEYS,
    KEYS,
    Profile,
    ProfileValueError,
    check_value,
    parse_cli_value,
    validate_name,
)
from config.zoho import DATA_CENTRES
from tui.widgets.key_bar import KeyBar

TEXT_KEYS = (
    "email",
    "company_id",
    "integration_id",
    "subscription_id",
    "callback_host",
    "callback_port",
    "auth_timeout",
    "api_url",
    "portal_url",
)


@dataclass(frozen=True)
class ProfileEdit:
    """What the editor asks the store to do: set these keys, remove those, store a secret."""

    name: str
    values: dict[str, Any]
    remove: list[str]
    password: str
    api_key: str


class KeyValidator(Validator):
    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.success()
        try:
            if self.key == "name":
                validate_name(value.strip())
            else:
                check_value(self.key, parse_cli_value(self.key, value.strip()))
        except ProfileValueError as exc:
            return self.failure(str(exc))
        return self.success()


class ProfileEditor(ModalScreen[ProfileEdit | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel", tooltip="Discard the edit"),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="profile.save",
            tooltip="Save to profiles.toml",
            priority=True,
        ),
    ]

    def __init__(self, profile: Profile | None, title: str, editing: bool = False) -> None:
        super().__init__()
        self.profile = profile
        self.title_text = title
        self.editing = editing  # an existing profile keeps its name

    def compose(self) -> ComposeResult:
        p = self.profile or Profile(name="")
        with Vertical(classes="dialog wide"):
            yield Label(self.title_text, classes="title")
            with VerticalScroll(id="profile-form"):
                yield Label("name")
                yield Input(
                    p.name,
                    id="name",
                    validators=[KeyValidator("name")],
                    disabled=self.editing,
                )
                yield Label("environment")
                yield Select(
                    [(e, e) for e in ENVIRONMENTS],
                    value=p.environment,
                    allow_blank=False,
                    id="environment",
                )
                yield Label("zoho_dc")
                yield Select(
                    [(f"{dc.code} · {dc.accounts_url}", dc.code) for dc in DATA_CENTRES.values()],
                    value=p.zoho_dc,
                    allow_blank=False,
                    id="zoho_dc",
                )
                for key in TEXT_KEYS:
                    yield Label(f"{key}  [dim]{KEYS[key]}[/]")
                    yield Input(str(getattr(p, key) or ""), id=key, validators=[KeyValidator(key)])
                for key in BOOL_KEYS:
                    yield Checkbox(f"{key}: {KEYS[key]}", getattr(p, key), id=key)
                yield Label("iPaaS.com password  [dim]stored in the keyring; empty keeps it[/]")
                yield Input(password=True, id="password")
                yield Label("or API key  [dim]stored in the keyring; empty keeps it[/]")
                yield Input(password=True, id="api_key")
            yield Static("", id="profile-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        yield KeyBar()  # this dialog's keys, over the screen below's

    @on(Input.Changed)
    def show_validation(self, event: Input.Changed) -> None:
        result = event.validation_result
        message = "" if result is None or result.is_valid else result.failure_descriptions[0]
        self.query_one("#profile-error", Static).update(message)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#profile-error", Static)
        name = self.query_one("#name", Input).value.strip()
        values: dict[str, Any] = {
            "environment": self.query_one("#environment", Select).value,
            "zoho_dc": self.query_one("#zoho_dc", Select).value,
        }
        remove: list[str] = []
        try:
            validate_name(name)
            for key in TEXT_KEYS:
                text = self.query_one(f"#{key}", Input).value.strip()
                if text:
                    values[key] = check_value(key, parse_cli_value(key, text))
                else:
                    remove.append(key)
            for key in BOOL_KEYS:
                values[key] = self.query_one(f"#{key}", Checkbox).value
        except ProfileValueError as exc:
            error.update(str(exc))
            return
        self.dismiss(
            ProfileEdit(
                name,
                values,
                remove,
                self.query_one("#password", Input).value,
                self.query_one("#api_key", Input).value,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
