"""The profiles screen edits profiles.toml as a person would, keeping their comments."""

from __future__ import annotations

from textual.widgets import Input

from config.paths import profiles_path
from config.secrets import IPAAS_PASSWORD, SERVICE
from tests.console import (
    new_profile_form,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.profile_editor import ProfileEditor
from tui.widgets.virtual_table import VirtualTable

COMMENT = "# my own notes about these profiles\n"


async def test_the_editor_refuses_bad_values_then_creates_keeping_comments(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """The new-profile editor, in one console:
    - an api_url httpx could not use (an ESC, a bad IPv4 address) is refused as typed, with
      the same key table as `profiles set`, and nothing is written;
    - a callback port out of range is refused, the form kept;
    - a new profile is saved after the comments of profiles.toml, its password in the keyring,
      not in the file."""
    write_profiles(COMMENT + sandbox_profile_toml(sandbox))
    before = profiles_path().read_text()
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await new_profile_form(pilot, app)
        editor.query_one("#name", Input).value = "acme"
        editor.query_one("#api_url", Input).value = "http://127.0.0.1:1/\x1b[2J"
        await pilot.pause()
        error = str(editor.query_one("#profile-error").render())
        assert (
            "api_url 'http://127.0.0.1:1/\\x1b[2J' has a control character (\\x1b at position 20)"
            in error
        )
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ProfileEditor)  # refused, nothing lost
        editor.query_one("#api_url", Input).value = "http://1.2.3.999:8900"
        await pilot.pause()
        assert "not an IPv4 address" in str(editor.query_one("#profile-error").render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ProfileEditor)
        await pilot.press("escape")  # the refused profile is discarded
        await wait_for(pilot, lambda: screen_name(app) == "ProfilesScreen", "the list again")
        assert profiles_path().read_text() == before, "a refused profile was written"

        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "a new form")
        editor = app.screen
        editor.query_one("#name", Input).value = "acme-prod"
        editor.query_one("#email", Input).value = "me@example.com"
        editor.query_one("#callback_port", Input).value = "80"
        await pilot.pause()
        assert "callback_port 80 is out of range" in str(
            editor.query_one("#profile-error").render()
        )
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ProfileEditor)  # refused, nothing lost
        editor.query_one("#callback_port", Input).value = "9100"
        editor.query_one("#password", Input).value = "hunter2-secret"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_name(app) == "ProfilesScreen", "the list")
        await wait_for(
            pilot, lambda: len(app.screen.query_one(VirtualTable).rows) == 2, "the new profile"
        )
    text = profiles_path().read_text()
    assert "[profiles.acme]" not in text and "1.2.3.999" not in text  # the refused one
    assert text.startswith(COMMENT)
    assert "[profiles.acme-prod]" in text and "callback_port = 9100" in text
    assert "hunter2-secret" not in text
    assert memory_keyring.entries[(SERVICE, f"acme-prod:{IPAAS_PASSWORD}")] == "hunter2-secret"


async def test_a_real_profiles_password_is_never_kept_only_in_memory(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """On the sandbox without a keyring, demo secrets may live in memory; a new real
    profile's password may not: the profile is saved and the missing password is reported."""
    import keyring
    from keyring.backends import fail

    write_profiles(sandbox_profile_toml(sandbox))
    keyring.set_keyring(fail.Keyring())
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await new_profile_form(pilot, app)
        app.screen.query_one("#name", Input).value = "acme-prod"
        app.screen.query_one("#email", Input).value = "me@example.com"
        app.screen.query_one("#password", Input).value = "hunter2-secret"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: any("but not its password" in n.message for n in app.toasts()),
            "the warning",
        )
        warning = next(n.message for n in app.toasts() if "not its password" in n.message)
        whole = next(n for n in app.notices if "not its password" in n)  # a long toast: on ?
        assert "No usable OS keyring" in whole and "hunter2" not in warning + whole
        await wait_for(
            pilot, lambda: len(app.screen.query_one(VirtualTable).rows) == 2, "the new profile"
        )
        session = app.connection.session
        assert session is not None
        assert session.secrets.get("acme-prod", IPAAS_PASSWORD) is None  # not in memory either
    assert "[profiles.acme-prod]" in profiles_path().read_text()


async def test_default_delete_concurrent_edit_and_the_title_bar(sandbox: SandboxServer) -> None:
    """Two profiles, demo in use, in one console:
    - * makes the highlighted profile the default;
    - a delete after an edit by hand is refused as "changed on disk", and r then x deletes,
      keeping the hand edit;
    - deleting the profile in use asks so, and the title bar says "(deleted)", the console
      still connected;
    - re-created by hand, then changed on disk: r makes the title bar say so, and the lists
      still work."""
    demo = sandbox_profile_toml(sandbox)
    other = '\n[profiles.other]\nenvironment = "staging"\n'
    write_profiles(demo + other)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        assert app.sub_title.startswith("demo · sandbox · ")
        await pilot.press("o")
        table = app.screen.query_one(VirtualTable)
        await wait_for(pilot, lambda: len(table.rows) == 2, "rows")
        await pilot.press("down", "asterisk")
        assert 'default = "other"' in profiles_path().read_text(), "* set no default"
        # Someone edits the file by hand while the console has it open.
        profiles_path().write_text("# edited by hand\n" + profiles_path().read_text())
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen_name(app) == "ProfilesScreen", "the list")
        status = str(app.screen.query_one("#status").render())
        assert "changed on disk" in status, "a delete over a hand edit was not refused"
        assert "[profiles.other]" in profiles_path().read_text()
        await pilot.press("r", "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: len(table.rows) == 1, "other deleted")
        text = profiles_path().read_text()
        assert "[profiles.other]" not in text and "# edited by hand" in text

        write_profiles(demo + other)  # both again, demo the default
        await pilot.press("r")
        await wait_for(pilot, lambda: len(table.rows) == 2, "both profiles again")
        assert table.highlighted_key == "demo", "the cursor left the first row"
        await pilot.press("x")  # demo, the profile in use
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "It is the profile in use" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: len(table.rows) == 1, "demo deleted")
        assert app.sub_title.startswith("demo (deleted) · sandbox · "), "no (deleted) in the title"
        assert app.connection.is_connected  # still connected with it

        write_profiles(demo)  # re-created by hand, as it was
        await pilot.press("r")
        await wait_for(pilot, lambda: "(deleted)" not in app.sub_title, "the title")
        assert app.sub_title.startswith("demo · sandbox · ")
        write_profiles(demo.replace('environment = "sandbox"', 'environment = "custom"'))
        await pilot.press("r")
        await wait_for(pilot, lambda: "changed on disk" in app.sub_title, "the title")
        assert app.sub_title.startswith("demo (changed on disk) · sandbox · ")
        await pilot.press("i")
        await wait_loaded(pilot, app)  # and its lists still work
    assert 'environment = "custom"' in profiles_path().read_text()


async def test_a_company_named_by_the_profile_is_named_in_the_title(
    sandbox: SandboxServer,
) -> None:
    """Named by its id (company_id), the company is looked up by name once connected; until
    then (or with an API key, which cannot list companies) no dangling separator."""
    import threading

    company = sandbox.ipaas.data.company_id
    write_profiles(sandbox_profile_toml(sandbox) + f'company_id = "{company}"\n')
    listed = threading.Event()
    original = sandbox.ipaas.handlers["companies"]

    def held(request):  # type: ignore[no-untyped-def]
        listed.wait(20)
        return original(request)

    sandbox.ipaas.replace_handler("companies", held)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await wait_loaded(pilot, app)
            assert app.sub_title == "demo · sandbox"
        finally:
            listed.set()
        await wait_for(pilot, lambda: app.sub_title.endswith(" · Sandbox Company"), "the name")
        assert app.sub_title == "demo · sandbox · Sandbox Company"
