"""Ask for the iPaaS.com password or API key when the keyring has none; offer to remember it.

When the keyring cannot be used at all (no keyring over SSH, a locked one), the dialog says why
and the log-in lasts this session only: nothing is offered that cannot be kept.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from config.profile import Profile
from tui.connection import Credentials
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain


class LoginScreen(ModalScreen[tuple[Credentials, bool] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="login.cancel", tooltip="Do not log in"),
    ]

    def __init__(self, profile: Profile, keyring_problem: str | None = None) -> None:
        super().__init__()
        self.profile = profile
        self.keyring_problem = keyring_problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(f"Log in to iPaaS.com ({self.profile.environment})"), classes="title")
            if self.keyring_problem:
                yield Static(
                    plain(f"{self.keyring_problem}\nThis log-in will last this session only."),
                    classes="hint",
                    id="keyring-problem",
                )
            else:
                yield Static(
                    plain(f"Profile {self.profile.name}: no password or API key in the keyring."),
                    classes="hint",
                )
            yield Input(self.profile.email, placeholder="email", id="email")
            yield Input(placeholder="password", password=True, id="password")
            yield Checkbox("This is an API key, not a password", id="is-api-key")
            yield Checkbox(
                "Remember in the OS keyring",
                value=self.keyring_problem is None,
                disabled=self.keyring_problem is not None,
                id="remember",
            )
            yield Static("", id="login-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Log in", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def on_mount(self) -> None:
        target = "#password" if self.profile.email else "#email"
        self.query_one(target, Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        email = self.query_one("#email", Input).value.strip()
        secret = self.query_one("#password", Input).value
        is_key = self.query_one("#is-api-key", Checkbox).value
        if not secret or (not is_key and not email):
            self.query_one("#login-error", Static).update(
                "Enter the email and the password (or tick API key and paste the key)."
            )
            return
        credentials = (
            Credentials(email, api_key=secret) if is_key else Credentials(email, password=secret)
        )
        self.dismiss((credentials, self.query_one("#remember", Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
