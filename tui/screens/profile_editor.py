"""Create or edit one profile. Each field is checked as it is typed; secrets go to the keyring."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from config.profile import Profile, ProfileValueError, validate_name
from config.profile_keys import PROFILE_KEYS, ProfileKey
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.text_fields import TextInput

# The form, derived from the key table: a picker for a key with choices, a checkbox for a
# yes/no key, a typed field for the rest.
CHOICE_KEYS = tuple(key for key in PROFILE_KEYS.values() if key.choices)
BOOL_KEYS = tuple(key for key in PROFILE_KEYS.values() if key.kind is bool and not key.choices)
TEXT_KEYS = tuple(key for key in PROFILE_KEYS.values() if key.kind is not bool and not key.choices)
SECRET_FIELDS = {"password": "iPaaS.com password", "api_key": "API key"}


@dataclass(frozen=True)
class ProfileEdit:
    """What the editor asks the store to do: set these keys, remove those, store a secret."""

    name: str
    values: dict[str, Any]
    remove: list[str]
    password: str
    api_key: str


def _field_text(profile: Profile, key: ProfileKey) -> str:
    """What a field starts with: the profile's value, empty when it is the default text."""
    value = getattr(profile, key.name)
    return str(value) if value not in ("", None) else ""


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
                PROFILE_KEYS[self.key].parse(value.strip())
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

    def __init__(
        self,
        profile: Profile | None,
        title: str,
        editing: bool = False,
        taken: Collection[str] = (),
        secrets_place: str = "the keyring",
    ) -> None:
        super().__init__()
        self.secrets_place = secrets_place  # where a password typed here is kept, in words
        self.profile = profile
        self.title_text = title
        self.editing = editing  # an existing profile keeps its name
        # Names in use: a new profile or a copy under one of them would replace that profile.
        self.taken = frozenset(taken)

    def compose(self) -> ComposeResult:
        p = self.profile or Profile(name="")
        with Vertical(classes="dialog wide"):
            yield Label(plain(self.title_text), classes="title")
            with VerticalScroll(id="profile-form"):
                yield Label("name")
                yield TextInput(
                    p.name,
                    id="name",
                    validators=[KeyValidator("name")],
                    disabled=self.editing,
                )
                for key in CHOICE_KEYS:
                    yield Label(plain(key.name))
                    yield Select(
                        [(label, value) for value, label in key.choices.items()],
                        value=getattr(p, key.name),
                        allow_blank=False,
                        id=key.name,
                    )
                for key in TEXT_KEYS:
                    yield Label(Content.assemble(key.name, ("  ", "dim"), (key.help, "dim")))
                    yield TextInput(
                        _field_text(p, key), id=key.name, validators=[KeyValidator(key.name)]
                    )
                for key in BOOL_KEYS:
                    yield Checkbox(
                        plain(f"{key.name}: {key.help}"), getattr(p, key.name), id=key.name
                    )
                yield Label(
                    Content.assemble(
                        "iPaaS.com password",
                        ("  ", "dim"),
                        (f"stored in {self.secrets_place}; empty keeps it", "dim"),
                    )
                )
                yield TextInput(password=True, id="password")
                yield Label(
                    Content.assemble(
                        "or API key",
                        ("  ", "dim"),
                        (f"stored in {self.secrets_place}; empty keeps it", "dim"),
                    )
                )
                yield TextInput(password=True, id="api_key")
            yield Static("", id="profile-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def on_mount(self) -> None:
        """Typing starts in the first field one may change (the name, unless it is fixed):
        by default the form's scroll container would take the focus and the keys."""
        form = self.query_one("#profile-form", VerticalScroll)
        field = next((w for w in form.query("Input, Select, Checkbox") if w.focusable), None)
        if field is not None:
            field.focus()
        self.started_with = self._form()

    def _form(self) -> dict[str, object]:
        """Every field's value now, by its id."""
        form = self.query_one("#profile-form", VerticalScroll)
        return {
            w.id: getattr(w, "value", None) for w in form.query("Input, Select, Checkbox") if w.id
        }

    def unsaved_changes(self) -> list[str]:
        """What quitting now would lose (tui/screens/leaving.py), one '-'/'+' pair a field; a
        typed password or API key is named, never shown."""
        now = self._form()
        lines = [f"Profile {now.get('name') or self.title_text}"]
        for key, was in self.started_with.items():
            if now[key] == was:
                continue
            if key in SECRET_FIELDS:
                lines.append(f"+ {SECRET_FIELDS[key]}: typed, not saved")
            else:
                lines += [f"- {key} = {was if was != '' else '(empty)'}"]
                lines += [f"+ {key} = {now[key] if now[key] != '' else '(empty)'}"]
        return lines if len(lines) > 1 else []

    @on(Input.Changed)
    def show_validation(self, event: Input.Changed) -> None:
        result = event.validation_result
        message = "" if result is None or result.is_valid else result.failure_descriptions[0]
        self.query_one("#profile-error", Static).update(plain(message))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#profile-error", Static)
        name = self.query_one("#name", Input).value.strip()
        values: dict[str, Any] = {
            key.name: self.query_one(f"#{key.name}", Select).value for key in CHOICE_KEYS
        }
        remove: list[str] = []
        try:
            validate_name(name)
            if not self.editing and name in self.taken:
                raise ProfileValueError(
                    None,
                    f"A profile named {name!r} exists already: choose another name "
                    "(Escape, then e, edits that one).",
                )
            for key in TEXT_KEYS:
                text = self.query_one(f"#{key.name}", Input).value.strip()
                if text:
                    values[key.name] = key.parse(text)
                else:
                    remove.append(key.name)
            for key in BOOL_KEYS:
                values[key.name] = self.query_one(f"#{key.name}", Checkbox).value
        except ProfileValueError as exc:
            error.update(plain(exc))
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
