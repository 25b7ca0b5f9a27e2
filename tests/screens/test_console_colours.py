"""On a 16-colour terminal (TERM=xterm, linux) nothing calm paints red: Rich turns each colour
into the nearest of the 16 ANSI ones, and Textual's orange accent became bright red."""

from __future__ import annotations

import pytest
from rich.color import Color, ColorSystem

from tests.console import (
    open_zoho_version,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tests.hostile import screen_strips
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.help import HelpScreen

RED = {1, 9}  # ANSI red and bright red, in either 16-colour system


def reds(app: IpaasAuthApp) -> list[str]:
    """The text painted red (or on red) once the terminal's 16 colours are all there is."""
    found = []
    for strip in screen_strips(app):
        for segment in strip:
            style = segment.style
            colours: list[Color | None] = [style.color, style.bgcolor] if style else []
            for colour in colours:
                for system in (ColorSystem.STANDARD, ColorSystem.WINDOWS):
                    if colour is not None and colour.downgrade(system).number in RED:
                        found.append(segment.text)
    return found


@pytest.fixture
def sixteen_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    for name in ("COLORTERM", "FORCE_COLOR", "NO_COLOR", "TEXTUAL_COLOR_SYSTEM"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("term", ["xterm", "linux"])
async def test_lists_keys_dialogs_and_linter_warnings_stay_calm_in_16_colours(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, sixteen_colours: None, term: str
) -> None:
    """Nothing calm paints red, in one console:
    - the list's selected row, the key bar, the title bar (80x24)
    - a dialog's border and title (help)
    - the linter's warnings on the seed's template, in the editor (resized to 120x40): they
      are warnings, not errors"""
    monkeypatch.setenv("TERM", term)
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.console.color_system == "standard"
        await wait_loaded(pilot, app)
        await pilot.pause()
        assert reds(app) == [], "the selected row, the key bar, the title bar"
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.pause()
        assert reds(app) == [], "a dialog's border and title"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationsScreen", "the list")
        await pilot.resize_terminal(120, 40)
        await open_zoho_version(pilot, app)
        await pilot.press("p")  # the seed's template: warnings, no error
        await pilot.pause()
        assert any("!" in line for line in (s.text for s in screen_strips(app))), "warnings"
        assert reds(app) == [], "the linter's warnings"


async def test_a_terminal_of_256_colours_keeps_textuals_theme(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, sixteen_colours: None
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        assert app.theme == "textual-dark"
