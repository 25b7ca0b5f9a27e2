"""The help dialog (?): every key with what it does, readable whole and in sight at 80x24.
Pilot tests against the sandbox on loopback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.console import (
    open_authenticate,
    open_zoho_version,
    screen_name,
    squeezed,
    wait_for,
    wait_loaded,
    write_auth_profile,
)
from tests.hostile import screen_text
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


async def descriptions_whole(pilot: Pilot[None], help_screen: HelpScreen) -> None:
    """Each description wraps inside its column (the Authenticate screen's are the longest);
    End goes to the last row and the Key column stays in sight: nothing scrolls sideways."""
    table = help_screen.query_one(KeysTable)
    assert table.max_scroll_x == 0, "descriptions whole: nothing to scroll sideways"
    assert sum(c.get_render_width(table) for c in table.ordered_columns) <= table.size.width
    wrapped = 0
    for index, (key, _, what) in enumerate(help_screen.rows):
        shown_key, shown_what = await row_text(pilot, table, index)
        assert shown_key.strip() == key, f"descriptions whole: the key {key!r} shown"
        assert shown_what == " ".join(what.split()), f"descriptions whole: {key!r}'s, wrapped"
        wrapped += row_region(table, index)[1] > 1
    assert wrapped, "descriptions whole: the long ones took a second line"
    table.move_cursor(row=0)
    await pilot.press("end")
    await pilot.pause()
    assert table.cursor_row == len(help_screen.rows) - 1, "End goes to the last row"
    assert table.scroll_x == 0, "End: nothing scrolled sideways"
    key_shown = (await row_text(pilot, table, table.cursor_row))[0].strip()
    assert key_shown, "End: the Key column stays in sight"


async def test_every_screens_help_lists_its_keys_whole_and_for_what_is_focused(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """One console at 120x40, walked by keys through every screen, help (?) opened on each:
    - every screen says what each of its keys does (no empty description);
    - the version editor's read-only template offers moving about, not changing it, until
      Enter; then (F1: ? is a character there) Paste, Delete and Undo are offered;
    - the version editor's scope list offers an OptionList's own keys (First, Last, Select);
      the editor offers History, the history Undo;
    - on the Authenticate screen every description is shown whole and nothing scrolls
      sideways (the 120x40 case; 80x24 is below)."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    seen: dict[str, set[str]] = {}

    async def check(also: Callable[[HelpScreen], Awaitable[None]] | None = None) -> set[str]:
        """Help over the screen shown: its keys, then back to that screen."""
        under = screen_name(app)
        help_screen = await open_help(pilot, app)
        assert empty_descriptions(app) == [], f"every key described: {under}"
        actions = {row[1] for row in help_screen.rows}
        seen.setdefault(under, set()).update(actions)
        if also is not None:
            await also(help_screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == under, under)
        return actions

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await check()  # the integrations
        for key in ("s", "o"):  # the subscriptions, the profiles
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, key)
            await check()
        await pilot.press("i")
        await open_zoho_version(pilot, app)
        actions = await check()  # the version editor, in its template (a TextArea's keys)
        assert "Cursor line start" in actions, "read-only template: moving about is offered"
        assert not actions & {"Paste", "Delete character left", "Undo"}, (
            "read-only template: changing it is not offered"
        )
        await pilot.press("enter")  # edit the template: ? is a character there, F1 is help
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help by F1")
        await pilot.pause()
        editing = app.screen
        assert isinstance(editing, HelpScreen)
        assert {"Paste", "Delete character left", "Undo"} <= {row[1] for row in editing.rows}, (
            "template in editing: changing it is offered"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "VersionEditorScreen", "the editor")
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
        await check(lambda help_screen: descriptions_whole(pilot, help_screen))
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


def in_sight(app: IpaasAuthApp, when: str) -> None:
    """The dialog, its last line (Escape's hint) and the key bar all fit the screen."""
    from textual.widgets import Static

    from tui.widgets.key_bar import KeyBar

    screen = app.screen
    hint = next(s for s in screen.query(Static) if "Escape: close" in str(s.render()))
    bar = screen.query_one(KeyBar).region
    dialog = screen.query_one("#help-dialog").region
    inside = screen.query_one("#help-dialog").content_region  # within its border
    assert hint.region.height == 1 and hint.region.bottom <= inside.bottom, f"hint: {when}"
    assert dialog.y >= 0 and dialog.bottom <= bar.y <= app.size.height - bar.height, (
        f"dialog and key bar in sight: {when}"
    )


async def test_authenticate_at_80x24_step_one_whole_and_its_help_fits_over_no_toast(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """The Authenticate screen at 80x24, read before any sign-in, in one console:
    - step one's sentence wraps whole instead of being cut at the right edge;
    - help takes the screen below's toasts away (the copy's toast would cover the keys);
    - the whole dialog fits and the table scrolls inside it (more keys than lines), also
      at its last row;
    - every description is shown whole and nothing scrolls sideways (the 80x24 case)."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_authenticate(pilot, app)
        step_one = squeezed("(your client > Authorized Redirect URIs), exactly as shown:")
        await wait_for(
            pilot, lambda: step_one in squeezed(screen_text(app)), "step one whole at 80 columns"
        )
        await pilot.press("c")  # "The redirect URI was copied…"
        await wait_for(pilot, lambda: app.toasts(), "the copy's toast")
        help_screen = await open_help(pilot, app)
        assert not list(app.toasts()), "help takes the screen below's toasts away"
        in_sight(app, "help opened at 80x24")
        table = help_screen.query_one(KeysTable)
        assert table.max_scroll_y > 0, "more keys than lines: the table scrolls, not the dialog"
        await descriptions_whole(pilot, help_screen)  # ends at the last row (End)
        in_sight(app, "help at its last row")


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
        in_sight(app, "with the start-up notice")
