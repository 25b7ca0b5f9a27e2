"""Toasts: each message once, withdrawn when moot, never over a dialog; re-consent without a
refresh token said at once."""

from __future__ import annotations

import pytest

from tests.console import (
    open_authenticate,
    sandbox_profile_toml,
    screen_name,
    stored_tokens,
    wait_for,
    wait_loaded,
    wait_tokens_shown,
    write_auth_profile,
    write_profiles,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app.toasts()]


async def test_a_message_raised_again_shows_once_and_a_dialog_takes_the_toasts_away(
    sandbox: SandboxServer,
) -> None:
    """One console at 80x24 (two profiles, so one can be asked about):
    - the same message raised five times shows once, beside another message;
    - a dialog opening (the question before removing a profile) takes every toast away, those
      two still on screen and a long error raised on the profiles list."""
    write_profiles(sandbox_profile_toml(sandbox) + '\n[profiles.other]\nenvironment = "staging"\n')
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app)
        app.clear_notifications()
        for _ in range(5):
            app.notify("Nothing to save.", timeout=30)
        app.notify("Something else.", timeout=30)
        await pilot.pause()
        assert messages(app) == ["Nothing to save.", "Something else."], "raised again: once"
        await pilot.press("o")
        app.notify("A long message " * 20, severity="error", timeout=30)
        await pilot.press("down", "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert messages(app) == [], "a dialog opening takes the toasts away"


class Everyone(set[str]):
    """Every client has consented before: Zoho then sends no refresh token."""

    def __contains__(self, item: object) -> bool:
        return True


async def test_a_failure_toast_goes_and_a_missing_refresh_token_is_said_at_once(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    write_auth_profile(auth_sandbox, port)
    monkeypatch.setattr(auth_sandbox.world, "consented", Everyone())
    monkeypatch.setenv("STAND_IN_DECISION", "deny")
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any(n.title == "Authentication failed" for n in app.toasts()),
            "the failure",
            timeout=30,
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "SubscriptionScreen", "back")
        monkeypatch.setenv("STAND_IN_DECISION", "accept")
        await pilot.press("a")
        await wait_for(
            pilot,
            lambda: screen_name(app) == "AuthenticateScreen" and app.screen is not screen,
            "the Authenticate screen again",
        )
        await wait_for(pilot, lambda: app.screen.query("#redirect-uri"), "its content")
        await pilot.press("enter")
        await wait_tokens_shown(pilot, app)
        assert not any(n.title == "Authentication failed" for n in app.toasts())
        await wait_for(
            pilot, lambda: any("refresh token" in n.message for n in app.toasts()), "the notice"
        )
        notice = next(n for n in app.toasts() if "refresh token" in n.message)
        assert notice.severity == "warning" and notice.message.endswith("(? shows it all)")
        whole = next(n for n in app.notices if "refresh token" in n)  # on the help screen
        assert "prompt=consent" in whole and "first consent" in whole
        assert not any(n.message.startswith("Authenticated") for n in app.toasts())
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and not tokens.refresh_token
