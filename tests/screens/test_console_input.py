"""Keys as terminals really send them: Enter that arrives as ctrl+j (a line feed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.console import (
    burst,
    failure_said,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    write_profiles,
)
from tests.writes import save
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer


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
        assert app.screen.integration.name == "Zoho Commerce"


def failed_start_up(sandbox: SandboxServer) -> tuple[IpaasAuthApp, Callable[[], bool]]:
    """The console on a login with two companies, and a test of "the chooser is up"."""
    from tui.screens.companies import CompanyPicker

    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()

    def picker() -> bool:
        return isinstance(app.screen, CompanyPicker) and bool(app.screen.query("#companies"))

    return app, picker


@pytest.mark.parametrize("kind", ["integration", "subscription"])
async def test_r_on_an_inner_screen_retries_the_start_up(isolated_home: object, kind: str) -> None:
    """ "No company chosen. Press r to choose one." on an inner screen: r there opens the
    company chooser (not only a reload that repeats the message), then loads; and the failure
    was told in one toast, not one from the app and one from the screen."""
    from tui.sandbox import start_sandbox
    from tui.screens.integration import IntegrationScreen
    from tui.screens.subscription import SubscriptionScreen

    with start_sandbox(integrations=2, subscriptions=1, companies=2) as sandbox:
        app, picker = failed_start_up(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, picker, "the company picker")
            await pilot.press("escape")
            await wait_for(pilot, lambda: failure_said(app), "the failed start-up")
            data = sandbox.ipaas.data
            screen: IntegrationScreen | SubscriptionScreen = (
                IntegrationScreen(data.zoho_integration_id)
                if kind == "integration"
                else SubscriptionScreen(data.zoho_subscription_id)
            )
            await app.push_screen(screen)
            status = screen.query_one("#status")
            await wait_for(pilot, lambda: "No company" in str(status.render()), "the failure")
            assert str(status.render()) == "No company chosen. Press r to choose one."
            toasts = [n for n in app.toasts() if n.severity == "error"]
            assert [n.message for n in toasts] == ["No company chosen. Press r to choose one."]
            await pilot.press("r")
            await wait_for(pilot, picker, "the company picker again")
            await pilot.press("enter")  # Sandbox Company, which has the integration
            await wait_for(
                pilot,
                lambda: (
                    (
                        screen.integration
                        if isinstance(screen, IntegrationScreen)
                        else screen.subscription
                    )
                    is not None
                ),
                "the screen's data",
            )
            assert app.screen is screen
            assert not status.has_class("error")


async def test_r_in_the_version_editor_retries_the_start_up(isolated_home: object) -> None:
    """r in the version editor after a failed start-up: the chooser, then the reload (which
    shows the template saved on iPaaS.com meanwhile)."""
    from tests.console import read_back, sandbox_client
    from tui.clients.models import VersionEdit
    from tui.sandbox import start_sandbox
    from tui.screens.version_editor import VersionEditorScreen

    with start_sandbox(integrations=2, subscriptions=1, companies=2) as sandbox:
        integration = await read_back(sandbox)
        version = integration.versions[0]
        app, picker = failed_start_up(sandbox)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, picker, "the company picker")
            await pilot.press("escape")
            await wait_for(pilot, lambda: failure_said(app), "the failed start-up")
            screen = VersionEditorScreen(integration, version)
            await app.push_screen(screen)
            async with sandbox_client(sandbox) as client:
                await save(
                    client, integration.id, version, VersionEdit("https://example.test/", ())
                )
            await pilot.press("r")
            await wait_for(pilot, picker, "the company picker")
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: screen.draft.template == "https://example.test/", "the reload"
            )
            assert app.screen is screen
