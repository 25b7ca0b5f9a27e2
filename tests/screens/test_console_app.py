"""Start-up, log-in, navigation, help and the command palette, against a sandbox."""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator

import pytest
from textual.binding import Binding
from textual.widgets import Checkbox, Input

import tui.screens
from config.paths import secrets_file_path
from config.secrets import IPAAS_PASSWORD
from tests.console import (
    failure_said,
    new_profile_form,
    sandbox_profile_toml,
    screen_name,
    staging_profile_toml,
    wait_for,
    wait_loaded,
    wait_login_screen,
    write_profiles,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.options import StartOptions
from tui.sandbox import SandboxServer
from tui.screens.help import HelpScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.virtual_table import VirtualTable


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    """What the toasts say, and whole on the help screen what a long one cut short."""
    return [*(n.message for n in app.toasts()), *app.notices]


async def test_without_profiles_it_opens_the_sandbox_and_says_so() -> None:
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        await wait_for(
            pilot,
            lambda: (
                any("this is the built-in SANDBOX" in n for n in notices(app))
                and any("Press o" in n for n in notices(app))  # whole on the help screen
            ),
            "the sandbox notice",
        )
        assert app.connection.session is not None and app.connection.session.target is not None
        assert app.connection.session.target.sandbox is not None  # started in-process
        names = [row[0] for row in app.screen.query_one(VirtualTable).rows]
        assert "Zoho Commerce" in names
        await pilot.press("slash", *"GENERATED integration 0000")
        table = app.screen.query_one(VirtualTable)
        assert len(table.shown) == 5
        # While typing in the filter, the key bar offers the way back (it showed Enter alone).
        await pilot.pause()
        assert "esc Clear filter" in app.screen.query_one(KeyBar).render_line(0).text
        assert "5 of 6 integrations" in str(app.screen.query_one("#status").render())
        await pilot.press("escape")
        assert len(table.shown) == 6
        await pilot.press("slash", *"xyz")  # no match: said, with the way back
        assert not table.shown
        assert str(app.screen.query_one("#status").render()) == (
            "No integration matches 'xyz'. Escape clears the filter."
        )
        await pilot.press("escape")
        assert len(table.shown) == 6
        await pilot.press("slash", "a", "slash", "b")  # "/" focuses, then is just a character
        assert app.screen.query_one("#filter", Input).value == "a/b"


async def test_sandbox_flag_and_named_profile(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app(StartOptions(profile="demo"))
    async with app.run_test() as pilot:
        await wait_loaded(pilot, app)
        assert app.connection.session is not None and app.connection.session.target is not None
        assert app.connection.session.target.sandbox is None  # used the running one
        assert app.connection.session.target.api_url == sandbox.url
    app = create_app(StartOptions(sandbox=True))
    async with app.run_test() as pilot:
        await wait_loaded(pilot, app)
        assert (
            app.connection.session is not None
            and app.connection.session.profile.environment == "sandbox"
        )


async def test_unknown_profile_is_reported(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app(StartOptions(profile="ghost"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: failure_said(app), "the error")
        assert "No profile 'ghost'" in str(failure_said(app))
        status = app.screen.query_one("#status")
        await wait_for(pilot, lambda: "No profile 'ghost'" in str(status.render()), "the status")
        await pilot.pause()
        # The status line grew to show the whole message, not just its first line.
        assert len(str(status.render())) > 80 and status.size.height >= 2


def assert_fits(app) -> None:  # type: ignore[no-untyped-def]
    """The log-in dialog at 80x24: below the title bar, its buttons above the key bar, the
    focused field in view inside its scrolling body."""
    screen = app.screen
    dialog = screen.query_one("#login-dialog")
    assert dialog.region.y >= 1, "the dialog covers the title bar"
    for button in ("#ok", "#cancel"):
        region = screen.query_one(button).region
        assert region.height and region.bottom <= app.size.height - 1, f"{button} is cut off"
    focused = app.focused
    assert focused is not None
    body = screen.query_one("#login-body").region
    assert body.contains_region(focused.region), "the focused field is scrolled out of view"


async def test_without_a_usable_keyring_it_still_asks_and_keeps_nothing(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    import keyring
    from keyring.backends import fail

    write_profiles(staging_profile_toml(sandbox))
    keyring.set_keyring(fail.Keyring())  # what SSH sessions and containers often have
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_login_screen(pilot, app)
        problem = str(app.screen.query_one("#keyring-problem").render())
        assert "No usable OS keyring" in problem and "this session only" in problem
        assert not app.screen.query("#remember")  # nothing offered that cannot be kept
        password = app.screen.query_one("#password", Input)
        await wait_for(pilot, lambda: app.focused is password, "the cursor in the password")
        await pilot.press(*"wrong", "enter")  # refused: the reason shows, all still in sight
        error = app.screen.query_one("#login-error")
        await wait_for(pilot, lambda: "Logging in" not in str(error.render()), "the refusal")
        await wait_for(pilot, lambda: str(error.render()), "the refusal")
        await pilot.pause()
        assert_fits(app)
        await pilot.press(*"sandbox", "enter")
        await wait_loaded(pilot, app)  # logged in all the same
        assert not any("Not remembered" in n for n in notices(app))
    assert memory_keyring.entries == {}


async def test_file_secret_storage_warns_at_start_and_the_editor_names_the_file(
    sandbox: SandboxServer,
) -> None:
    """secret_storage = "file", in one console:
    - a notice at start says the secrets are kept UNENCRYPTED;
    - the profile editor says the secrets are stored in the secrets file, not the keyring."""
    write_profiles('secret_storage = "file"\n' + sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        assert any("UNENCRYPTED" in n for n in notices(app)), "no warning at start"
        await new_profile_form(pilot, app)
        labels = " ".join(str(label.render()) for label in app.screen.query("Label"))
        assert "stored in the secrets file" in labels, "the editor does not name the file"
        assert "stored in the keyring" not in labels


async def test_file_secret_storage_login_names_the_file_not_the_keyring(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """secret_storage = "file": the dialog said "no password or API key in the keyring" and
    offered "Remember in the OS keyring", though the keyring is never used."""
    write_profiles('secret_storage = "file"\n' + staging_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_login_screen(pilot, app)
        text = " ".join(str(s.render()) for s in app.screen.query(".hint"))
        assert "keyring" not in text and str(secrets_file_path()) in text
        remember = app.screen.query_one("#remember", Checkbox)
        assert "keyring" not in str(remember.label) and "secrets file" in str(remember.label)
        assert remember.value and not remember.disabled
        password = app.screen.query_one("#password", Input)
        await wait_for(pilot, lambda: app.focused is password, "the cursor in the password")
        await pilot.press(*"sandbox", "enter")
        await wait_loaded(pilot, app)
        assert any(f"Saved to the secrets file {secrets_file_path()}" in n for n in notices(app))
    assert memory_keyring.entries == {}
    stored = json.loads(secrets_file_path().read_text())
    assert stored.pop(f"acme:{IPAAS_PASSWORD}") == "sandbox"
    assert list(stored) == ["acme:ipaas_session"]  # the company session, with the password


async def test_top_level_keys_help_palette_and_ctrl_j(sandbox: SandboxServer) -> None:
    """One console on the sandbox profile:
    - s, o and i switch the top-level screens; the palette offers their commands;
    - ? shows the help, its key bar offers the dialog's keys, every key says what it does;
    - ctrl+j, as a terminal may send Enter, filters and opens an integration."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("s")
        await wait_loaded(pilot, app)
        assert screen_name(app) == "SubscriptionsScreen"
        assert len(app.screen.query_one(VirtualTable).rows) == 3
        await pilot.press("o")
        assert screen_name(app) == "ProfilesScreen"
        await pilot.press("i")
        assert screen_name(app) == "IntegrationsScreen"
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Subscriptions", "Profiles", "Filter", "Refresh", "Quit"} <= set(commands)
        assert "Zoho Commerce preset" not in commands
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        # The bottom line now offers the dialog's keys, not those of the screen below.
        bottom = app.screen.query_one(KeyBar).render_line(0).text
        assert "esc Close" in bottom and "Subscriptions" not in bottom
        rows = {row[1]: row for row in app.screen.rows}
        assert rows["Filter"][0] == "/"
        assert rows["Subscriptions"][2] == "The company's subscriptions"
        # Textual's own keys (the table scrolls sideways) say what they do too.
        assert rows["Scroll Left"][2] == "Show the columns to the left"
        assert rows["Page Right"][2] == "One screen to the right"
        assert [row for row in app.screen.rows if not row[2]] == []
        await pilot.press("escape")
        assert screen_name(app) == "IntegrationsScreen"
        await pilot.press("slash", *"zoho", "ctrl+j", "ctrl+j")  # a line feed acts as Enter
        await wait_for(
            pilot,
            lambda: screen_name(app) == "IntegrationScreen" and app.screen.integration is not None,
            "ctrl+j (Enter as a line feed) to open the filtered integration",
        )
        assert app.screen.integration.name == "Zoho Commerce"


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    import importlib
    import pkgutil

    from tui.app import IpaasAuthApp
    from tui.widgets import scope_list, virtual_table

    classes: list[type] = [IpaasAuthApp, scope_list.ScopeList, virtual_table.VirtualTable]
    for module_info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{module_info.name}")
        classes += [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if c.__module__ == module.__name__ and hasattr(c, "BINDINGS")
        ]
    checked = 0
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):  # ours, not Textual's
            assert isinstance(binding, Binding), cls
            assert binding.id, f"{cls.__name__} {binding.key} has no id"
            assert binding.tooltip, f"{cls.__name__} {binding.key} has no tooltip"
            checked += 1
    assert checked > 40


async def test_an_unexpected_error_in_a_worker_is_shown(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.clients.ipaas import IpaasClient

    async def broken(self: IpaasClient) -> AsyncIterator[object]:
        raise RuntimeError("the integration list came back in a shape nobody expected")
        yield  # an async generator, as the real one

    monkeypatch.setattr(IpaasClient, "integration_pages", broken)
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test() as pilot:
        await wait_for(
            pilot,
            lambda: any("shape nobody expected" in n for n in notices(app)),
            "the error notification",
        )
        assert any("Press r to retry" in n for n in notices(app))


@pytest.mark.parametrize(("size", "one_line"), [((60, 15), True), ((120, 40), False)])
async def test_start_up_notices_keep_to_one_line_on_a_small_screen_and_leave(
    size: tuple[int, int], one_line: bool
) -> None:
    """The first run's sandbox notice (no profiles.toml):
    - one line on a small screen, whole on a large one;
    - it leaves after a few seconds, whole on the help screen meanwhile."""
    from tui.toasts import INFORMATION_TIMEOUT

    app = create_app()  # no profiles.toml: the sandbox, and its notice
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot, app)
        [notice] = [n for n in app.toasts() if "SANDBOX" in n.message]
        assert notice.timeout <= INFORMATION_TIMEOUT <= 5, "the notice stays too long"
        assert any("Press o" in n for n in app.notices), "not whole for the help screen"
        sandbox_note = notice.message
        assert ("\n" not in sandbox_note) is one_line
        assert len(sandbox_note) <= size[0] - 4 or not one_line
        assert ("Press o" in sandbox_note) is not one_line
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        details = str(app.screen.query_one("#help-notices").render())
        assert "SANDBOX" in details and "Press o" in details  # the whole notice, on demand
