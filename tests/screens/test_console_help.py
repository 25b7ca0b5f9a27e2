"""The help dialog (?): every key with what it does, readable whole and in sight at 80x24.
Pilot tests against the sandbox on loopback."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.console import (
    open_authenticate,
    open_zoho_version,
    screen_name,
    wait_for,
    wait_loaded,
    write_auth_profile,
)
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.help import HelpScreen, KeysTable
from tui.widgets.virtual_table import VirtualTable


async def open_help(pilot: Pilot[None], app: IpaasAuthApp) -> HelpScreen:
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    return app.screen


def empty_descriptions(app: IpaasAuthApp) -> list[tuple[str, str, str]]:
    assert isinstance(app.screen, HelpScreen)
    return [row for row in app.screen.rows if not row[2].strip()]


def row_region(table: KeysTable, index: int) -> tuple[int, int]:
    """Where row `index` starts in the table's content, and how many lines it takes."""
    rows = table.ordered_rows
    above = sum(row.height for row in rows[:index])
    return above + (table.header_height if table.show_header else 0), rows[index].height


async def row_text(pilot: Pilot[None], table: KeysTable, index: int) -> tuple[str, str]:
    """The Key cell's first line and the whole "What it does" cell, as painted."""
    table.move_cursor(row=index)
    await pilot.pause()
    top, height = row_region(table, index)
    start = sum(c.get_render_width(table) for c in table.ordered_columns[:2])
    lines = [table.render_line(top - int(table.scroll_y) + dy).text for dy in range(height)]
    key_width = table.ordered_columns[0].get_render_width(table)
    return lines[0][:key_width], " ".join(" ".join(line[start:] for line in lines).split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_description_is_shown_whole_and_nothing_scrolls_sideways(
    auth_sandbox: SandboxServer, port: int, size: tuple[int, int]
) -> None:
    """On the Authenticate screen, whose descriptions are the longest: each one wraps inside
    its column; End goes to the last row and the Key column stays in sight."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=size) as pilot:
        await open_authenticate(pilot, app)
        help_screen = await open_help(pilot, app)
        table = help_screen.query_one(KeysTable)
        assert table.max_scroll_x == 0
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= table.size.width
        wrapped = 0
        for index, (key, _, what) in enumerate(help_screen.rows):
            shown_key, shown_what = await row_text(pilot, table, index)
            assert shown_key.strip() == key
            assert shown_what == " ".join(what.split()), key
            wrapped += row_region(table, index)[1] > 1
        assert wrapped  # the long ones took a second line
        table.move_cursor(row=0)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == len(help_screen.rows) - 1
        assert table.scroll_x == 0
        assert (await row_text(pilot, table, table.cursor_row))[0].strip()  # the Key column


async def test_every_screen_says_what_each_key_does(auth_sandbox: SandboxServer, port: int) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    seen: dict[str, set[str]] = {}

    async def check() -> None:
        under = screen_name(app)
        help_screen = await open_help(pilot, app)
        assert empty_descriptions(app) == [], under
        seen.setdefault(under, set()).update(row[1] for row in help_screen.rows)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == under, under)

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await check()  # the integrations
        for key in ("s", "o"):  # the subscriptions, the profiles
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, key)
            await check()
        await pilot.press("i")
        await open_zoho_version(pilot, app)
        await check()  # the version editor, in its template (a TextArea's keys)
        app.screen.query_one("#scopes").focus()
        await pilot.pause()
        await check()  # and in its scope list (an OptionList's)
        await pilot.press("h")
        await wait_for(pilot, lambda: screen_name(app) == "HistoryScreen", "history")
        await check()
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "VersionEditorScreen", "editor")
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "integration")
        await check()
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationsScreen", "integrations")
        await open_authenticate(pilot, app)
        await check()
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SubscriptionScreen", "subscription")
        await check()
    assert set(seen) == {
        "IntegrationsScreen",
        "SubscriptionsScreen",
        "ProfilesScreen",
        "VersionEditorScreen",
        "IntegrationScreen",
        "SubscriptionScreen",
        "AuthenticateScreen",
        "HistoryScreen",
    }
    assert "History" in seen["VersionEditorScreen"] and "Undo" in seen["HistoryScreen"]
    # The scope list's own keys (an OptionList's first, last and select) are among them.
    assert {"First", "Last", "Select"} <= seen["VersionEditorScreen"]


def in_sight(app: IpaasAuthApp) -> None:
    """The dialog, its last line (Escape's hint) and the key bar all fit the screen."""
    from textual.widgets import Static

    from tui.widgets.key_bar import KeyBar

    screen = app.screen
    hint = next(s for s in screen.query(Static) if "Escape: close" in str(s.render()))
    bar = screen.query_one(KeyBar).region
    dialog = screen.query_one("#help-dialog").region
    inside = screen.query_one("#help-dialog").content_region  # within its border
    assert hint.region.height == 1 and hint.region.bottom <= inside.bottom
    assert dialog.y >= 0 and dialog.bottom <= bar.y <= app.size.height - bar.height


async def test_at_80x24_the_whole_dialog_fits_and_the_table_scrolls_inside(
    auth_sandbox: SandboxServer, port: int
) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_authenticate(pilot, app)
        help_screen = await open_help(pilot, app)
        in_sight(app)
        table = help_screen.query_one(KeysTable)
        assert table.max_scroll_y > 0  # more keys than lines: the table scrolls, not the dialog
        await pilot.press("end")
        await pilot.pause()
        in_sight(app)


async def test_with_notices_the_keys_have_the_focus_and_all_fits() -> None:
    """The built-in sandbox's start-up notice is above the keys; ↓ and PgDn move through the
    keys at once, and at 80x24 everything is still in sight."""
    app = create_app()  # no profiles.toml: the sandbox, and its notice
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        help_screen = await open_help(pilot, app)
        assert help_screen.query_one("#help-notices")
        table = help_screen.query_one("#help-keys", DataTable)
        assert app.focused is table
        await pilot.press("down")
        assert table.cursor_row == 1
        await pilot.press("pagedown")
        assert table.cursor_row > 1
        in_sight(app)


async def test_help_takes_the_screen_belows_toasts_away(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """A toast about the Authenticate screen would cover the keys listed over it."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_authenticate(pilot, app)
        await pilot.press("c")  # "The redirect URI was copied…"
        await wait_for(pilot, lambda: app.toasts(), "the copy's toast")
        await open_help(pilot, app)
        assert not list(app.toasts())


async def test_a_read_only_template_offers_no_editing_keys_until_enter(
    auth_sandbox: SandboxServer, port: int
) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_zoho_version(pilot, app)
        help_screen = await open_help(pilot, app)
        actions = {row[1] for row in help_screen.rows}
        assert "Cursor line start" in actions  # moving about the template is offered…
        assert not actions & {"Paste", "Delete character left", "Undo"}  # …changing it is not
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "VersionEditorScreen", "the editor")
        await pilot.press("enter")  # edit the template: ? is a character there, F1 is help
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert {"Paste", "Delete character left", "Undo"} <= {row[1] for row in help_screen.rows}
