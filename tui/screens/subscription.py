"""One subscription: its settings (secrets masked) and its Zoho tokens, with the actions on them.

The Authenticate flow itself lives in `tui.oauth`; this screen starts it and shows its progress.
"""

from __future__ import annotations

import asyncio
import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, Static

from config.errors import ConfigError
from config.secrets import tokens_key
from config.tokens import ZohoTokens
from tui.clients.errors import ApiError
from tui.clients.models import Subscription
from tui.screens.base import InnerScreen
from tui.widgets.secret_field import SecretField, looks_secret


def countdown(seconds: float) -> str:
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
            tooltip="Copy the access token to the clipboard (OSC 52)",
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

    def compose(self) -> ComposeResult:
        yield Header()
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
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.set_interval(1, self.tick)

    @work(exclusive=True, group="subscription", exit_on_error=False)
    async def load(self) -> None:
        try:
            client = await self.console.connected_client()
            self.subscription = await client.get_subscription(self.subscription_id)
        except ApiError as exc:
            self.set_status(f"{exc} Press r to retry.", error=True)
            self.notify(str(exc), title="Subscription", severity="error")
            return
        await self.show_settings(self.subscription)
        await self.load_tokens()

    async def show_settings(self, subscription: Subscription) -> None:
        self.query_one("#subscription-title", Static).update(
            f"{subscription.name}  ·  {subscription.id}"
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
        session = self.console.session
        assert session is not None
        try:
            raw = await asyncio.to_thread(
                session.secrets.get, session.profile.name, tokens_key(self.subscription_id)
            )
            self.tokens = ZohoTokens.from_json(raw) if raw else None
        except ConfigError as exc:
            self.tokens = None
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

    def set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(error, "error")

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
        self.app.copy_to_clipboard(value)
        self.notify(f"The {which} token was sent to your terminal's clipboard (OSC 52).", timeout=4)

    def action_authenticate(self) -> None:
        self.notify("Authenticate arrives with the OAuth flow (issue 5).", severity="warning")

    def action_refresh(self) -> None:
        self.load()
