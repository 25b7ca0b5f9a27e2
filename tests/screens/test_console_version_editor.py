"""The seed's first half, driven by keys: open Zoho Commerce, apply the preset, save."""

from __future__ import annotations

from config.environments import KNOWN_ENVIRONMENTS, portal_redirect_url
from tests.config.test_template import SEED_TEMPLATE
from tests.console import (
    diff_shown,
    in_zoho_editor,
    read_back,
    save_confirmed,
    saved_elsewhere,
    screen_name,
    staging_with_password,
    typed,
    version_editor,
    wait_for,
)
from tests.hostile import screen_strips
from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.version_editor import VersionEditorScreen


async def test_preset_saved_matches_the_seed(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        await pilot.press("p")
        diff = await diff_shown(pilot, app)
        assert "+ 1 · OAuth Initiated within iPaaS" in diff
        assert f"+ {SEED_TEMPLATE}" in diff
        await pilot.press("y")
        editor = version_editor(app)
        await wait_for(pilot, lambda: editor.saved and not editor.draft.dirty, "the save")
    integration = await read_back(sandbox)
    version = integration.versions[0]
    assert version.oauth_url_template == SEED_TEMPLATE
    assert version.field_value("RedirectUrl") == portal_redirect_url(
        KNOWN_ENVIRONMENTS["staging"].portal_url
    )
    assert version.field_value("RedirectUrl") == (
        "https://stagingportal.ipaas.com/customer/subscription-mgmt/subscriptions/authorization/app"
    )
    assert integration.authorization_type_id == 1


async def test_version_changed_behind_the_console_is_not_overwritten(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        # Someone else edits the version in the portal meanwhile.
        await saved_elsewhere(sandbox, "https://accounts.zoho.eu/theirs")
        await pilot.press("p")
        await save_confirmed(pilot, app)
        editor = version_editor(app)
        status = editor.query_one("#status")
        await wait_for(pilot, lambda: status.has_class("error"), "the conflict report")
        text = str(status.render())
        assert "changed on iPaaS.com since you opened it" in text
        assert "https://accounts.zoho.eu/theirs" in text
        assert editor.draft.dirty  # the user's edit is still there to re-apply
    after = await read_back(sandbox)
    assert after.versions[0].oauth_url_template == "https://accounts.zoho.eu/theirs"
    assert after.authorization_type_id == 0


async def test_leaving_with_unsaved_changes_asks_first(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor((80, 24)) as (pilot, app):
        await pilot.press("p", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, VersionEditorScreen), "staying")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "leaving")
    assert (await read_back(sandbox)).versions[0].oauth_url_template == ""


async def test_scopes_and_data_centre_edit_the_template(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    from textual.widgets import Input, Select, TextArea

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        await pilot.press("p")
        editor = version_editor(app)
        editor.query_one("#scopes").focus()
        await pilot.press("delete")  # the first scope, ZohoCRM.modules.ALL
        editor.query_one("#add-scope", Input).focus()
        template = editor.query_one("#template", TextArea)
        await typed(
            pilot,
            [*"ZohoCommerce.sitesIndex.READ", "enter"],
            lambda: "sitesIndex" in template.text,
            "the scope added",
        )
        editor.query_one("#dc", Select).value = "eu"
        await pilot.pause()
        text = editor.query_one("#template", TextArea).text
        assert text.startswith("https://accounts.zoho.eu/oauth/v2/auth?scope=ZohoCRM.settings.ALL,")
        assert "ZohoCommerce.webhooks.ALL,ZohoCommerce.sitesIndex.READ&client_id=" in text
        assert "ZohoCRM.modules.ALL" not in text
        lint_text = str(editor.query_one("#lint").render())
        assert "prompt=consent" in lint_text


async def test_fix_key_applies_the_first_safe_fix_and_the_diff_shows_it(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    from textual.widgets import TextArea

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        await pilot.press("p")
        editor = version_editor(app)
        lint_text = str(editor.query_one("#lint").render())
        assert "[f fixes: add &prompt=consent]" in lint_text
        assert "[fixable: remove ZohoCommerce.webhooks.READ]" in lint_text
        await pilot.press("f")
        assert editor.query_one("#template", TextArea).text == SEED_TEMPLATE + "&prompt=consent"
        assert "[f fixes: remove ZohoCommerce.webhooks.READ]" in str(
            editor.query_one("#lint").render()
        )
        diff = await diff_shown(pilot, app)
        assert f"+ {SEED_TEMPLATE}&prompt=consent" in diff


async def test_fix_all_key_applies_every_safe_fix_at_once(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    from textual.widgets import TextArea

    from config.presets import recommended_template

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        await pilot.press("p")  # the seed's template: three fixable warnings
        editor = version_editor(app)
        assert len([f for f in editor.findings() if f.fix is not None]) == 3
        await pilot.press("F")
        assert editor.query_one("#template", TextArea).text == recommended_template()
        assert "nothing to fix" in str(editor.query_one("#lint").render())
        assert any("Fixed 3 finding(s)" in n.message for n in app.toasts())


async def test_a_template_that_outgrows_its_box_is_drawn_whole_at_each_wrap(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """The preset makes the template taller than its box, so a scroll bar takes two columns:
    the lines on screen, read in a row, are the template (Textual drew the lines wrapped for
    the wider box, one character at each wrap hidden under the bar)."""
    from textual.widgets import TextArea

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        await pilot.press("p")
        await pilot.pause()
        area = app.screen.query_one("#template", TextArea)
        assert area.show_vertical_scrollbar
        box = area.scrollable_content_region
        lines = screen_strips(app)[box.y : box.bottom]
        drawn = "".join(line.text[box.x : box.right].rstrip() for line in lines)
        assert len(drawn) > 300 and area.text.startswith(drawn), drawn


async def test_recommended_preset_key_leaves_nothing_to_fix(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    from textual.widgets import TextArea

    from config.presets import recommended_template

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        await pilot.press("P")
        editor = version_editor(app)
        assert editor.query_one("#template", TextArea).text == recommended_template()
        assert "nothing to fix" in str(editor.query_one("#lint").render())
        assert editor.draft.authorization_type_id == 1
        assert editor.draft.field_keys == ["RedirectUrl"]
        await pilot.press("f")  # nothing to fix: the template stays as it is
        assert editor.query_one("#template", TextArea).text == recommended_template()


async def test_editor_opens_at_the_top_in_the_template_at_80x24(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """At 80x24 it opened scrolled down to the scope list (the focused field), the header and
    the template out of view. It opens at the top, in the template, whose letters stay the
    screen's keys until Enter."""
    from textual.containers import VerticalScroll
    from textual.widgets import TextArea

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor((80, 24)) as (pilot, app):
        editor = app.screen
        await wait_for(pilot, lambda: app.focused is not None, "the focus")
        await pilot.pause()
        template = editor.query_one("#template", TextArea)
        assert app.focused is template
        assert editor.query_one("#editor", VerticalScroll).scroll_y == 0
        assert template.region.y > 0 and template.region.bottom <= 24  # all of it in view
        assert "Zoho Commerce" in str(editor.query_one(".title").render())
        await pilot.press("p")  # the preset, not a "p" in the template
        assert template.text == SEED_TEMPLATE
        await pilot.press("enter")
        template.move_cursor(template.document.end)
        await pilot.press(*"&x=1")
        assert template.text == SEED_TEMPLATE + "&x=1"
        assert editor.draft.template == SEED_TEMPLATE + "&x=1"
