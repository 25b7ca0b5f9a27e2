"""The lists' first frame draws a stand-in for the filter box (tui/widgets/filter_standin.py);
the real box replaces it right after, invisibly, or at once when "/" comes first."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input

from tests.console import (
    burst,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.listing import FilteredListScreen
from tui.widgets.filter_standin import FilterStandIn
from tui.widgets.virtual_table import VirtualTable


@pytest.fixture
def swap_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap after the first frame never comes: only "/" (or a caller) mounts the box."""

    async def held(self: FilteredListScreen) -> None:
        return None

    monkeypatch.setattr(FilteredListScreen, "swap_in_filter", held)


def list_screen(app: IpaasAuthApp) -> FilteredListScreen:
    screen = app.screen
    assert isinstance(screen, FilteredListScreen)
    return screen


async def test_the_box_replaces_its_stand_in_after_the_first_frame(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        await wait_for(pilot, lambda: not app.screen.query(FilterStandIn), "the swap")
        assert app.screen.query_one("#filter", Input) is list_screen(app).filter_box


@pytest.mark.parametrize(
    ("theme", "size"),
    [
        ("textual-dark", (80, 24)),
        ("textual-light", (80, 24)),
        ("nord", (36, 12)),
        ("textual-dark", (40, 12)),
    ],
)
async def test_the_swap_is_invisible(
    sandbox: SandboxServer, swap_held: None, theme: str, size: tuple[int, int]
) -> None:
    """Cell for cell, colours and all; narrow, the placeholder
    is cut where Input cuts it (at 40 columns a word ends one cell past the box)."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await wait_loaded(pilot, app)
        await pilot.pause()
        screen = list_screen(app)
        assert screen.query(FilterStandIn) and not screen.query("#filter")
        # The rows' details fill in by themselves: wait for them, or they differ, not the box.
        table = screen.query_one(VirtualTable)
        await wait_for(
            pilot, lambda: all(table.rows[i][1] != "…" for i in table.shown), "the details"
        )
        await pilot.pause()
        before = drawn(app)
        await screen.real_filter()
        await pilot.pause()
        assert not screen.query(FilterStandIn)
        assert drawn(app) == before


async def test_the_list_works_before_the_swap(sandbox: SandboxServer, swap_held: None) -> None:
    """Status line, filter and Escape read the filter as "" while the stand-in is shown."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        await wait_for(pilot, lambda: "Enter to open" in str(status(app)), "the status line")
        assert str(status(app)) == "4 integrations · Enter to open"
        await pilot.press("escape")
        screen = list_screen(app)
        assert screen.filter_text == ""
        assert screen.focused is screen.query_one(VirtualTable)
        assert screen.filter_box is None  # nothing asked for the real box yet


async def test_slash_before_the_swap_mounts_the_box_and_the_keys_land_in_it(
    sandbox: SandboxServer, swap_held: None
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        burst(pilot, "slash", *"zoho")
        screen = list_screen(app)
        await wait_for(pilot, lambda: screen.filter_text == "zoho", "the filter's text")
        assert screen.focused is screen.query_one("#filter", Input)
        assert not screen.query(FilterStandIn)
        assert str(status(app)) == "1 of 4 integrations"
        await pilot.press("escape")
        assert screen.filter_text == ""


async def test_a_burst_typed_at_start_up_opens_the_row_before_the_swap(
    sandbox: SandboxServer, swap_held: None
) -> None:
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


def drawn(app: IpaasAuthApp) -> str:
    """The screen as an SVG, without its id: a hash that covers what is not drawn too (the
    mouse's metadata of each cell, which names the widget)."""
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


def status(app: IpaasAuthApp) -> object:
    return app.screen.query_one("#status").render()
