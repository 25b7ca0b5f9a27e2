"""A newcomer's profiles: the first made in the console becomes the default, so the next start
opens it; a profiles.toml without profiles opens the built-in sandbox as no file does; a
missing default is said with the ways on, never as if a profile had been named."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, Select

from config.paths import profiles_path
from tests.console import (
    failure_said,
    open_profiles,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.profile_editor import ProfileEditor
from tui.widgets.virtual_table import VirtualTable


async def test_the_first_profile_made_in_the_console_opens_next_time(
    sandbox: SandboxServer,
) -> None:
    app = create_app()  # no profiles.toml: the built-in sandbox
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("o")
        await wait_for(pilot, lambda: screen_name(app) == "ProfilesScreen", "the profiles")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the editor")
        editor = app.screen
        editor.query_one("#name", Input).value = "mine"
        editor.query_one("#environment", Select).value = "sandbox"
        editor.query_one("#api_url", Input).value = sandbox.url
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: profiles_path().exists(), "the save")
        await wait_for(
            pilot,
            lambda: any("It is the default" in n.message for n in app.toasts()),
            "the saved notice",
        )
    assert 'default = "mine"' in profiles_path().read_text()
    again = create_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, again)
        session = again.connection.session
        assert session is not None and session.profile.name == "mine"
        assert session.target is not None and session.target.sandbox is None


async def test_after_the_last_profile_is_deleted_the_sandbox_opens_again(
    sandbox: SandboxServer,
) -> None:
    """- Deleting the last profile says the next start opens the built-in sandbox;
    - a profiles.toml left without profiles (a comment only) opens it, as no file does."""
    write_profiles("# profiles to come\n" + sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_profiles(pilot, app)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.screen.query_one(VirtualTable).rows, "the empty list")
        said = [*(n.message for n in app.toasts()), *app.notices]  # a long toast: whole on ?
        assert any("next start opens the built-in sandbox" in n for n in said), said
    left = profiles_path().read_text()
    assert tomllib.loads(left) == {} and "# profiles to come" in left, f"left: {left!r}"
    again = create_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, again)  # connected: no "No such profile"
        assert again.connection.session is not None and again.connection.session.target is not None
        assert again.connection.session.target.sandbox is not None  # started in-process


async def test_a_missing_default_offers_the_sandbox_and_o(sandbox: SandboxServer) -> None:
    write_profiles(
        sandbox_profile_toml(sandbox).replace('default = "demo"', "")
        + '\n[profiles.other]\nenvironment = "staging"\n'
    )
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: failure_said(app), "the start-up to fail")
        text = failure_said(app) or ""
        assert "No profile named" not in text
        assert "no default profile" in text and "demo, other" in text
        assert "--sandbox" in text and "press o" in text
