"""The version editor's history (h): the journal's changes to the version and to its
integration's authorization type, newest first, and undo (u) with a diff first, a conflict
check and a journal entry of its own. Pilot tests over real HTTP against the sandbox."""

from __future__ import annotations

import copy

from textual.pilot import Pilot

from tests.config.test_template import SEED_TEMPLATE
from tests.console import (
    in_zoho_editor,
    open_zoho_version,
    painted,
    save_confirmed,
    staging_with_password,
    version_editor,
    wait_for,
)
from tests.memory_keyring import MemoryKeyring
from tests.screens.test_console_not_sent import stored_zoho
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.history import HistoryScreen
from tui.screens.version_editor import VersionEditorScreen


async def save_preset(pilot: Pilot[None], app: IpaasAuthApp) -> VersionEditorScreen:
    await open_zoho_version(pilot, app)
    await pilot.press("p")
    await save_confirmed(pilot, app)
    screen = version_editor(app)
    await wait_for(pilot, lambda: screen.saved and not screen.draft.dirty, "the save")
    return screen


async def open_history(pilot: Pilot[None], app: IpaasAuthApp, rows: int) -> HistoryScreen:
    if not isinstance(app.screen, HistoryScreen):
        await pilot.press("h")
    await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history")
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    await wait_for(pilot, lambda: len(screen.entries) == rows, f"{rows} journal entries")
    await pilot.pause()
    return screen


def table_text(screen: HistoryScreen) -> str:
    return painted(screen.query_one("#history"))


def status_text(screen: HistoryScreen) -> str:
    return painted(screen.query_one("#status"))


async def test_the_preset_saved_shows_in_history_and_undo_writes_the_before_state_back(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    before = copy.deepcopy(stored_zoho(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await save_preset(pilot, app)
        saved = stored_zoho(sandbox)
        assert saved["oauth_authorization_type_id"] == 1
        assert saved["versions"][0]["oauth_url_template"] == SEED_TEMPLATE
        assert [f["key"] for f in saved["versions"][0]["custom_fields"]] == ["RedirectUrl"]
        seed = ("oauth_url_template", "custom_fields")  # nothing else of the version changed
        assert {k: v for k, v in saved["versions"][0].items() if k not in seed} == {
            k: v for k, v in before["versions"][0].items() if k not in seed
        }
        history = await open_history(pilot, app, rows=2)
        text = table_text(history)
        assert "auth type" in text and "oauth_authorization_type_id" in text  # newest first
        assert "oauth_url_template" in text and "custom_fields" in text
        await pilot.press("down")  # the version's change
        await wait_for(
            pilot,
            lambda: "Changed: oauth_url_template" in painted(history.query_one("#entry")),
            "the version's change in full",
        )
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the undo's diff")
        diff = "\n".join(app.screen.diff)  # type: ignore[attr-defined]
        assert f"- {SEED_TEMPLATE}" in diff and "+ (empty)" in diff
        assert "Custom field RedirectUrl" in diff
        await pilot.press("y")
        await open_history(pilot, app, rows=3)
        await wait_for(pilot, lambda: "undone" in status_text(history), "the outcome")
        assert stored_zoho(sandbox)["versions"] == before["versions"]
        assert "undoes" in table_text(history)
        await pilot.press("home", "down")  # under the undo: the authorization type's change
        await wait_for(
            pilot,
            lambda: "authorization_type" in painted(history.query_one("#entry")),
            "the type's change in full",
        )
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the undo's diff")
        await pilot.press("y")
        await open_history(pilot, app, rows=4)
        assert stored_zoho(sandbox) == before
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "the editor")
        await wait_for(pilot, lambda: screen.draft.template == "", "the editor reloaded")
        assert SEED_TEMPLATE[:20] not in painted(screen.query_one("#template"))
        assert "OAuth Initiated" not in painted(screen.query_one("#auth-type"))


async def test_an_undo_over_a_later_change_is_a_conflict_and_writes_nothing(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await save_preset(pilot, app)
        history = await open_history(pilot, app, rows=2)
        with sandbox.ipaas.lock:  # someone edits the template in the portal meanwhile
            stored_zoho(sandbox)["versions"][0]["oauth_url_template"] = "https://theirs.test/"
        after = copy.deepcopy(stored_zoho(sandbox))
        await pilot.press("down")  # the version's change (the type's is the newest)
        await wait_for(
            pilot,
            lambda: "Changed: oauth_url_template" in painted(history.query_one("#entry")),
            "the version's change in full",
        )
        await pilot.press("u")
        await wait_for(pilot, lambda: "cannot be undone" in status_text(history), "the conflict")
        assert "https://theirs.test/" in status_text(history)
        assert isinstance(app.screen, HistoryScreen)
        assert stored_zoho(sandbox) == after
        await open_history(pilot, app, rows=2)  # no entry: nothing was sent


async def test_text_from_the_journal_is_shown_as_typed(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    from tui.core.journal import Journal, Where

    stored = stored_zoho(sandbox)
    item = {"integration_id": str(stored["id"]), "version_id": stored["versions"][0]["id"]}
    entry = Journal().begin(
        Where("acme", "staging", "[/]Evil\x1b[2J Co"), "version", item, {}, {"[b]x": "1"}
    )
    Journal().finish(entry, "failed", "[@click=app.quit]boom[/]")
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor((80, 24)) as (pilot, app):
        history = await open_history(pilot, app, rows=1)
        await wait_for(pilot, lambda: "Evil" in painted(history.query_one("#entry")), "details")
        shown = painted(history)
        assert "[/]Evil\\x1b[2J Co" in shown and "\x1b" not in shown
        assert "[@click=app.quit]boom[/]" in shown and "[b]x" in shown
