"""Editing paths not covered by the preset flow: custom fields, the integration's authorization
type, duplicating a profile, and choosing among several companies."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from config.paths import profiles_path
from tests.console import (
    in_zoho_editor,
    open_profiles,
    read_back,
    sandbox_profile_toml,
    save_confirmed,
    screen_name,
    staging_with_password,
    version_editor,
    wait_for,
    write_profiles,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.clients.models import Company
from tui.sandbox import SandboxServer
from tui.screens.companies import CompanyPicker
from tui.screens.confirm import ConfirmScreen
from tui.screens.field_editor import FieldEditor
from tui.screens.profile_editor import ProfileEditor
from tui.widgets.virtual_table import VirtualTable


async def test_custom_fields_and_the_authorization_type(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """The Zoho Commerce version editor, then its integration's screen, in one console:
    - the field dialog takes the key typed right after n;
    - a custom field's key must be one word; a new field is added, edited, deleted;
    - p adds RedirectUrl beside it, and the save sends the fields;
    - the integration's authorization type is changed, its diff shown, saved, and the list
      shows the new type."""
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        editor = version_editor(app)
        await pilot.press("n", *"TypedKey")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, FieldEditor) and app.screen.query("#field-key"),
            "the field dialog",
        )
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#field-key", Input).value == "TypedKey", "the typed key is lost"
        dialog.query_one("#field-key", Input).value = "Bad Key"
        await pilot.press("enter")
        assert "one word" in str(dialog.query_one("#field-error").render())
        dialog.query_one("#field-key", Input).value = "Region"
        dialog.query_one("#field-value", Input).value = "eu-west"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is editor, "the editor")
        assert [f.key for f in editor.draft.fields] == ["Region"]
        editor.query_one("#fields", DataTable).focus()
        await pilot.press("e")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, FieldEditor) and app.screen.query("#field-value"),
            "the field dialog",
        )
        app.screen.query_one("#field-value", Input).value = "eu-central"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is editor, "the editor")
        assert editor.draft.fields[0].value == "eu-central"
        await pilot.press("p")  # adds RedirectUrl beside Region
        assert [f.key for f in editor.draft.fields] == ["Region", "RedirectUrl"]
        editor.query_one("#fields", DataTable).focus()
        await pilot.press("delete")  # the highlighted first field, Region
        assert [f.key for f in editor.draft.fields] == ["RedirectUrl"]
        await save_confirmed(pilot, app)
        await wait_for(pilot, lambda: editor.saved and not editor.draft.dirty, "the save")
        version = (await read_back(sandbox)).versions[0]
        assert [f.key for f in version.custom_fields] == ["RedirectUrl"], "the fields not saved"

        await pilot.press("escape")  # to the integration, which loads again after the save
        await wait_for(
            pilot,
            lambda: (
                screen_name(app) == "IntegrationScreen"
                and app.screen.integration is not None
                and [f.key for f in app.screen.integration.versions[0].custom_fields]
                == ["RedirectUrl"]
            ),
            "the integration loaded again",
        )
        app.screen.query_one("#auth-type", Select).value = 2
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "+ 2 · OAuth Initiated within the External System" in app.screen.diff
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: (
                screen_name(app) == "IntegrationScreen"
                and app.screen.integration.authorization_type_id == 2
            ),
            "the authorization type saved",
        )
        await pilot.press("escape")
        table = app.screen.query_one(VirtualTable)
        row = table.rows[table.keys.index(sandbox.ipaas.data.zoho_integration_id)]
        assert row[1] == "OAuth Initiated within the External System"
    integration = await read_back(sandbox)
    assert integration.authorization_type_id == 2
    assert [f.key for f in integration.versions[0].custom_fields] == ["RedirectUrl"]


async def test_new_or_duplicate_under_a_taken_name_is_refused_and_d_copies(
    sandbox: SandboxServer,
) -> None:
    """Two profiles, demo and acme, in one console:
    - a new profile or a copy named like an existing one is refused, the form kept, nothing
      written (it silently replaced that profile);
    - d starts a copy from a free name: saved as is, it replaces nothing."""
    write_profiles(
        sandbox_profile_toml(sandbox) + '\n[profiles.acme]\nenvironment = "staging"\n'
        'email = "keep@acme.test"\n'
    )
    before = profiles_path().read_text()
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_profiles(pilot, app)
        for key in ("n", "d"):
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the editor")
            app.screen.query_one("#name", Input).value = "acme"
            await pilot.pause()  # the name's own check runs first
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ProfileEditor), f"{key}: a taken name was saved"
            error = str(app.screen.query_one("#profile-error").render())
            assert "'acme' exists already" in error
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, ProfileEditor), "closed")
        assert profiles_path().read_text() == before, "a refused profile was written"

        table = app.screen.query_one(VirtualTable)
        assert table.highlighted_key == "demo"
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the editor")
        # It starts from a free name: saved as is, the copy replaces nothing.
        assert app.screen.query_one("#name", Input).value == "demo-copy", "not a free name"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(table.rows) == 3, "the copy saved")
    text = profiles_path().read_text()
    assert "[profiles.demo-copy]" in text and f'api_url = "{sandbox.url}"' in text
    assert 'email = "keep@acme.test"' in text


async def test_company_picker_returns_the_chosen_company() -> None:
    from textual.app import App

    companies = [Company("c1", "Acme", ("Integrator",)), Company("c2", "Globex", ("MiSP",))]
    chosen: list[tuple[Company, bool] | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(CompanyPicker(companies), callback=chosen.append)

    async with Host().run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: chosen, "the choice")
    assert chosen == [(companies[1], False)]  # no profile to keep it in


async def test_several_companies_ask_which_one(isolated_home: object) -> None:
    from tui.sandbox import start_sandbox

    with start_sandbox(integrations=2, subscriptions=1, companies=3) as sandbox:
        write_profiles(sandbox_profile_toml(sandbox))
        app = create_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(
                pilot,
                lambda: isinstance(app.screen, CompanyPicker) and app.screen.query("#companies"),
                "the company picker",
            )
            names = [str(o.prompt) for o in app.screen.query_one("#companies").options]
            assert [n.split("  (")[0] for n in names] == [
                "Sandbox Company",
                "Empty Company 1",
                "Empty Company 2",
            ]
            await pilot.press("down", "enter")  # Empty Company 1
            await wait_for(pilot, lambda: app.connection.is_connected, "the console to connect")
            await wait_for(
                pilot,
                lambda: (
                    str(app.screen.query_one("#status").render())
                    == "No integrations in this company."
                ),
                "the empty list",
            )
            assert app.connection.session is not None and app.connection.session.company is not None
            assert app.connection.session.company.name == "Empty Company 1"
            assert "Empty Company 1" in app.sub_title
        # The choice was kept in the profile (the box was ticked): no question the next time.
        company_id = app.connection.session.company.id
        assert f'company_id = "{company_id}"' in profiles_path().read_text()
        app = create_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.connection.is_connected, "the console to connect")
            assert not any(isinstance(s, CompanyPicker) for s in app.screen_stack)
            assert (
                app.connection.session is not None
                and app.connection.session.profile.company_id == company_id
            )


async def test_a_company_chosen_with_the_box_unticked_is_not_kept(isolated_home: object) -> None:
    from tui.sandbox import start_sandbox

    with start_sandbox(integrations=2, subscriptions=1, companies=2) as sandbox:
        write_profiles(sandbox_profile_toml(sandbox))
        before = profiles_path().read_text()
        app = create_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, CompanyPicker) and app.screen.query("#remember-company")
                ),
                "the company picker and its box",
            )
            app.screen.query_one("#remember-company").value = False
            app.screen.query_one("#companies").focus()
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.connection.is_connected, "the console to connect")
        assert profiles_path().read_text() == before
