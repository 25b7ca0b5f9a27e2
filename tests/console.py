"""Helpers for driving the console with Textual's pilot against a sandbox on loopback."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from config.paths import profiles_path
from config.secrets import IPAAS_PASSWORD, SERVICE, tokens_key
from config.tokens import ZohoTokens
from tests.memory_keyring import MemoryKeyring
from tests.writes import save
from tui.app import IpaasAuthApp, create_app
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, VersionEdit
from tui.sandbox import SandboxServer, demo
from tui.screens.authenticate import AuthenticateScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.profile_editor import ProfileEditor
from tui.screens.subscription import SubscriptionScreen
from tui.screens.version_editor import VersionEditorScreen


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], object], what: str, timeout: float = 15.0
) -> None:
    """Let the app run until `condition()` holds; fail with `what` if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def typed(
    pilot: Pilot[None], keys: Sequence[str], condition: Callable[[], object], what: str
) -> None:
    """Send `keys` at once, as a fast typist does, and let the app run until `condition()`
    (what they do) holds. The wait ends on the outcome: `pilot.press` sleeps 40 ms or more
    after every key, until Textual guesses the app is idle."""
    burst(pilot, *keys)
    await wait_for(pilot, condition, what)


def painted(widget: Widget) -> str:
    """The lines `widget` and the widgets in it paint now, as the terminal shows them
    (placeholders included), one widget after the other."""
    shown = [widget, *(w for w in widget.query("*") if w.display and w.visible)]
    return "\n".join(w.render_line(y).text for w in shown for y in range(w.size.height))


def squeezed(text: str) -> str:
    """The text without spaces, line breaks and dialog borders: wrapped or not, the same."""
    return "".join(text.translate(str.maketrans("", "", "█▌▊▎▏")).split())


def write_profiles(text: str) -> Path:
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def sandbox_profile_toml(sandbox: SandboxServer, name: str = "demo") -> str:
    return (
        f'default = "{name}"\n\n[profiles.{name}]\nenvironment = "sandbox"\n'
        f'api_url = "{sandbox.url}"\n'
    )


def staging_profile_toml(sandbox: SandboxServer, name: str = "acme") -> str:
    """A staging profile whose API is the sandbox: a real log-in, a staging RedirectUrl."""
    return (
        f'# Hand-written: keep this comment.\ndefault = "{name}"\n\n[profiles.{name}]\n'
        f'environment = "staging"\nemail = "integrator@sandbox.test"\n'
        f'api_url = "{sandbox.url}"\n'
    )


def failure_said(app: IpaasAuthApp) -> str | None:
    """What the console says of its failed start-up (status lines and toast), else None."""
    from tui.screens.start_up import failure_text

    failure = app.connection.failure
    return failure_text(failure) if failure is not None else None


def screen_name(app: IpaasAuthApp) -> str:
    return type(app.screen).__name__


async def wait_loaded(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    from tui.widgets.virtual_table import VirtualTable

    await wait_for(
        pilot, lambda: app.connection.is_connected or failure_said(app), "the console to connect"
    )
    assert failure_said(app) is None, failure_said(app)
    await wait_for(
        pilot,
        lambda: app.screen.query(VirtualTable) and app.screen.query_one(VirtualTable).rows,
        "the list to load",
    )


async def open_profiles(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """From start-up to the profiles list, by keys."""
    from tui.widgets.virtual_table import VirtualTable

    await wait_loaded(pilot, app)
    await pilot.press("o")
    await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, "profiles")


async def new_profile_form(pilot: Pilot[None], app: IpaasAuthApp) -> ProfileEditor:
    """From start-up to the profile editor of a new profile (o, then n), by keys."""
    await open_profiles(pilot, app)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the editor")
    assert isinstance(app.screen, ProfileEditor)
    return app.screen


async def open_zoho_version(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """From start-up to the Zoho Commerce version's editor, by keys."""
    from tui.widgets.virtual_table import VirtualTable

    await wait_loaded(pilot, app)
    table = app.screen.query_one(VirtualTable)
    await typed(
        pilot,
        ["slash", *"zoho", "enter"],
        lambda: (
            [table.rows[i][0] for i in table.shown] == ["Zoho Commerce"] and app.focused is table
        ),
        "the list filtered to Zoho Commerce alone, in focus",
    )
    await typed(pilot, ["enter"], lambda: screen_name(app) == "IntegrationScreen", "integration")
    await open_version(pilot, app)


async def open_version(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """From an integration's screen to its first version's editor, by keys (Enter)."""
    from tui.widgets.virtual_table import VirtualTable

    await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, "the versions")
    await typed(pilot, ["enter"], lambda: isinstance(app.screen, VersionEditorScreen), "editor")


@asynccontextmanager
async def in_zoho_editor(
    size: tuple[int, int] = (120, 40),
) -> AsyncIterator[tuple[Pilot[None], IpaasAuthApp]]:
    """A console started on the profile the test wrote, opened at the Zoho Commerce version's
    editor by keys."""
    app = create_app()
    async with app.run_test(size=size) as pilot:
        await open_zoho_version(pilot, app)
        yield pilot, app


def version_editor(app: IpaasAuthApp) -> VersionEditorScreen:
    """The screen shown, which must be the version editor."""
    assert isinstance(app.screen, VersionEditorScreen)
    return app.screen


async def diff_shown(pilot: Pilot[None], app: IpaasAuthApp) -> str:
    """Ctrl+S in the editor, until the question before saving: its diff, one line a change."""
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the diff")
    assert isinstance(app.screen, ConfirmScreen)
    return "\n".join(app.screen.diff)


async def save_confirmed(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """Ctrl+S in the editor and y to the diff: the save is under way."""
    await diff_shown(pilot, app)
    await pilot.press("y")


async def wait_login_screen(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    from tui.screens.login import LoginScreen

    await wait_for(
        pilot,
        lambda: isinstance(app.screen, LoginScreen) and app.screen.query("#password"),
        "the log-in screen",
    )


async def wait_tokens_shown(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """Until the subscription screen shows tokens (the end of an Authenticate flow)."""
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, SubscriptionScreen) and app.screen.tokens is not None,
        "the tokens",
        timeout=30,
    )


async def authenticated(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """From start-up through Authenticate (Enter, the browser consents) to the tokens shown."""
    await open_authenticate(pilot, app)
    await pilot.press("enter")
    await wait_tokens_shown(pilot, app)


def write_auth_profile(sandbox: SandboxServer, port: int, extra: str = "") -> None:
    """A sandbox profile whose callback listener uses `port`."""
    write_profiles(
        f'default = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n'
        f'api_url = "{sandbox.url}"\ncallback_port = {port}\n{extra}'
    )


async def open_demo_subscription(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    """From start-up to the demo subscription's screen, its settings loaded, by keys."""
    await wait_loaded(pilot, app)
    await typed(pilot, ["s"], lambda: screen_name(app) == "SubscriptionsScreen", "subscriptions")
    await wait_loaded(pilot, app)
    await typed(
        pilot,
        ["slash", *"demo store", "enter", "enter"],  # in one burst, as the README promises
        lambda: isinstance(app.screen, SubscriptionScreen) and app.screen.subscription is not None,
        "the subscription",
    )


async def open_authenticate(pilot: Pilot[None], app: IpaasAuthApp) -> AuthenticateScreen:
    """From start-up to the demo subscription's Authenticate screen, by keys."""
    await open_demo_subscription(pilot, app)
    await typed(
        pilot,
        ["a"],
        lambda: isinstance(app.screen, AuthenticateScreen) and app.screen.query("#redirect-uri"),
        "the Authenticate screen",
    )
    assert isinstance(app.screen, AuthenticateScreen)
    return app.screen


def stored_tokens(keyring: MemoryKeyring, sandbox: SandboxServer) -> ZohoTokens | None:
    """The demo subscription's tokens as the console left them in the keyring."""
    raw = keyring.entries.get(
        (SERVICE, f"demo:{tokens_key(sandbox.ipaas.data.zoho_subscription_id)}")
    )
    return ZohoTokens.from_json(raw) if raw else None


@asynccontextmanager
async def sandbox_client(sandbox: SandboxServer) -> AsyncIterator[IpaasClient]:
    """A client logged in to the sandbox's company, as someone else using the portal."""
    async with IpaasClient(sandbox.url) as client:
        await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        await client.change_company(sandbox.ipaas.data.company_id)
        yield client


async def read_back(sandbox: SandboxServer) -> Integration:
    """The Zoho Commerce integration as the sandbox now holds it."""
    async with sandbox_client(sandbox) as client:
        return await client.get_integration(sandbox.ipaas.data.zoho_integration_id)


async def saved_elsewhere(sandbox: SandboxServer, template: str) -> None:
    """Someone else saves the Zoho Commerce version meanwhile: `template`, no custom field."""
    async with sandbox_client(sandbox) as other:
        integration = await other.get_integration(sandbox.ipaas.data.zoho_integration_id)
        await save(other, integration.id, integration.versions[0], VersionEdit(template, ()))


def staging_with_password(sandbox: SandboxServer, keyring: MemoryKeyring) -> None:
    """The staging profile (API = the sandbox) with its password already in the keyring."""
    write_profiles(staging_profile_toml(sandbox))
    keyring.set_password(SERVICE, f"acme:{IPAAS_PASSWORD}", demo.IPAAS_PASSWORD)


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Send keys as a fast typist or a paste does: all at once, nothing processed in between
    (`pilot.press` lets the app settle after every key, which hides lost keys)."""
    from textual import events

    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "slash": "/", "tab": "\t"}.get(key)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)  # as the terminal's driver posts what it reads
