"""Dialogs take the keys typed into them: each focuses its first field when it opens."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Button, Input, OptionList

from config.paths import profiles_path
from tests.console import (
    open_profiles,
    open_zoho_version,
    sandbox_profile_toml,
    wait_for,
    write_profiles,
)
from tui.app import create_app
from tui.clients.models import Company
from tui.sandbox import SandboxServer
from tui.screens.companies import CompanyPicker
from tui.screens.confirm import ConfirmScreen
from tui.screens.field_editor import FieldEditor
from tui.screens.profile_editor import ProfileEditor
from tui.widgets.virtual_table import VirtualTable


async def test_new_profile_takes_the_typed_name(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profiles(pilot, app)
        await pilot.press("n", *"typed-name", "ctrl+s")
        await wait_for(
            pilot, lambda: len(app.screen.query_one(VirtualTable).rows) == 2, "the new profile"
        )
    assert "[profiles.typed-name]" in profiles_path().read_text()


async def test_editing_a_profile_focuses_its_first_open_field(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profiles(pilot, app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the editor")
        await pilot.pause()
        focused = app.focused
        assert focused is not None and focused.id == "environment"  # the name is fixed


async def test_field_editor_takes_the_typed_key(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_zoho_version(pilot, app)
        await pilot.press("n", *"TypedKey")
        await wait_for(pilot, lambda: isinstance(app.screen, FieldEditor), "the field editor")
        await pilot.pause()
        assert app.screen.query_one("#field-key", Input).value == "TypedKey"


async def test_company_picker_and_confirm_focus_their_choice() -> None:
    companies = [Company("c1", "Acme", ("Integrator",)), Company("c2", "Globex", ("MiSP",))]

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ConfirmScreen("Sure?"))
            self.push_screen(CompanyPicker(companies))

    async with Host().run_test() as pilot:
        await pilot.pause()
        assert isinstance(app_focused := pilot.app.focused, OptionList), app_focused
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        focused = pilot.app.focused
        assert isinstance(focused, Button) and focused.id == "yes"
