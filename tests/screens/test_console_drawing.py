"""What the terminal gets, at the sizes a newcomer uses: the version editor's boxes end inside
the screen, help keeps a key's name whole at 60 columns, and the integrations list shows the
seed's authorization type whole."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.console import (
    in_zoho_editor,
    painted,
    sandbox_profile_toml,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tests.hostile import screen_text
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.help import HelpScreen, KeysTable
from tui.widgets.virtual_table import VirtualTable

RIGHT_EDGE = "▎"  # an Input's right border, as Textual draws it
SIZES = [(80, 24), (120, 40)]


async def test_the_oauth_field_boxes_end_inside_the_screen_at_each_size(
    sandbox: SandboxServer,
) -> None:
    """The identifier and callback boxes end inside the screen at 80x24, and once resized to
    120x40 (a resized editor is drawn as a fresh one: test_console_resize.py)."""
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor(SIZES[0]) as (pilot, app):

        async def boxes_end_inside(size: tuple[int, int]) -> None:
            await wait_for(pilot, lambda: tuple(app.screen.size) == size, f"the screen at {size}")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            for box in ("#identifier-field", "#callback-field"):
                field = app.screen.query_one(box)
                row = lines[field.region.y + 1]  # the line with the value
                assert row.rstrip().endswith(RIGHT_EDGE), (size, box, row)
                right = field.parent.content_region.right  # type: ignore[union-attr]
                assert field.region.right <= right, (size, box)

        await boxes_end_inside(SIZES[0])
        await pilot.resize_terminal(*SIZES[1])
        await boxes_end_inside(SIZES[1])


async def test_help_at_60_columns_keeps_each_name_whole(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.pause()
        keys = painted(app.screen.query_one(KeysTable))
        assert "Subscriptions" in keys and "Integrations" in keys
        assert "Subscription " not in keys.replace("Subscriptions", "")


@pytest.mark.parametrize("size", SIZES)
async def test_the_lists_show_the_type_and_the_descriptions_whole(
    sandbox: SandboxServer, size: tuple[int, int]
) -> None:
    """The lists at each size, in one console (the Zoho Commerce integration of type 1, which
    the subscriptions list does not show):
    - the integrations list shows the seed's authorization type whole
    - the subscriptions' descriptions take what the names leave: the Description column was
      cut ("Subscription to Generated Int…") beside a Name column with 25 empty cells at 120
      columns, and hidden at 80 with 50; the names on screen keep their cells, the
      descriptions take the rest, and every column stays on screen"""
    data = sandbox.ipaas.data
    data.integrations[data.zoho_integration_id]["oauth_authorization_type_id"] = 1
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot, app)
        table = app.screen.query_one(VirtualTable)
        await wait_for(pilot, lambda: "OAuth" in painted(table), "the integrations' details")
        row = next(line for line in painted(table).splitlines() if "Zoho Commerce" in line)
        assert "OAuth Initiated within iPaaS" in row, f"the type cut: {row}"

        await pilot.press("s")
        await wait_for(pilot, lambda: "Generated Subscription" in painted(app.screen), "the list")
        table = app.screen.query_one(VirtualTable)
        header, *rows = painted(table).splitlines()
        titles = ["Name", "Description", *(["Id"] if size[0] >= 120 else [])]
        assert header.split() == titles, f"the subscriptions' columns: {header}"
        shown = [row for row in rows if row.strip()]
        assert shown and all(cell_len(row) == size[0] for row in [header, *shown])
        for row in shown:
            assert "…" not in row, f"a subscription cut: {row}"
            if "Generated Subscription" in row:
                assert "Subscription to Generated Integration 0" in row, row
        if size[0] >= 120:
            ids = header.index("Id")
            assert all(row[ids:].strip().isdigit() for row in shown), shown
