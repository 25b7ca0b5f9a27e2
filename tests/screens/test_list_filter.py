"""The lists' filter box: "/" focuses it and the keys typed after land in it, also in a burst
typed at start-up ("/zoho Enter Enter" opens the integration)."""

from __future__ import annotations

from textual.widgets import Input

from tests.console import (
    burst,
    sandbox_profile_toml,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.listing import FilteredListScreen


def list_screen(app: IpaasAuthApp) -> FilteredListScreen:
    screen = app.screen
    assert isinstance(screen, FilteredListScreen)
    return screen


async def test_slash_focuses_the_filter_and_the_keys_land_in_it(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        burst(pilot, "slash", *"zoho")
        screen = list_screen(app)
        await wait_for(pilot, lambda: screen.filter_text == "zoho", "the filter's text")
        assert screen.focused is screen.query_one("#filter", Input)
        assert str(status(app)) == "1 of 4 integrations"
        await pilot.press("escape")
        assert screen.filter_text == ""


def status(app: IpaasAuthApp) -> object:
    return app.screen.query_one("#status").render()
