"""Text is text: names, settings, Zoho's errors, profile values and paths that look like Textual
markup (or hold wide characters and escapes) are shown literally on every screen, dialog and
toast; nothing becomes a link or a click action, and `[@click=app.quit]` quits nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.console import (
    failure_said,
    in_zoho_editor,
    open_profiles,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_auth_profile,
    write_profiles,
)
from tests.hostile import ESCAPE, HOSTILE, MARKUP, actionable, screen_text, seed_hostile
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer, start_sandbox
from tui.screens.authenticate import AuthenticateScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.profile_editor import ProfileEditor
from tui.screens.subscription import SubscriptionScreen
from tui.screens.version_editor import VersionEditorScreen
from tui.widgets.virtual_table import VirtualTable

CLICK = "[@click=app.quit]x[/]"
LINK = "[link=https://example.com]x[/link]"
SHOWN_ESCAPE = ESCAPE.replace("\x1b", "\\x1b")
TALL = (150, 90)  # every line of the version editor fits: all of it is on screen


def assert_literal(app: IpaasAuthApp, *texts: str) -> str:
    """Each text is on screen as typed, nothing on screen is a link or a click action, no
    escape reaches the terminal, and the app still runs."""
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} is not on screen:\n{shown}"
    assert actionable(app) == []
    assert "\x1b" not in shown
    assert app.is_running and app.return_code is None
    return shown


def toast_text(app: IpaasAuthApp) -> str:
    """What the toasts say, unwrapped (a long one wraps on screen)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def filter_to(pilot, app: IpaasAuthApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash")
    app.screen.query_one("#filter", Input).value = text
    await pilot.pause()


async def test_lists_integration_version_editor_and_diff() -> None:
    with start_sandbox(integrations=8, subscriptions=8) as sandbox:
        seed_hostile(sandbox)
        write_profiles(sandbox_profile_toml(sandbox))
        app = create_app()
        async with app.run_test(size=TALL) as pilot:
            await wait_loaded(pilot, app)
            await pilot.pause()
            assert_literal(app, *HOSTILE, SHOWN_ESCAPE)

            await filter_to(pilot, app, "[")  # the four markup names and the escape
            table = app.screen.query_one(VirtualTable)
            assert len(table.shown) == len(MARKUP) + 1
            assert_literal(app, *MARKUP, f"{len(MARKUP) + 1} of ")
            await filter_to(pilot, app, CLICK)
            assert len(table.shown) == 1

            await pilot.press("enter", "enter")
            await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "integration")
            await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, "versions")
            await pilot.pause()
            assert_literal(app, f"{CLICK}  ·  ", f"{CLICK} 1.0")

            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, VersionEditorScreen), "editor")
            await pilot.pause()
            assert_literal(
                app,
                f"{CLICK} · {CLICK} 1.0",  # the title
                "Hostile0",
                "[link=https://example.com]x[/link]",  # a custom field's value
                "日本語の統合",
                "[b]Zoho.[/]",  # a scope, in the list and the template
                "state=[@click=app.quit]s[/]",
            )

            await pilot.press("p", "ctrl+s")  # the preset makes a change: the diff shows
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the diff")
            await pilot.pause()
            assert_literal(app, "scope=[b]Zoho.[/]&", "state=[@click=app.quit]s[/]")
            await pilot.press("n")
            await pilot.pause()
            assert app.is_running


async def test_subscriptions_settings_and_an_error_toast_naming_an_integration() -> None:
    with start_sandbox(integrations=8, subscriptions=8) as sandbox:
        seed_hostile(sandbox)
        data = sandbox.ipaas.data
        clicky = next(i for i in data.integrations.values() if i["name"] == CLICK)
        clicky["versions"] = []  # so Authenticate fails with an error naming the integration
        write_profiles(sandbox_profile_toml(sandbox))
        app = create_app()
        async with app.run_test(size=TALL, notifications=True) as pilot:
            await wait_loaded(pilot, app)
            await pilot.press("s")
            await wait_loaded(pilot, app)
            await pilot.pause()
            assert_literal(app, *HOSTILE, SHOWN_ESCAPE)

            await filter_to(pilot, app, CLICK)
            await pilot.press("enter", "enter")
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, SubscriptionScreen)
                    and app.screen.subscription is not None
                ),
                "the subscription",
            )
            await pilot.pause()
            shown = assert_literal(app, f"{CLICK}  ·  ", "[b]Client Secret")
            assert "[/]secret[b]" not in shown  # a secret-looking setting stays masked
            assert shown.count(CLICK) >= 3  # the title, a setting's name and its value

            await pilot.press("a")
            await wait_for(pilot, lambda: app.screen.query("Toast"), "the error toast")
            await pilot.pause()
            assert_literal(app, f"{CLICK} has no version")  # the status line
            assert f"{CLICK} has no version" in toast_text(app)


async def test_zoho_error_on_the_authenticate_screen(
    auth_sandbox: SandboxServer, port: int
) -> None:
    data = auth_sandbox.ipaas.data
    data.subscriptions[data.zoho_subscription_id]["name"] = f"Demo {CLICK}"
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("s")
        await wait_loaded(pilot, app)
        await filter_to(pilot, app, "Demo [")
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "SubscriptionScreen", "subscription")
        await wait_for(pilot, lambda: app.screen.subscription is not None, "its settings")
        await pilot.press("a")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, AuthenticateScreen) and app.screen.query("#paste"),
            "the Authenticate screen",
        )
        screen = app.screen
        assert isinstance(screen, AuthenticateScreen)
        await pilot.pause()
        assert_literal(app, f"Authenticate Demo {CLICK} with Zoho")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        await pilot.press("v")
        screen.query_one("#paste", Input).value = (
            f"http://localhost:{port}/callback?error=[b]x&"
            f"error_description={CLICK}%1b[2J&state={screen.flow.state}"
        )
        await pilot.press("enter")
        error = screen.query_one("#auth-error", Static)
        await wait_for(pilot, lambda: "refused" in str(error.render()), "Zoho's refusal")
        await wait_for(pilot, lambda: app.screen.query("Toast"), "the toast")
        await pilot.pause()
        assert_literal(app, f"[b]x ({CLICK}\\x1b[2J)")  # the error line
        # The toast starts it, as typed, and points at the error line, which has it whole.
        assert "[b]x" in toast_text(app) and toast_text(app).endswith("(below)")


async def test_profiles_path_values_and_editor_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "[b]home[/]"
    monkeypatch.setenv("IPAAS_AUTH_HOME", str(home))
    with start_sandbox(integrations=1, subscriptions=1) as sandbox:
        write_profiles(sandbox_profile_toml(sandbox) + f'email = "{LINK}@日本語.test"\n')
        app = create_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await open_profiles(pilot, app)
            await pilot.pause()
            assert_literal(app, "[b]home[/]", f"{LINK}@日本語.test")
            await pilot.press("e")
            await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor), "the editor")
            app.screen.query_one("#callback_port", Input).value = "[/]"
            await pilot.pause()
            assert_literal(app, "callback_port must be a whole number, not '[/]'")


async def test_a_broken_profile_value_in_the_toast_and_status() -> None:
    with start_sandbox(integrations=1, subscriptions=1) as sandbox:
        write_profiles(sandbox_profile_toml(sandbox) + f'callback_port = "{CLICK}"\n')
        app = create_app()
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_for(pilot, lambda: failure_said(app), "the connection error")
            await wait_for(pilot, lambda: app.screen.query("Toast"), "the toast")
            await pilot.pause()
            assert_literal(app, CLICK)  # the status line
            # A long toast shows its start; the help screen keeps it whole (tui/toasts.py).
            assert CLICK in toast_text(app) or any(CLICK in n for n in app.notices)


async def test_help_shows_descriptions_and_keys_literally() -> None:
    from textual.app import App, ComposeResult
    from textual.binding import Binding

    from tui.widgets.key_bar import KeyBar

    class Host(App[None]):
        BINDINGS = [
            Binding("left_square_bracket", "bell", CLICK, tooltip="[/] and [b]x"),
            Binding("question_mark", "help", "Help"),
        ]

        def compose(self) -> ComposeResult:
            yield KeyBar()

        def action_help(self) -> None:
            self.push_screen(HelpScreen(self.screen))

    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        await pilot.pause()
        shown = screen_text(app)
        assert CLICK in shown and "[/] and [b]x" in shown
        assert actionable(app) == [] and app.is_running


async def test_the_title_bar_shows_a_companys_name_literally(sandbox: SandboxServer) -> None:
    """The top line names the company the server calls it: text, never markup or escapes."""
    data = sandbox.ipaas.data
    data.companies[data.company_id] = f"{CLICK} {ESCAPE}"
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot, app)
        await wait_for(pilot, lambda: CLICK in screen_text(app), "the company in the title")
        shown = assert_literal(app, f"ipaas-auth — demo · sandbox · {CLICK} {SHOWN_ESCAPE}")
        assert shown.splitlines()[0].strip().startswith("ipaas-auth — demo")  # the top line


async def test_text_fields_never_draw_a_control_character(sandbox: SandboxServer) -> None:
    """A template and a custom field from iPaaS.com holding ESC, BEL, a C1 CSI and a bidi
    override: the editor's text area and the field editor's inputs draw none of them (a real
    terminal would obey them), and the linter says the template holds them."""
    from tui.screens.field_editor import FieldEditor

    zoho = sandbox.ipaas.data.integrations[sandbox.ipaas.data.zoho_integration_id]
    version = zoho["versions"][0]
    version["oauth_url_template"] = (
        "https://accounts.zoho.com/oauth/v2/auth?scope=ZohoCommerce.items.ALL\x1b[2J"
        "&client_id={Client_Id}&response_type=code\x07&redirect_uri={RedirectUrl}"
        "&state={iPaaSState}\x9b31m\u202e"
    )
    version["custom_fields"] = [
        {"key": "RedirectUrl", "value": "http://x\x1b]0;owned\x07", "available_in_api": True}
    ]
    write_profiles(sandbox_profile_toml(sandbox))
    async with in_zoho_editor(TALL) as (pilot, app):
        await pilot.pause()
        shown = assert_literal(app, "ZohoCommerce.items.ALL[2J&client_id")
        assert "control character(s), the first \\x1b" in shown
        assert not any(c in shown for c in "\x07\x9b\u202e")
        app.screen.query_one("#fields").focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FieldEditor), "the field editor")
        await pilot.pause()
        shown = assert_literal(app, "http://x]0;owned")
        assert "\x07" not in shown
