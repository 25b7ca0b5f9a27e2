"""Authenticate a subscription with Zoho: the seed's "click Authenticate, accept, get tokens".

Shows the redirect URI to register first; Enter opens the callback listener and the browser
(or, over SSH, shows the URL and the port-forward command); a pasted redirect works too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from config.errors import ConfigError
from tui.clients.errors import ApiError
from tui.oauth.browser import open_in_browser, plan_browser, ssh_forward_command
from tui.oauth.callback_result import InvalidCallback
from tui.oauth.flow import AuthFlow, Completed, completion_notice
from tui.oauth.listener import ListenerError
from tui.screens.inner import InnerScreen
from tui.screens.subscription import countdown
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain, printable
from tui.widgets.text_fields import TextInput
from tui.widgets.title_bar import TitleBar

CLEAR_SCREEN = "\x1b[H\x1b[2J"  # cursor home, erase the screen
TRY_AGAIN = "Press Enter (or a) to try again."  # the start binding, on a stopped attempt


class AuthenticateScreen(InnerScreen):
    BINDINGS = [
        Binding(
            "enter,a",
            "start",
            "Start",
            id="auth.start",
            tooltip="Open the callback listener and the browser; once stopped, a new attempt",
        ),
        Binding(
            "c",
            "copy_redirect",
            "Copy redirect URI",
            id="auth.copy_redirect",
            tooltip="Copy the redirect URI to register in Zoho's API console",
        ),
        Binding(
            "u",
            "copy_url",
            "Copy URL",
            id="auth.copy_url",
            tooltip="Copy the Zoho sign-in URL",
        ),
        Binding(
            "l",
            "copy_ssh",
            "Copy ssh -L",
            id="auth.copy_ssh",
            tooltip="Copy the ssh -L command that forwards the callback port from your machine",
        ),
        Binding(
            "w",
            "show_plain",
            "Plain text",
            id="auth.show_plain",
            tooltip="Show the URL and the ssh command as plain terminal text, one line each, "
            "so a mouse selection copies them whole (Enter comes back)",
        ),
        Binding(
            "b",
            "open_browser",
            "Open browser",
            id="auth.open_browser",
            tooltip="Open the sign-in URL in a browser anyway",
        ),
        Binding(
            "v",
            "paste",
            "Paste redirect",
            id="auth.paste",
            tooltip="Type or paste the address your browser was sent to",
        ),
    ]

    def __init__(self, flow: AuthFlow) -> None:
        super().__init__()
        self.flow = flow
        self.started = False
        self.finished = False
        self.worker: Worker[None] | None = None
        self._plain_open = False  # the URL is shown as plain lines (w); the console waits
        self.forward_command = ""  # the ssh -L command, when one is useful here
        self._ticking = False  # the countdown's timer, one for every attempt

    def compose(self) -> ComposeResult:
        flow = self.flow
        yield TitleBar()
        with VerticalScroll(id="authenticate"):
            yield Static(plain(f"Authenticate {flow.subscription.name} with Zoho"), classes="title")
            yield Static(  # a Label would cut this line on an 80-column terminal
                "1. Register this redirect URI in Zoho's API console (your client > "
                "Authorized Redirect URIs), exactly as shown:"
            )
            yield Static(plain(flow.redirect_uri), id="redirect-uri", classes="emphasis")
            yield Label("2. Press Enter to sign in at Zoho and accept.", id="step-2")
            yield Static("", id="sign-in-url", classes="url", markup=False)
            yield Static("", id="ssh-hint", classes="hint", markup=False)
            yield Static("", id="ssh-command", classes="url", markup=False)
            yield Static("", id="port-busy", classes="error", markup=False)
            yield Static("", id="progress", classes="hint", markup=False)
            yield TextInput(
                placeholder="or paste the address your browser was sent to, then Enter",
                id="paste",
                disabled=True,
            )
            yield Static("", id="auth-error", classes="error", markup=False)
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":  # a stopped attempt (success and Escape close the screen)
            return not self.started or self.finished
        if action in ("copy_url", "open_browser", "paste"):
            return self.started and not self.finished
        if action == "copy_ssh":
            return bool(self.forward_command) and not self.finished
        if action == "show_plain":
            return self.started and not self.finished and not self.app.is_web
        return True

    # --- the flow -------------------------------------------------------------------------

    def action_start(self) -> None:
        if self.started and not self.finished:
            return
        if self.finished:  # a new attempt: a fresh state and listener, the old text gone
            self.flow = self.flow.again()
            self.reset()
        self.console.withdraw("Authentication failed")  # the last attempt's, now moot
        self.started = True
        self.refresh_bindings()
        self.worker = self.run_flow()

    def reset(self) -> None:
        self.finished = False
        self.forward_command = ""
        for name in ("sign-in-url", "ssh-hint", "ssh-command", "port-busy", "auth-error"):
            self.query_one(f"#{name}", Static).update("")
        self.query_one("#paste", Input).value = ""
        self.progress("Starting a new sign-in…")

    @work(exclusive=True, group="auth-flow", exit_on_error=False)
    async def run_flow(self) -> None:
        """Every way this ends closes the port first, then says what happened."""
        try:
            completed = await self.steps()
        except asyncio.CancelledError:
            self.finished = True
            await self.close_port()
            raise
        except (ApiError, ConfigError, ListenerError) as exc:
            await self.close_port()
            self.fail(str(exc))
            return
        except Exception as exc:  # a bug must not leave the screen on "Waiting…"
            await self.close_port()
            self.fail(
                f"The sign-in stopped on an unexpected error ({type(exc).__name__}: {exc}). "
                "The callback port is closed. If it happens again, run with --debug and report "
                "it with debug.log."
            )
            return
        await self.close_port()
        self.finished = True
        self.done(completed)

    async def steps(self) -> Completed:
        flow = self.flow
        await flow.start()
        self.query_one("#paste", Input).disabled = False
        if flow.port_busy:  # no listener: the pasted address is the way to finish
            self.query_one("#port-busy", Static).update(plain(flow.port_busy))
            self.query_one("#paste", Input).focus()
        if not self._ticking:
            self._ticking = True
            self.set_interval(1, self.tick)
        self.tick()
        await self.show_or_open(flow.url)
        outcome = await flow.wait()
        self.progress("Zoho answered. Exchanging the code for tokens…")
        return await flow.complete(outcome)

    async def close_port(self) -> None:
        with contextlib.suppress(Exception):
            await self.flow.close()

    async def show_or_open(self, url: str) -> None:
        plan = plan_browser(os.environ, is_web=self.app.is_web)
        # Painted wrapped (no link: nothing on screen is one); u copies it, w shows it whole.
        self.query_one("#sign-in-url", Static).update(plain(url))
        hint = plan.explanation() + " Press u to copy the URL (w shows it as plain text)."
        if plan.reason in ("ssh", "no-display") and not self.flow.port_busy:
            self.forward_command = ssh_forward_command(self.flow.profile.callback_port)
            self.query_one("#ssh-command", Static).update(plain(self.forward_command))
            hint += (
                " Then either forward the callback port from your machine with the command "
                "below (l copies it), or paste the address your browser ends up on (v)."
            )
            self.refresh_bindings()
        elif plan.reason == "web":
            # The page's browser may be on another machine than this console's listener.
            hint += (
                " If, after you accept, the browser cannot reach localhost, paste the address "
                "it ends up on (v)."
            )
        self.query_one("#ssh-hint", Static).update(plain(hint))
        if plan.launch:
            await self.open_browser(url)

    async def open_browser(self, url: str) -> None:
        if self.app.is_web:
            self.app.open_url(url)  # textual serve: the user's own browser opens it
            return
        plan = plan_browser(os.environ)
        if plan.reason == "wsl":  # Windows' browser, which webbrowser does not know
            await asyncio.to_thread(open_in_browser, url, plan)
        else:
            # webbrowser may wait for a $BROWSER command to exit: keep the UI responsive.
            await asyncio.to_thread(self.app.open_url, url)

    def tick(self) -> None:
        if self.started and not self.finished:
            flow = self.flow
            where = (
                "waiting for the address you paste (v)"
                if flow.port_busy
                else f"listening on {flow.profile.callback_host}:{flow.profile.callback_port}"
            )
            self.progress(
                f"Waiting for Zoho… {countdown(flow.remaining()).replace('expires', 'ends')}"
                f" · {where} · Escape cancels"
            )

    def progress(self, text: str) -> None:
        self.query_one("#progress", Static).update(plain(text))

    def fail(self, message: str) -> None:
        from tui.clients.trace import debug_hint

        self.finished = True
        self.refresh_bindings()
        self.query_one("#paste", Input).disabled = True
        # Focus off the disabled field: with nothing focused, Enter would wait (tui/typeahead).
        self.query_one("#authenticate", VerticalScroll).focus()
        message += f" {TRY_AGAIN}"
        # While debugging, where the HTTP details are (the toast gets it from app.notify).
        self.query_one("#auth-error", Static).update(plain(message + debug_hint()))
        self.progress(f"Stopped. {TRY_AGAIN} Escape goes back.")
        self._tell_plain_view(f"Authentication failed: {message}")
        self.notify(
            message, title="Authentication failed", severity="error", timeout=15, markup=False
        )

    def done(self, completed: Completed) -> None:
        self.console.withdraw("Authentication failed")  # an earlier attempt's, now moot
        message, severity = completion_notice(completed)
        self._tell_plain_view(message)
        timeout = 6 if severity == "information" else 30
        self.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]
        self.dismiss(completed)

    # --- paste-back, copying, leaving ------------------------------------------------------

    def action_paste(self) -> None:
        self.query_one("#paste", Input).focus()

    def on_paste(self, event: events.Paste) -> None:
        """A paste anywhere on this screen is the address the browser ended on: it lands in
        the paste field (where `v` goes), not nowhere. Enter then uses it."""
        field = self.query_one("#paste", Input)
        if field.disabled or self.focused is field:
            return  # the field takes it itself
        event.stop()
        field.value = event.text.strip()
        field.focus()

    @on(Input.Submitted, "#paste")
    def pasted(self, event: Input.Submitted) -> None:
        try:
            self.flow.paste(event.value)
        except InvalidCallback as exc:
            error = self.query_one("#auth-error", Static)
            error.update(plain(exc))
            self.call_after_refresh(error.scroll_visible, animate=False)  # whole, at 80x24
            return
        event.input.value = ""
        self.query_one("#auth-error", Static).update("")

    def action_copy_redirect(self) -> None:
        self.console.copy(self.flow.redirect_uri, "The redirect URI")

    def action_copy_url(self) -> None:
        self.console.copy(self.flow.url, "The sign-in URL")

    def action_copy_ssh(self) -> None:
        self.console.copy(self.forward_command, "The ssh -L command")

    def action_show_plain(self) -> None:
        """Leave the full-screen view for plain lines the terminal wraps itself: a mouse
        selection of a wrapped line copies it whole, which no painted widget allows."""
        lines = ["Sign-in URL:", printable(self.flow.url)]
        if self.forward_command:
            lines += ["", "Forward the callback port from your machine:"]
            lines.append(printable(self.forward_command))
        lines += [
            "",
            "Select with the mouse to copy. Press Enter to return to ipaas-auth (Zoho's "
            "redirect is caught meanwhile).",
        ]
        # The app's worker, not this screen's: the sign-in may finish while the plain view is
        # open, and this screen closes then; the view stays until Enter.
        self.app.run_worker(
            self._plain_view("\n".join(lines)),
            group="plain-view",
            exclusive=True,
            exit_on_error=False,
        )

    async def _plain_view(self, text: str) -> None:
        from textual.app import SuspendNotSupported

        try:
            with self.app.suspend():
                self._plain_open = True
                # From the top of a cleared screen: the terminal's main screen still shows
                # whatever was there before the console started (scrollback is kept).
                print(CLEAR_SCREEN + text, flush=True)
                # In a thread: the event loop, and with it the callback listener and the
                # countdown, runs on while the person reads and copies.
                await asyncio.to_thread(_wait_for_enter)
        except SuspendNotSupported:
            self.notify("This terminal cannot show plain text here; press u to copy the URL.")
        finally:
            self._plain_open = False

    def _tell_plain_view(self, text: str) -> None:
        """What happened while the plain view is open, below its lines."""
        if self._plain_open:
            print(f"\n{printable(text)}\nPress Enter to return to ipaas-auth.", flush=True)

    def action_open_browser(self) -> None:
        self.run_worker(self.open_browser(self.flow.url), exit_on_error=False)

    def action_back(self) -> None:
        if self.worker is not None and self.worker.is_running:
            self.worker.cancel()  # its finally-block closes the listener's port
        self.dismiss(None)


def _wait_for_enter() -> None:
    with contextlib.suppress(EOFError):
        input()
