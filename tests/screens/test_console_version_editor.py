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


async def test_presets_fix_keys_scopes_and_the_template_drawn(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """One editor, nothing saved; each part starts from `p` (the seed's template) but the
    first, which needs the version as loaded:
    - P (recommended preset) leaves nothing to fix, sets type 1 and RedirectUrl; f then no-op
    - f applies the first safe fix, the lint line moves to the next, the diff shows it
    - F applies the seed template's three safe fixes at once, with a toast
    - a template that outgrows its box is drawn whole at each wrap (the preset makes it
      taller than its box, so a scroll bar takes two columns: Textual drew the lines wrapped
      for the wider box, one character at each wrap hidden under the bar)
    - scopes removed and added and the data centre chosen edit the template"""
    from textual.widgets import Input, Select, TextArea

    from config.presets import recommended_template

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        editor = version_editor(app)
        template = editor.query_one("#template", TextArea)

        def lint_text() -> str:
            return str(editor.query_one("#lint").render())

        # The recommended preset, on the version as loaded (type 0, no field).
        assert editor.draft.authorization_type_id != 1 and not editor.draft.field_keys
        await pilot.press("P")
        assert template.text == recommended_template(), "P: the recommended template"
        assert "nothing to fix" in lint_text(), "P: nothing to fix"
        assert editor.draft.authorization_type_id == 1, "P: authorization type 1"
        assert editor.draft.field_keys == ["RedirectUrl"], "P: RedirectUrl"
        await pilot.press("f")  # nothing to fix: the template stays as it is
        assert template.text == recommended_template(), "f after P: template unchanged"

        # The fix key: the first safe fix, and the diff shows it.
        app.clear_notifications()
        await pilot.press("p")
        assert template.text == SEED_TEMPLATE, "p: the seed's template back"
        assert "[f fixes: add &prompt=consent]" in lint_text(), "f: first fix offered"
        assert "[fixable: remove ZohoCommerce.webhooks.READ]" in lint_text(), "f: next fixable"
        await pilot.press("f")
        assert template.text == SEED_TEMPLATE + "&prompt=consent", "f: first fix applied"
        assert "[f fixes: remove ZohoCommerce.webhooks.READ]" in lint_text(), "f: next fix"
        diff = await diff_shown(pilot, app)
        assert f"+ {SEED_TEMPLATE}&prompt=consent" in diff, "f: the diff shows the fix"
        await typed(pilot, ["n"], lambda: app.screen is editor, "the diff declined")

        # The fix-all key: every safe fix at once.
        app.clear_notifications()
        await pilot.press("p")  # the seed's template: three fixable warnings
        assert len([f for f in editor.findings() if f.fix is not None]) == 3, "F: three fixes"
        await pilot.press("F")
        assert template.text == recommended_template(), "F: the recommended template"
        assert "nothing to fix" in lint_text(), "F: nothing left to fix"
        assert any("Fixed 3 finding(s)" in n.message for n in app.toasts()), "F: the toast"

        # A template that outgrows its box is drawn whole at each wrap.
        app.clear_notifications()
        await pilot.press("p")
        await pilot.pause()
        assert template.show_vertical_scrollbar, "drawing: the template outgrows its box"
        box = template.scrollable_content_region
        lines = screen_strips(app)[box.y : box.bottom]
        drawn = "".join(line.text[box.x : box.right].rstrip() for line in lines)
        assert len(drawn) > 300 and template.text.startswith(drawn), f"drawing: {drawn}"

        # Scopes and the data centre edit the template.
        await pilot.press("p")
        editor.query_one("#scopes").focus()
        await pilot.press("delete")  # the first scope, ZohoCRM.modules.ALL
        editor.query_one("#add-scope", Input).focus()
        await typed(
            pilot,
            [*"ZohoCommerce.sitesIndex.READ", "enter"],
            lambda: "sitesIndex" in template.text,
            "the scope added",
        )
        editor.query_one("#dc", Select).value = "eu"
        await pilot.pause()
        text = template.text
        assert text.startswith(
            "https://accounts.zoho.eu/oauth/v2/auth?scope=ZohoCRM.settings.ALL,"
        ), f"scopes: data centre and first scope removed: {text}"
        assert "ZohoCommerce.webhooks.ALL,ZohoCommerce.sitesIndex.READ&client_id=" in text, (
            f"scopes: added last: {text}"
        )
        assert "ZohoCRM.modules.ALL" not in text, f"scopes: removed: {text}"
        assert "prompt=consent" in lint_text(), "scopes: the lint line follows the template"


async def test_a_save_over_a_change_made_elsewhere_is_refused_then_the_preset_saves_as_the_seed(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """The second part builds on the first, as the conflict's message tells the user to:
    - a version changed behind the console is not overwritten: the conflict is reported with
      their value, the user's edit stays, iPaaS.com keeps their template and type 0
    - reloaded (r, y) and the preset applied again, the save's diff shows the preset and
      iPaaS.com holds the seed's template, RedirectUrl and authorization type 1"""
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        editor = version_editor(app)
        # Someone else edits the version in the portal meanwhile.
        await saved_elsewhere(sandbox, "https://accounts.zoho.eu/theirs")
        await pilot.press("p")
        await save_confirmed(pilot, app)
        status = editor.query_one("#status")
        await wait_for(pilot, lambda: status.has_class("error"), "the conflict report")
        text = str(status.render())
        assert "changed on iPaaS.com since you opened it" in text, "conflict: reported"
        assert "https://accounts.zoho.eu/theirs" in text, "conflict: their value shown"
        assert editor.draft.dirty, "conflict: the user's edit is still there to re-apply"
        after = await read_back(sandbox)
        assert after.versions[0].oauth_url_template == "https://accounts.zoho.eu/theirs", (
            "conflict: their template kept"
        )
        assert after.authorization_type_id == 0, "conflict: the type not written"

        # Reload, apply the preset again, save.
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "reload question")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, VersionEditorScreen)
                and app.screen.draft.template == "https://accounts.zoho.eu/theirs"
            ),
            "the version reloaded",
        )
        editor = version_editor(app)
        await pilot.press("p")
        diff = await diff_shown(pilot, app)
        assert "+ 1 · OAuth Initiated within iPaaS" in diff, "save: the type in the diff"
        assert f"+ {SEED_TEMPLATE}" in diff, "save: the template in the diff"
        await pilot.press("y")
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


async def test_the_editor_at_80x24_opens_at_the_top_and_leaving_unsaved_changes_asks_first(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """- it opens at the top, in the template, whose letters stay the screen's keys until
      Enter (at 80x24 it opened scrolled down to the scope list, the focused field, the
      header and the template out of view)
    - leaving with unsaved changes asks first: n stays, y leaves, nothing is saved"""
    from textual.containers import VerticalScroll
    from textual.widgets import TextArea

    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor((80, 24)) as (pilot, app):
        editor = version_editor(app)
        await wait_for(pilot, lambda: app.focused is not None, "the focus")
        await pilot.pause()
        template = editor.query_one("#template", TextArea)
        assert app.focused is template, "opening: the template in focus"
        assert editor.query_one("#editor", VerticalScroll).scroll_y == 0, "opening: at the top"
        assert template.region.y > 0 and template.region.bottom <= 24, "opening: all in view"
        assert "Zoho Commerce" in str(editor.query_one(".title").render()), "opening: header"
        await pilot.press("p")  # the preset, not a "p" in the template
        assert template.text == SEED_TEMPLATE, "opening: p is the preset"
        await pilot.press("enter")
        template.move_cursor(template.document.end)
        await pilot.press(*"&x=1")
        assert template.text == SEED_TEMPLATE + "&x=1", "opening: Enter, then typing"
        assert editor.draft.template == SEED_TEMPLATE + "&x=1", "opening: typing edits"

        # Leaving with those unsaved changes.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, VersionEditorScreen), "staying")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "leaving")
    assert (await read_back(sandbox)).versions[0].oauth_url_template == ""
