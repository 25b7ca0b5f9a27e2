"""Quitting with unsaved edits asks first (q, ctrl+c, ctrl+q), as Escape does; with nothing
to lose it quits at once."""

from __future__ import annotations

from textual.widgets import Input

from tests.console import (
    in_zoho_editor,
    new_profile_form,
    open_version,
    sandbox_profile_toml,
    screen_name,
    version_editor,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.leaving import QUIT_QUESTION
from tui.screens.version_editor import VersionEditorScreen


def asking(app) -> bool:  # type: ignore[no-untyped-def]
    return isinstance(app.screen, ConfirmScreen) and app.screen.name == QUIT_QUESTION


async def test_q_and_ctrl_c_ask_before_losing_the_version_editors_changes(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor() as (pilot, app):
        editor = version_editor(app)
        await pilot.press("p")  # the preset: unsaved changes
        for key in ("q", "ctrl+c"):
            await pilot.press(key)
            await wait_for(pilot, lambda: asking(app), "the question")
            question = app.screen
            assert isinstance(question, ConfirmScreen)
            assert "lose your unsaved changes" in question.question
            assert any(line.startswith("+ https://accounts.zoho") for line in question.diff)
            await pilot.press("q")  # a second quit key changes nothing
            assert app.screen is question and app.return_code is None
            await pilot.press("n")
            assert app.screen is editor and editor.draft.dirty and app.return_code is None
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: asking(app), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code == 0, "the console to quit")


async def test_quit_asks_from_inside_the_template_and_not_with_nothing_to_lose(
    sandbox: SandboxServer,
) -> None:
    """At 80x24, in one console:
    - quit asks from inside the template too (a q typed there is a letter, not a quit)
    - with nothing to lose it quits at once (the edit discarded on leaving, the editor
      opened again: a q quits without a question)"""
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor((80, 24)) as (pilot, app):
        await pilot.press("enter", *"https://accounts.zoho.com/q")  # q is typed, not a quit
        editor = app.screen
        assert isinstance(editor, VersionEditorScreen) and editor.draft.dirty, "q typed"
        assert app.return_code is None, "q typed in the template: not a quit"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: asking(app), "the question from inside the template")

        # Nothing left to lose: stay, leave the editor discarding the edit, open it again.
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is editor, "back in the editor")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "leave question")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "left")
        await open_version(pilot, app)
        assert not version_editor(app).draft.dirty, "the editor opened again: nothing to lose"
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code == 0, "the console to quit at once")


async def test_a_profile_being_typed_is_not_lost_without_a_question(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await new_profile_form(pilot, app)
        editor.query_one("#name", Input).value = "acme-prod"
        editor.query_one("#password", Input).value = "hunter2-secret"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: asking(app), "the question")
        lines = app.screen.diff  # type: ignore[attr-defined]
        assert "+ name = acme-prod" in lines
        assert "+ iPaaS.com password: typed, not saved" in lines
        assert not any("hunter2" in line for line in lines)
        await pilot.press("escape")
        assert app.screen is editor and app.return_code is None


async def test_the_lists_quit_at_once(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        assert screen_name(app) == "IntegrationsScreen"
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: app.return_code == 0, "the console to quit")
