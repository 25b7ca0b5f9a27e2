"""One subscription: its settings (secrets masked) and its Zoho tokens, with the actions on them.

The Authenticate sign-in lives in `tui.core.authenticate` (its screen: `tui.screens.authenticate`);
this screen opens it and shows the tokens it brings.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from config.errors import ConfigError
from config.profile import Profile
from config.secrets import memory_fallback
from config.tokens import ZohoTokens
from tui.clients.errors import ApiError
from tui.clients.models import Subscription
from tui.oauth.tokens import TokenNames, TokenStore
from tui.screens.inner import InnerScreen
from tui.typeahead import KeyWait
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.secret_field import SecretField, looks_secret
from tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from tui.core.authenticate import Authenticated

T = TypeVar("T")


def countdown(seconds: float | None) -> str:
    if seconds is None:
        return "expiry unknown (Zoho did not say)"
    if seconds <= 0:
        return "expired"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"expires in {hours}:{minutes:02d}:{secs:02d}"
        if hours
        else f"expires in {minutes}:{secs:02d}"
    )


class SubscriptionScreen(InnerScreen):
    BINDINGS = [
        Binding(
            "a",
            "authenticate",
            "Authenticate",
            id="subscription.authenticate",
            tooltip="Open Zoho's consent page and get new tokens",
        ),
        Binding(
            "v",
            "reveal",
            "Reveal",
            id="subscription.reveal",
            tooltip="Show or hide the secrets and tokens",
        ),
        Binding(
            "c",
            "copy('access')",
            "Copy access",
            id="subscription.copy_access",
            tooltip="Copy the access token to the clipboard",
        ),
        Binding(
            "C",
            "copy('refresh')",
            "Copy refresh",
            key_display="shift+c",
            id="subscription.copy_refresh",
            tooltip="Copy the refresh token to the clipboard",
        ),
        Binding(
            "t",
            "refresh_token",
            "Refresh token",
            id="subscription.refresh_token",
            tooltip="Get a new access token with the refresh token",
        ),
        Binding(
            "k",
            "verify",
            "Verify",
            id="subscription.verify",
            tooltip="Call Zoho Commerce with the access token to check it works",
        ),
        Binding(
            "x",
            "revoke",
            "Revoke",
            id="subscription.revoke",
            tooltip="Revoke the refresh token at Zoho, then forget the tokens",
        ),
        Binding(
            "r",
            "refresh",
            "Reload",
            id="subscription.refresh",
            tooltip="Load the subscription and the stored tokens again",
        ),
    ]

    def __init__(self, subscription_id: str) -> None:
        super().__init__()
        self.subscription_id = subscription_id
        self.subscription: Subscription | None = None
        self.tokens: ZohoTokens | None = None
        # Tokens a flow got but the keyring could not keep: a reload must not lose them.
        self.unkept: ZohoTokens | None = None
        self.flow_wait = KeyWait(self)  # on while the Authenticate screen is being prepared
        self.question_wait = KeyWait(self, every_key=True, limit=3.0)  # x reads the template
        # Set when a load has ended (either way): `a` typed while it runs waits for it.
        self.load_ended = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="subscription"):
            yield Static("Loading…", id="subscription-title", classes="title")
            yield Label("Settings", classes="section")
            yield Vertical(id="settings")
            yield Label("Zoho tokens", classes="section")
            with Vertical(id="tokens"):
                yield SecretField("Access token", id="access-token")
                yield SecretField("Refresh token", id="refresh-token")
                yield SecretField("Data centre", secret=False, id="token-dc")
                yield SecretField("API domain", secret=False, id="api-domain")
            yield Static("", id="flow", classes="hint")
        yield Static("", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()
        self.set_interval(1, self.tick)

    @work(exclusive=True, group="subscription", exit_on_error=False)
    async def load(self) -> None:
        self.load_ended.clear()
        try:
            client = await self.console.connection.client()
            self.subscription = await client.get_subscription(self.subscription_id)
        except ApiError as exc:
            self.load_failed(exc, "Subscription")
            return
        finally:
            self.load_ended.set()
        await self.show_settings(self.subscription)
        await self.load_tokens()

    async def show_settings(self, subscription: Subscription) -> None:
        self.query_one("#subscription-title", Static).update(
            plain(f"{subscription.name}  ·  {subscription.id}")
        )
        box = self.query_one("#settings", Vertical)
        await box.remove_children()
        await box.mount_all(
            SecretField(name, value, secret=looks_secret(name))
            for name, value in subscription.settings.items()
        )
        pushed = {d.name for d in subscription.persistent_data}
        note = (
            "Tokens are in the subscription's persistent data on iPaaS.com."
            if {"AccessToken", "RefreshToken"} <= pushed
            else "No tokens in the subscription's persistent data yet."
        )
        self.set_status(note)

    async def load_tokens(self) -> None:
        try:
            self.tokens = self.unkept or await self.token_store().load()
            degraded = memory_fallback(self.token_store().secrets)
            if degraded:  # one line here; the whole reason on the help screen
                self.console.remember_notice(degraded)
                self.set_status("No keyring: sandbox secrets stay in memory (? says why).")
        except ConfigError as exc:
            self.tokens = self.unkept
            self.notify(str(exc), title="Keyring", severity="error", timeout=12)
        self.show_tokens()

    def show_tokens(self) -> None:
        tokens = self.tokens
        self.query_one("#access-token", SecretField).set_value(
            tokens.access_token if tokens else "",
            countdown(tokens.remaining(time.time())) if tokens else "press a to authenticate",
        )
        self.query_one("#refresh-token", SecretField).set_value(
            tokens.refresh_token if tokens else ""
        )
        self.query_one("#token-dc", SecretField).set_value(
            f"{tokens.location or '?'} · {tokens.accounts_server}" if tokens else ""
        )
        self.query_one("#api-domain", SecretField).set_value(tokens.api_domain if tokens else "")

    def tick(self) -> None:
        if self.tokens is not None:
            self.query_one("#access-token", SecretField).set_value(
                self.tokens.access_token, countdown(self.tokens.remaining(time.time()))
            )

    def action_reveal(self) -> None:
        for field in self.query(SecretField):
            field.revealed = not field.revealed

    def action_copy(self, which: str) -> None:
        if self.tokens is None:
            self.notify("No tokens yet: press a to authenticate.", severity="warning")
            return
        value = self.tokens.access_token if which == "access" else self.tokens.refresh_token
        if not value:
            self.notify(f"There is no {which} token.", severity="warning")
            return
        self.console.copy(value, f"The {which} token", "press v to show it, then select it")

    def action_authenticate(self) -> None:
        # Keys typed meanwhile ("a Enter") wait for the Authenticate screen (tui/typeahead).
        self.flow_wait.on()
        self.prepare_authentication()

    @work(exclusive=True, group="subscription-auth", exit_on_error=False)
    async def prepare_authentication(self) -> None:
        """Gather the version's template and the subscription's client, then open the flow."""
        try:
            await self._prepare_authentication()
        finally:
            self.flow_wait.off()

    async def _prepare_authentication(self) -> None:
        from tui.core.authenticate import prepare

        if self.subscription is None:
            await self.load_ended.wait()  # typed ahead ("Enter a"): authenticate once loaded
        session = self.console.connection.session
        if self.subscription is None or session is None or session.target is None:
            self.notify("The subscription is still loading.", severity="warning")
            return
        try:
            client = await self.console.connection.client()
            sign_in = await prepare(session, client, self.subscription)
        except (ApiError, ConfigError) as exc:
            self.set_status(str(exc), error=True)
            self.notify(str(exc), title="Cannot authenticate", severity="error", timeout=15)
            return
        from tui.screens.authenticate import AuthenticateScreen

        await self.app.push_screen(AuthenticateScreen(sign_in), callback=self.authenticated)

    def authenticated(self, completed: Authenticated | None) -> None:
        if completed is not None:
            self.tokens = completed.tokens
            self.unkept = completed.tokens if completed.keep_error else None
            self.show_tokens()
            self.load()

    def token_store(self) -> TokenStore:
        from tui.core.authenticate import token_store

        session = self.console.connection.session
        assert session is not None
        return token_store(session, self.subscription_id)

    def _token_action_ready(self) -> bool:
        if self.tokens is None or self.subscription is None:
            self.notify("No tokens yet: press a to authenticate.", severity="warning")
            return False
        return True

    def action_refresh_token(self) -> None:
        if self._token_action_ready():
            self.refresh_token()

    async def _token_action(self, title: str, action: Callable[[], Awaitable[T]]) -> T | None:
        """Run a token action; a failure is shown where the user looks and returns None."""
        try:
            return await action()
        except (ApiError, ConfigError) as exc:
            self.set_status(str(exc), error=True)
            self.notify(str(exc), title=title, severity="error", timeout=15)
            return None

    def _profile(self) -> Profile:
        session = self.console.connection.session
        assert session is not None
        return session.profile

    def _action_context(self) -> tuple[ZohoTokens, Subscription, bool]:
        session = self.console.connection.session
        assert self.tokens is not None and self.subscription is not None and session is not None
        return self.tokens, self.subscription, session.profile.push_tokens

    @work(exclusive=True, group="subscription-tokens", exit_on_error=False)
    async def refresh_token(self) -> None:
        from tui.core import tokens as actions

        tokens, subscription, push = self._action_context()

        async def run() -> actions.Refreshed:
            client = await self.console.connection.client()
            names = TokenNames.of(self._profile())
            return await actions.refresh(
                tokens, subscription, self.token_store(), client, push, names
            )

        result = await self._token_action("Refresh failed", run)
        if result is None:
            return
        self.tokens, warning = result.tokens, result.push_error
        self.unkept = None  # the refreshed tokens were saved (core.tokens.refresh raises if not)
        self.show_tokens()
        self.set_status(
            "New access token saved" + (f"; not on iPaaS.com: {warning}" if warning else ".")
        )

    def action_verify(self) -> None:
        if self._token_action_ready():
            self.verify_token()

    @work(exclusive=True, group="subscription-tokens", exit_on_error=False)
    async def verify_token(self) -> None:
        from tui.core import tokens as actions

        tokens, subscription, _ = self._action_context()
        session = self.console.connection.session
        assert session is not None and session.target is not None
        target = session.target
        self.set_status("Asking Zoho Commerce…")
        answer = await self._token_action(
            "Verify", lambda: actions.verify(tokens, subscription, target)
        )
        if answer is not None:
            self.set_status(answer)
            self.notify(answer, timeout=5)

    def action_revoke(self) -> None:
        if self._token_action_ready():
            self.question_wait.on()  # "x y" typed at once: y answers the question
            self.ask_revoke()

    @work(exclusive=True, group="subscription-revoke", exit_on_error=False)
    async def ask_revoke(self) -> None:
        """The question, and what authenticating again would bring (revoke_question.py)."""
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.revoke_question import RevokeQuestion, open_fix, revoke_question

        tokens, subscription, _ = self._action_context()
        connection = self.console.connection
        session = connection.session
        target = session.target if session else None
        try:
            client = session.client if session and connection.is_connected else None
            text, gap = await revoke_question(
                tokens, subscription, TokenNames.of(self._profile()), client, target
            )
        finally:
            self.question_wait.off()
        question = ConfirmScreen(text, yes="Revoke") if gap is None else RevokeQuestion(text, gap)

        def answered(yes: bool | None) -> None:
            if yes:
                self.revoke_tokens()
            elif gap is not None and isinstance(question, RevokeQuestion) and question.chose_fix:
                open_fix(self.app, gap, target)

        self.app.push_screen(question, callback=answered)

    @work(exclusive=True, group="subscription-tokens", exit_on_error=False)
    async def revoke_tokens(self) -> None:
        from tui.core import tokens as actions
        from tui.core.token_ledger import TokenLedger

        tokens, subscription, push = self._action_context()

        async def run() -> str:
            client = await self.console.connection.client()
            names = TokenNames.of(self._profile())
            return await actions.revoke(
                tokens, subscription, self.token_store(), client, push, names, TokenLedger()
            )

        warning = await self._token_action("Revoke failed", run)
        if warning is None:
            return
        self.tokens = self.unkept = None
        self.show_tokens()
        self.set_status("Revoked at Zoho and forgotten here" + (f"; {warning}" if warning else "."))

    def action_refresh(self) -> None:
        self.console.connection.reconnect()  # after a failed start-up: try it again, then load
        self.load()
