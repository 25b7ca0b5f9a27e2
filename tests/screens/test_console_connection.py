"""The connection's changes reach the screens through the app's Signal: a top-level screen that
is not showing hears them too."""

from __future__ import annotations

from textual.widgets import Static

from tests.console import sandbox_profile_toml, wait_for, write_profiles
from tui.app import create_app
from tui.core.connection_state import Phase
from tui.options import StartOptions
from tui.sandbox import SandboxServer
from tui.screens.integrations import IntegrationsScreen
from tui.screens.profiles import ProfilesScreen
from tui.screens.subscriptions import SubscriptionsScreen
from tui.widgets.virtual_table import VirtualTable


async def test_screens_set_aside_hear_the_connection_fail_and_then_succeed(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app(StartOptions(profile="ghost"))
    async with app.run_test(size=(100, 30)) as pilot:
        integrations = app.screen
        assert isinstance(integrations, IntegrationsScreen)
        await wait_for(pilot, lambda: app.connection.state.phase is Phase.FAILED, "the failure")
        await pilot.press("s")
        subscriptions = app.screen
        assert isinstance(subscriptions, SubscriptionsScreen)
        status = subscriptions.query_one("#status", Static)
        await wait_for(pilot, lambda: "No profile 'ghost'" in str(status.render()), "its status")
        await pilot.press("o")
        assert isinstance(app.screen, ProfilesScreen)
        write_profiles(sandbox_profile_toml(sandbox, name="ghost"))
        await pilot.press("r")  # on the profiles screen: the other two are not showing
        for screen in (integrations, subscriptions):
            table = screen.query_one(VirtualTable)
            await wait_for(pilot, lambda table=table: table.rows, f"{screen.MODE} loaded")
        assert "No profile" not in str(status.render())
