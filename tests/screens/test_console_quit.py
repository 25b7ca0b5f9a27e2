"""Quitting with unsaved edits asks first (q, ctrl+c, ctrl+q), as Escape does; with nothing
to lose it quits at once."""

from __future__ import annotations

from textual.widgets import Input

from tests.console import (
    in_zoho_editor,
    new_profile_form,
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


async def test_quit_asks_from_inside_the_template_too(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor((80, 24)) as (pilot, app):
        await pilot.press("enter", *"https://accounts.zoho.com/q")  # q is typed, not a quit
        editor = app.screen
        assert isinstance(editor, VersionEditorScreen) and editor.draft.dirty
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: asking(app), "the question")


async def test_nothing_to_lose_quits_at_once(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor((80, 24)) as (pilot, app):
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code == 0, "the console to quit")


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
