"""Keys as terminals really send them: Enter that arrives as ctrl+j (a line feed)."""

from __future__ import annotations

from tests.console import (
    burst,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import create_app
from tui.sandbox import SandboxServer


async def test_ctrl_j_acts_as_enter(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("slash", *"zoho", "ctrl+j", "ctrl+j")
        await wait_for(
            pilot,
            lambda: screen_name(app) == "IntegrationScreen" and app.screen.integration is not None,
            "the integration",
        )
        assert app.screen.integration.name == "Zoho Commerce"


async def test_line_feeds_typed_at_start_up_open_the_filtered_row(sandbox: SandboxServer) -> None:
    """What a tty in cooked mode makes of "/zoho Enter Enter" typed before the console ran."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        burst(pilot, "slash", *"zoho", "ctrl+j", "ctrl+j")
        await wait_for(
            pilot,
            lambda: screen_name(app) == "IntegrationScreen" and app.screen.integration is not None,
            "the integration",
        )
        await pilot.pause()
        assert app.screen.integration.name == "Zoho Commerce"
