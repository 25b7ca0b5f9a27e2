"""The help dialog (?): every key with what it does, readable whole and in sight at 80x24.
Pilot tests against the sandbox on loopback."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.console import (
    open_authenticate,
    open_zoho_version,
    screen_name,
    wait_for,
    wait_loaded,
    write_auth_profile,
)
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.help import HelpScreen
from tui.widgets.virtual_table import VirtualTable


async def open_help(pilot: Pilot[None], app: IpaasAuthApp) -> HelpScreen:
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    return app.screen


def empty_descriptions(app: IpaasAuthApp) -> list[tuple[str, str, str]]:
    assert isinstance(app.screen, HelpScreen)
    return [row for row in app.screen.rows if not row[2].strip()]


async def test_every_screen_says_what_each_key_does(auth_sandbox: SandboxServer, port: int) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    seen: dict[str, set[str]] = {}

    async def check() -> None:
        under = screen_name(app)
        help_screen = await open_help(pilot, app)
        assert empty_descriptions(app) == [], under
        seen[under] = {row[1] for row in help_screen.rows}
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == under, under)

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await check()  # the integrations
        for key in ("s", "o"):  # the subscriptions, the profiles
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, key)
            await check()
        await pilot.press("i")
        await open_zoho_version(pilot, app)
        await check()  # the version editor
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "integration")
        await check()
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationsScreen", "integrations")
        await open_authenticate(pilot, app)
        await check()
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SubscriptionScreen", "subscription")
        await check()
    assert set(seen) == {
        "IntegrationsScreen",
        "SubscriptionsScreen",
        "ProfilesScreen",
        "VersionEditorScreen",
        "IntegrationScreen",
        "SubscriptionScreen",
        "AuthenticateScreen",
    }
    # The scope list's own keys (an OptionList's first, last and select) are among them.
    assert {"First", "Last", "Select"} <= seen["VersionEditorScreen"]


async def test_with_notices_the_keys_have_the_focus_and_all_fits() -> None:
    """The built-in sandbox's start-up notice is above the keys; ↓ and PgDn move through the
    keys at once, and at 80x24 everything is still in sight."""
    app = create_app()  # no profiles.toml: the sandbox, and its notice
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        help_screen = await open_help(pilot, app)
        assert help_screen.query_one("#help-notices")
        table = help_screen.query_one("#help-keys", DataTable)
        assert app.focused is table
        await pilot.press("down")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row > 1


async def test_help_takes_the_screen_belows_toasts_away(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """A toast about the Authenticate screen would cover the keys listed over it."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_authenticate(pilot, app)
        await pilot.press("c")  # "The redirect URI was copied…"
        await wait_for(pilot, lambda: app._notifications, "the copy's toast")
        await open_help(pilot, app)
        assert not list(app._notifications)
