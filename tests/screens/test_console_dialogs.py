"""Dialogs take the keys typed into them: each focuses its first field when it opens."""

from __future__ import annotations

import socket

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Static

from config.paths import profiles_path
from config.profile import Profile
from config.secrets import IPAAS_API_KEY, IPAAS_PASSWORD, SERVICE
from tests.console import (
    burst,
    failure_said,
    in_zoho_editor,
    open_profiles,
    sandbox_profile_toml,
    screen_name,
    staging_profile_toml,
    version_editor,
    wait_for,
    wait_loaded,
    wait_login_screen,
    write_auth_profile,
    write_profiles,
)
from tests.hostile import screen_text
from tests.memory_keyring import MemoryKeyring
from tui.app import IpaasAuthApp, create_app
from tui.clients.errors import BadCredentialsError
from tui.clients.models import Company
from tui.connection import Credentials
from tui.core.session import Session, connect
from tui.options import StartOptions
from tui.sandbox import SandboxServer, demo
from tui.screens.companies import CompanyPicker
from tui.screens.confirm import ConfirmScreen
from tui.screens.profile_editor import ProfileEditor
from tui.widgets.virtual_table import VirtualTable

LONG = " ".join(f"zebra{i}" for i in range(80))  # a toast of several lines


async def test_the_profile_dialogs_take_keys_and_stay_clear_of_toasts(
    sandbox: SandboxServer,
) -> None:
    """The profile editor at 80x24, in one console:
    - a toast raised over the new-profile dialog leaves its fields alone;
    - editing a profile focuses its first open field (the name is fixed);
    - a new profile takes the name typed right after n, and ctrl+s saves it."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_profiles(pilot, app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the new profile")
        app.notify(LONG, severity="error", timeout=30)
        await wait_for(pilot, lambda: app.screen.query("Toast"), "the toast over the dialog")
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        shown = screen_text(app).splitlines()
        for y in range(dialog.region.y, dialog.region.bottom):
            assert "zebra" not in shown[y], f"the toast covers the dialog: {shown[y]}"
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_for(pilot, lambda: screen_name(app) == "ProfilesScreen", "the list again")

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the edit dialog")
        await pilot.pause()
        focused = app.focused
        assert focused is not None and focused.id == "environment", (
            f"editing did not focus its first open field: {focused}"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ProfilesScreen", "the list again")

        await pilot.press("n", *"typed-name", "ctrl+s")
        await wait_for(
            pilot,
            lambda: len(app.screen.query_one(VirtualTable).rows) == 2,
            "the new profile saved under the typed name",
        )
    assert "[profiles.typed-name]" in profiles_path().read_text()


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


async def test_the_log_in_dialog_asks_refuses_in_place_and_remembers(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """A staging profile without a stored password, at 80x24:
    - the dialog asks: the password masked, the profile's email filled in, the cursor in the
      password;
    - a wrong password is refused in the same dialog, the reason in sight;
    - the API-key box relabels the field, and back, the dialog kept, nothing failed;
    - the right password logs in, no refusal left in a toast, and is kept in the keyring."""
    write_profiles(staging_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_login_screen(pilot, app)
        dialog = app.screen
        password = dialog.query_one("#password", Input)
        assert password.password, "the password is not masked"
        assert dialog.query_one("#email", Input).value == "integrator@sandbox.test"
        await wait_for(pilot, lambda: app.focused is password, "the cursor in the password")
        await pilot.press(*"not-it", "enter")
        error = dialog.query_one("#login-error", Static)
        await wait_for(pilot, lambda: "refused the login" in str(error.render()), "the reason")
        await pilot.pause()
        body = dialog.query_one("#login-body").region
        assert body.contains_region(error.region), (body, error.region)  # in sight at 80x24
        dialog.query_one("#is-api-key").value = True
        await pilot.pause()
        assert dialog.query_one("#password", Input).placeholder == "API key"
        dialog.query_one("#is-api-key").value = False
        await pilot.pause()
        assert app.screen is dialog and failure_said(app) is None
        assert dialog.query_one("#password", Input).value == ""
        await type_and_submit(pilot, app, demo.IPAAS_PASSWORD)
        await wait_loaded(pilot, app)
        assert not any("refused" in n.message for n in app.toasts())
    assert memory_keyring.entries[(SERVICE, f"acme:{IPAAS_PASSWORD}")] == demo.IPAAS_PASSWORD


async def test_a_refused_stored_password_asks_and_cancel_says_how_to_log_in(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(staging_profile_toml(sandbox))
    memory_keyring.set_password(SERVICE, f"acme:{IPAAS_PASSWORD}", "wrong")
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_login_screen(pilot, app)
        reason = str(app.screen.query_one("#login-error", Static).render())
        assert "refused the login" in reason and "check the email and password" in reason
        await pilot.press("escape")
        await wait_for(pilot, lambda: failure_said(app), "the cancelled log-in")
        assert failure_said(app) == "Log-in cancelled. Press r to log in."
        assert screen_name(app) == "IntegrationsScreen"
        status = app.screen.query_one("#status")
        await wait_for(
            pilot, lambda: str(status.render()) == "Log-in cancelled. Press r to log in.", "status"
        )
        await pilot.press("r")
        await wait_login_screen(pilot, app)
        await type_and_submit(pilot, app, demo.IPAAS_PASSWORD)
        await wait_loaded(pilot, app)


async def test_a_refused_stored_api_key_asks_again_in_place_and_a_good_one_is_kept(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """An API key is only checked when it is used: its first request (entering the profile's
    company) is part of the log-in, so a revoked key asks again, with iPaaS.com's reason."""
    company = sandbox.ipaas.data.company_id
    write_profiles(staging_profile_toml(sandbox) + f'company_id = "{company}"\n')
    memory_keyring.set_password(SERVICE, f"acme:{IPAAS_API_KEY}", "revoked-key")
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_login_screen(pilot, app)
        dialog = app.screen
        reason = str(dialog.query_one("#login-error", Static).render())
        assert "refused the API key" in reason and "API Keys" in reason
        assert failure_said(app) is None
        dialog.query_one("#is-api-key").value = True
        await type_and_submit(pilot, app, demo.IPAAS_API_KEY)
        await wait_loaded(pilot, app)
        assert app.connection.is_connected
    assert memory_keyring.entries[(SERVICE, f"acme:{IPAAS_API_KEY}")] == demo.IPAAS_API_KEY


async def test_a_command_still_fails_at_once_on_a_refused_password(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(staging_profile_toml(sandbox))
    memory_keyring.set_password(SERVICE, f"acme:{IPAAS_PASSWORD}", "wrong")
    session = Session.open(StartOptions())
    try:
        with pytest.raises(BadCredentialsError, match="refused the login"):
            await connect(session)
    finally:
        await session.close()


async def test_the_log_in_loop_asks_again_with_the_reason(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(staging_profile_toml(sandbox))
    asked: list[str | None] = []
    answers = ["not-it", demo.IPAAS_PASSWORD]

    async def ask(
        profile: Profile, keyring_problem: str | None, refused: str | None
    ) -> tuple[Credentials, bool]:
        asked.append(refused)
        return Credentials(profile.email, answers.pop(0)), False

    session = Session.open(StartOptions())
    try:
        await connect(session, ask)
        assert asked[0] is None and "refused the login" in str(asked[1]) and len(asked) == 2
        assert session.company is not None
    finally:
        await session.close()


UNREACHABLE = (
    'default = "far"\n[profiles.far]\nenvironment = "staging"\nemail = "me@example.com"\n'
    'api_url = "{url}"\n'
)


async def test_a_failed_connection_shows_on_every_screen_until_the_next_attempt(
    memory_keyring: MemoryKeyring,
) -> None:
    closed = _closed_port()
    write_profiles(UNREACHABLE.format(url=f"http://127.0.0.1:{closed}"))
    memory_keyring.set_password(SERVICE, f"far:{IPAAS_PASSWORD}", "whatever")
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: failure_said(app), "the failure", timeout=30)
        failure = failure_said(app)
        assert failure is not None and "Press r to retry" in failure
        for key, name in (("s", "SubscriptionsScreen"), ("i", "IntegrationsScreen")):
            await pilot.press(key)
            assert screen_name(app) == name
            status = app.screen.query_one("#status", Static)
            await wait_for(pilot, lambda s=status: failure in str(s.render()), f"failure on {name}")
            assert not app.screen.query_one(VirtualTable).loading
        await pilot.press("o")
        await wait_for(
            pilot, lambda: failure in str(app.screen.query_one("#status").render()), "profiles"
        )
        titles = [n.title for n in app.toasts()]
        assert titles.count("Cannot reach iPaaS.com") == 1, titles
        # Only r tries again: switching screens started no new attempt.
        assert not any(w.group == "connect" and w.is_running for w in app.workers)


async def test_a_broken_profiles_file_is_named_and_o_opens_the_profiles(
    sandbox: SandboxServer,
) -> None:
    path = write_profiles(sandbox_profile_toml(sandbox) + "[profiles.bad\n")
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: failure_said(app), "the failure")
        assert [n.title for n in app.toasts()] == ["profiles.toml has an error"]
        assert "not valid TOML" in str(failure_said(app))
        await pilot.press("o")
        assert screen_name(app) == "ProfilesScreen"
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "not valid TOML" in str(status.render()), "the error")
        assert "Still starting" not in str(status.render())
        path.write_text(sandbox_profile_toml(sandbox))
        await pilot.press("r")  # reload the fixed file, and connect
        await wait_for(pilot, lambda: app.connection.is_connected, "the console to connect")
        await wait_for(
            pilot, lambda: len(app.screen.query_one(VirtualTable).rows) == 1, "the profile"
        )
        await pilot.press("i")
        await wait_loaded(pilot, app)


async def type_and_submit(pilot: Pilot[None], app: IpaasAuthApp, password: str) -> None:
    field = app.screen.query_one("#password", Input)
    await wait_for(pilot, lambda: app.focused is field, "the cursor in the password")
    await pilot.press(*password, "enter")


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_keys_typed_ahead_reach_the_next_screen(sandbox: SandboxServer) -> None:
    from tui.screens.version_editor import VersionEditorScreen

    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        # One burst: filter, open the integration, open its first version as soon as it is there.
        burst(pilot, "slash", *"zoho", "enter", "enter", "enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, VersionEditorScreen) and app.focused is not None,
            "the editor",
        )
        await pilot.pause()  # let it finish building before the app exits
        # The row the filter narrowed to, not the one highlighted before "zoho" was taken.
        assert isinstance(app.screen, VersionEditorScreen)
        assert app.screen.draft.integration.name == "Zoho Commerce"


async def test_a_burst_typed_at_start_up_opens_the_filtered_row(sandbox: SandboxServer) -> None:
    from tui.screens.version_editor import VersionEditorScreen

    write_profiles(sandbox_profile_toml(sandbox))
    for _ in range(2):  # without a cached list, then with one (shown before the fresh one)
        app = create_app()
        async with app.run_test(size=(120, 40)) as pilot:
            burst(pilot, "slash", *"zoho", "enter", "enter", "enter")
            await wait_for(
                pilot,
                lambda app=app: isinstance(app.screen, VersionEditorScreen) and bool(app.focused),
                "the editor",
            )
            await pilot.pause()
            assert isinstance(app.screen, VersionEditorScreen)
            assert app.screen.draft.integration.name == "Zoho Commerce"


async def test_text_typed_after_tab_lands_in_the_next_field(sandbox: SandboxServer) -> None:
    text = staging_profile_toml(sandbox).replace('email = "integrator@sandbox.test"\n', "")
    write_profiles(text)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_login_screen(pilot, app)
        email = app.screen.query_one("#email", Input)
        await wait_for(pilot, lambda: app.focused is email, "the cursor in the email")
        burst(pilot, *"a@b.c", "tab", *"secret")
        password = app.screen.query_one("#password", Input)
        await wait_for(pilot, lambda: password.value == "secret", "the password typed")
        assert email.value == "a@b.c"


async def test_a_key_of_a_priority_binding_waits_for_the_keys_typed_before_it(
    sandbox: SandboxServer,
) -> None:
    """ctrl+s acts as it arrives; "p ctrl+s y" typed at once must still save the preset
    (it used to say "Nothing to save": p was still on its way through the focused widget)."""
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor() as (pilot, app):
        editor = version_editor(app)
        await wait_for(pilot, lambda: app.focused is not None, "the editor's focus")
        burst(pilot, "p", "ctrl+s", "y")
        await wait_for(pilot, lambda: editor.saved and not editor.draft.dirty, "the save")


async def test_the_seeds_procedure_typed_in_one_burst(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """README: "the whole sequence above can be typed without waiting". Keys that followed
    "y" reached the closing dialog and were lost, and Escape during the save asked to lose
    changes that were being saved."""
    from tui.screens.authenticate import AuthenticateScreen

    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        burst(pilot, "slash", *"zoho", "enter", "enter", "enter", "p", "ctrl+s", "y")
        burst(pilot, "escape", "escape", "s", "slash", *"store", "enter", "enter", "a", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AuthenticateScreen), "Authenticate")
        screen = app.screen
        assert isinstance(screen, AuthenticateScreen)
        assert "Demo Store" in screen.flow.subscription.name
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the sign-in started")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.flow.listener.is_open, "the port to close")
    data = auth_sandbox.ipaas.data
    version = data.integrations[data.zoho_integration_id]["versions"][0]
    assert version["oauth_url_template"].startswith("https://accounts.zoho.com/oauth/v2/auth?")
