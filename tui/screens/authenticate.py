"""Authenticate a subscription with Zoho: the seed's "click Authenticate, accept, get tokens".

The sign-in is tui/core/authenticate.py and its display tui/widgets/sign_in_panel.py; this
screen holds the keys: Enter starts (or, once stopped, starts again), the copy keys, the plain
view, a browser anyway, Escape.
"""

from __future__ import annotations

import asyncio

from textual import events, work
from textual.app import ComposeResult
from textual.widgets import Input
from textual.worker import Worker

from tui.core.authenticate import Authenticate, Face, Stopped
from tui.core.authenticate_text import CANCELLED, completion_notice, stopped_text
from tui.oauth.flow import AuthFlow
from tui.screens.authenticate_keys import AUTHENTICATE_KEYS
from tui.screens.inner import InnerScreen
from tui.screens.plain_view import PlainView
from tui.widgets.key_bar import KeyBar
from tui.widgets.sign_in_panel import SignInPanel
from tui.widgets.title_bar import TitleBar

TRY_AGAIN = "Press Enter (or a) to try again."  # the start binding, on a stopped attempt
UNKEPT = (
    " They are on the subscription screen until you leave it: copy them now with c and shift+c."
)


class AuthenticateScreen(InnerScreen):
    BINDINGS = AUTHENTICATE_KEYS

    def __init__(self, auth: Authenticate) -> None:
        super().__init__()
        self.auth = auth
        self.finished = False  # the last attempt stopped (success closes the screen)
        self.worker: Worker[None] | None = None
        self.panel = SignInPanel(
            f"Authenticate {auth.flow.subscription.name} with Zoho", auth.redirect_uri, self.ask
        )
        self.plain_view = PlainView()

    @property
    def flow(self) -> AuthFlow:  # the current attempt's URL, state and listener
        return self.auth.flow

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield self.panel
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        running = self.worker is not None and not self.finished
        if action == "start":  # a stopped attempt (success and Escape close the screen)
            return not running
        if action in ("copy_url", "open_browser", "paste"):
            return running
        if action == "copy_ssh":
            return running and bool(self.panel.forward_command)
        if action == "show_plain":
            return running and self.panel.sign_in is not None and not self.app.is_web
        return True

    def action_start(self) -> None:
        if self.finished:  # a new attempt: a fresh state and listener, the old text gone
            self.auth, self.finished = self.auth.again(), False
            self.panel.again()
        elif self.worker is not None:
            return
        self.panel.starting()
        self.console.withdraw("Authentication failed")  # the last attempt's, now moot
        self.worker = self.run_flow()
        self.refresh_bindings()

    @work(exclusive=True, group="auth-flow", exit_on_error=False)
    async def run_flow(self) -> None:
        face = Face(web_opener=self.app.open_url if self.app.is_web else None)
        result = await self.auth.run(self.panel, face)
        self.finished = True
        self.refresh_bindings()
        if isinstance(result, Stopped):
            self.fail(f"{stopped_text(result)} {TRY_AGAIN}")
            return
        self.console.withdraw("Authentication failed")  # an earlier attempt's, now moot
        message, severity = completion_notice(result)
        message += UNKEPT if result.kept_nowhere else ""
        self.plain_view.tell(message)
        timeout = 6 if severity == "information" else 30
        self.notify(message, severity=severity, timeout=timeout, markup=False)
        self.dismiss(result)

    def fail(self, message: str) -> None:
        from tui.clients.trace import debug_hint

        # While debugging, where the HTTP details are (the toast gets it from app.notify).
        self.panel.stopped(message + debug_hint(), f"Stopped. {TRY_AGAIN} Escape goes back.")
        self.plain_view.tell(f"Authentication failed: {message}")
        self.notify(
            message, title="Authentication failed", severity="error", timeout=15, markup=False
        )

    async def ask(self, question: str) -> bool:
        from tui.screens.confirm import ConfirmScreen

        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.app.push_screen(
            ConfirmScreen(question), callback=lambda yes: answer.set_result(bool(yes))
        )
        return await answer

    def on_paste(self, event: events.Paste) -> None:
        """A paste anywhere on this screen is the address the browser ended on: it lands in
        the paste field (where `v` goes), not nowhere. Enter then uses it."""
        field = self.query_one("#paste", Input)
        if field.disabled or self.focused is field:
            return  # the field takes it itself
        event.stop()
        field.value = event.text.strip()
        field.focus()

    def action_paste(self) -> None:
        self.query_one("#paste", Input).focus()

    def action_copy_redirect(self) -> None:
        self.console.copy(self.auth.redirect_uri, "The redirect URI")

    def action_copy_url(self) -> None:
        self.console.copy(self.flow.url, "The sign-in URL")

    def action_copy_ssh(self) -> None:
        self.console.copy(self.panel.forward_command, "The ssh -L command")

    def action_show_plain(self) -> None:
        self.plain_view.open(self.app, self.panel.plain_text())

    def action_open_browser(self) -> None:
        self.auth.open_browser()

    def action_back(self) -> None:
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()  # the sign-in closes the listener's port as it ends
            self.notify(CANCELLED, timeout=4, markup=False)
        self.dismiss(None)
