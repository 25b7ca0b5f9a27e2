"""The version editor's evidence-driven parts: available_in_api shown and toggled (key `a`,
checkbox in the field dialog, on by default), the OAuth identifier and success-callback fields
edited beside the template and saved."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input

from tests.console import (
    diff_shown,
    in_zoho_editor,
    read_back,
    staging_with_password,
    version_editor,
    wait_for,
)
from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer
from tui.screens.field_editor import FieldEditor


async def test_in_api_toggle_and_identifier_fields_are_saved(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        editor = version_editor(app)
        await pilot.press("n")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, FieldEditor) and app.screen.query("#field-api"),
            "the field dialog",
        )
        dialog = app.screen
        assert dialog.query_one("#field-api", Checkbox).value is True  # new: available
        dialog.query_one("#field-key", Input).value = "Region"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is editor, "the editor")
        table = editor.query_one("#fields", DataTable)
        assert table.get_row_at(0)[2] == "yes"
        table.focus()
        await pilot.press("a")
        assert editor.draft.fields[0].available_in_api is False
        assert table.get_row_at(0)[2] == "no"
        editor.query_one("#identifier-field", Input).value = "organization_id"
        editor.query_one("#callback-field", Input).value = "success_url"
        await pilot.pause()
        diff = await diff_shown(pilot, app)
        assert "OAuth identifier field\n- (empty)\n+ organization_id" in diff
        assert "+ success_url" in diff
        await pilot.press("y")
        await wait_for(pilot, lambda: editor.saved and not editor.draft.dirty, "the save")
    version = (await read_back(sandbox)).versions[0]
    assert version.oauth_identifier_field == "organization_id"
    assert version.oauth_success_callback_field == "success_url"
    assert [(f.key, f.available_in_api) for f in version.custom_fields] == [("Region", False)]
