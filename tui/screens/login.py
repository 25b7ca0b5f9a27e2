"""Ask for the iPaaS.com password or API key when the keyring has none; offer to remember it.

With secret_storage = "file" the dialog names that file instead: the keyring is not used.

When the keyring cannot be used at all (no keyring over SSH, a locked one), the dialog says why
and the log-in lasts this session only: nothing is offered that cannot be kept.

The dialog stays open while the log-in is tried: `ask()` hands over one answer, and a refused
log-in asks again in place with the reason (the app closes the dialog when it is done).
"""

from __future__ import annotations

import asyncio

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from config.profile import Profile
from tui.connection import Credentials
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.text_fields import TextInput

Answer = tuple[Credentials, bool] | None
# Rows around the fields: the title bar kept in sight, the dialog's border, its title, the
# buttons and the key bar.
AROUND_FIELDS = 1 + 2 + 1 + 3 + 1


class LoginScreen(ModalScreen[Answer]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="login.cancel", tooltip="Do not log in"),
    ]

    def __init__(
        self,
        profile: Profile,
        keyring_problem: str | None = None,
        refused: str | None = None,
        kept_in: str = "the keyring",
    ) -> None:
        super().__init__()
        self.profile = profile
        self.kept_in = kept_in  # where a remembered log-in goes, in words (config.secrets)
        self.keyring_problem = keyring_problem
        self.refused = refused  # why the stored log-in did not work
        self._answer: asyncio.Future[Answer] | None = None
        self._done = False

    def compose(self) -> ComposeResult:
        # The fields scroll inside the dialog and the buttons stay below them: at 80x24 with a
        # keyring problem and a refusal to show, the whole dialog is taller than the screen.
        with Vertical(classes="dialog", id="login-dialog"):
            yield Label(plain(f"Log in to iPaaS.com ({self.profile.environment})"), classes="title")
            with VerticalScroll(id="login-body"):
                if self.keyring_problem:
                    yield Static(
                        plain(f"{self.keyring_problem}\nThis log-in lasts this session only."),
                        classes="hint",
                        id="keyring-problem",
                    )
                else:
                    where = self.kept_in
                    yield Static(
                        plain(f"Profile {self.profile.name}: no password or API key in {where}."),
                        classes="hint",
                    )
                yield TextInput(self.profile.email, placeholder="email", id="email")
                yield TextInput(placeholder="password", password=True, id="password")
                # Under the password, where the eyes are when Enter was pressed: at 80x24 it
                # fell below the visible part of the fields.
                error = Static(plain(self.refused or ""), id="login-error", classes="error")
                error.display = bool(self.refused)  # no empty row until there is something
                yield error
                yield Checkbox("An API key, not a password", id="is-api-key")
                if self.keyring_problem is None:  # nothing offered that cannot be kept
                    yield Checkbox(
                        "Remember in the OS keyring"
                        if self.kept_in == "the keyring"
                        else "Remember in the secrets file (unencrypted)",
                        value=True,
                        id="remember",
                    )
            with Horizontal(classes="buttons"):
                yield Button("Log in", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyBar()  # this dialog's keys, over the screen below's

    def on_resize(self, event: events.Resize) -> None:
        self.fit()

    def fit(self) -> None:
        """The fields scroll inside the rows the rest leaves (a fraction would stretch a
        short dialog to the screen's height), so the buttons stay on screen."""
        body = self.query_one("#login-body", VerticalScroll)
        body.styles.max_height = max(3, self.size.height - AROUND_FIELDS)

    def on_mount(self) -> None:
        self.fit()
        target = "#password" if self.profile.email else "#email"
        self.query_one(target, Input).focus()

    async def ask(self, refused: str | None = None) -> Answer:
        """The next answer: credentials to try, or None when cancelled. `refused` says why
        the previous answer did not work; the password is cleared to be typed again."""
        if refused is not None:
            error = self._say(refused)
            password = self.query_one("#password", Input)
            password.value = ""
            password.focus()
            self.call_after_refresh(error.scroll_visible, animate=False)
        self.query_one("#ok", Button).disabled = False
        self._answer = asyncio.get_running_loop().create_future()
        return await self._answer

    def close(self) -> None:
        """Done with logging in: close now, or as soon as a dialog above it (help) closes."""
        self._done = True
        # Dismissed from the dialog's own message loop, as a key handler would: removing the
        # screen from another task (the app's start-up worker) can leave its removal hanging.
        self.call_later(self.on_screen_resume)

    def on_screen_resume(self) -> None:
        if self._done and self.is_current:
            self.dismiss(None)

    def _reply(self, answer: Answer) -> None:
        if self._answer is None:  # shown on its own (a snapshot): answer by closing
            self.dismiss(answer)
        elif not self._answer.done():
            self._answer.set_result(answer)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        if self._answer is not None and self._answer.done():
            return  # this answer is being tried

        email = self.query_one("#email", Input).value.strip()
        secret = self.query_one("#password", Input).value
        is_key = self.query_one("#is-api-key", Checkbox).value
        if not secret or (not is_key and not email):
            self._say("Enter the email and the password (or tick API key and paste the key).")
            return
        credentials = (
            Credentials(email, api_key=secret) if is_key else Credentials(email, password=secret)
        )
        self._say("Logging in…")
        self.query_one("#ok", Button).disabled = True
        remember = self.query("#remember").results(Checkbox)
        self._reply((credentials, any(box.value for box in remember)))

    def _say(self, text: str) -> Static:
        """Under the password: why the log-in did not work (the server's words), or that it is
        being tried."""
        error = self.query_one("#login-error", Static)
        error.update(plain(text))
        error.display = True
        return error

    @on(Checkbox.Changed, "#is-api-key")
    def secret_kind_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#password", Input).placeholder = "API key" if event.value else "password"

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._answer is not None and self._answer.done():
            self.dismiss(None)  # cancelled while a log-in is tried: the app sees it closed
            return
        self._reply(None)
