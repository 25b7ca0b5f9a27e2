"""Revoke, then Authenticate again: with the seed's template Zoho sends no refresh token (one only
on a first consent). The revoke question says so and offers the linter's prompt=consent fix."""

from __future__ import annotations

from tests.console import (
    authenticated,
    read_back,
    screen_name,
    squeezed,
    stored_tokens,
    wait_for,
    wait_tokens_shown,
    write_auth_profile,
)
from tests.hostile import screen_text
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.revoke_question import RevokeQuestion
from tui.screens.version_editor import VersionEditorScreen


async def test_revoke_offers_prompt_consent_and_the_next_consent_brings_a_refresh_token(
    auth_sandbox: SandboxServer, port: int, browser: None, memory_keyring: MemoryKeyring
) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await authenticated(pilot, app)  # the first consent: a refresh token
        subscription = app.screen
        await pilot.press("x", "f")  # typed at once: f answers the question
        await wait_for(pilot, lambda: isinstance(app.screen, VersionEditorScreen), "the editor")
        editor = app.screen
        assert isinstance(editor, VersionEditorScreen)
        assert editor.draft.dirty and "&prompt=consent" in editor.draft.template
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the diff")
        await pilot.press("y")
        await wait_for(pilot, lambda: editor.saved and not editor.draft.dirty, "the save")
        assert "&prompt=consent" in (await read_back(auth_sandbox)).versions[0].oauth_url_template
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is subscription, "the subscription")
        await pilot.press("x")  # the template asks for consent again: the plain question
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert not isinstance(app.screen, RevokeQuestion)
        await pilot.press("y")
        await wait_for(pilot, lambda: stored_tokens(memory_keyring, auth_sandbox) is None, "revoke")
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "AuthenticateScreen", "Authenticate")
        await wait_for(pilot, lambda: app.screen.query("#redirect-uri"), "its content")
        await pilot.press("enter")
        await wait_tokens_shown(pilot, app)  # the new tokens
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and tokens.refresh_token  # consent asked again: a new one


async def test_the_seed_templates_revoke_question_says_why_at_80_columns(
    auth_sandbox: SandboxServer, port: int, browser: None, memory_keyring: MemoryKeyring
) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await authenticated(pilot, app)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, RevokeQuestion), "the question")
        await pilot.pause()
        shown = squeezed(screen_text(app))
        for said in (
            "Authenticating again will then bring no refresh token",
            "only on a first consent",
            "without prompt=consent. Press f to add prompt=consent",
            "Fix the template first (f)",
        ):
            assert squeezed(said) in shown, said
        await pilot.press("y")  # revoking anyway still works
        await wait_for(pilot, lambda: stored_tokens(memory_keyring, auth_sandbox) is None, "revoke")
