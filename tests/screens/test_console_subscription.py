"""The subscription screen: settings with the client secret masked, the tokens panel, the
revoke question whole at 80x24."""

from __future__ import annotations

import time

from config.secrets import SERVICE, tokens_key
from config.tokens import ZohoTokens
from tests.console import (
    open_demo_subscription,
    sandbox_profile_toml,
    screen_name,
    squeezed,
    wait_for,
    write_profiles,
)
from tests.hostile import screen_text as painted_text
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer, demo
from tui.screens.subscription import countdown
from tui.widgets.secret_field import SecretField


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.render()) for w in app.screen.query(SecretField))


async def test_secrets_masked_until_revealed_and_at_80x24_the_revoke_question_is_whole(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """The demo subscription with tokens in the keyring, one console:
    - at 120x40 the client ID shows, the client secret and the tokens are masked, with the
      expiry; v reveals them and v again masks them; c copies the access token, C the
      refresh token;
    - resized to 80x24, the revoke question (opened after the resize) wraps whole instead of
      being cut at the right edge."""
    write_profiles(sandbox_profile_toml(sandbox))
    tokens = ZohoTokens(
        "1000.access-token-value",
        "1000.refresh-token-value",
        time.time() + 1800,
        "https://www.zohoapis.com",
        "https://accounts.zoho.com",
        "us",
    )
    memory_keyring.set_password(
        SERVICE, f"demo:{tokens_key(sandbox.ipaas.data.zoho_subscription_id)}", tokens.to_json()
    )
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_demo_subscription(pilot, app)
        await pilot.pause()
        await wait_for(pilot, lambda: app.screen.tokens is not None, "the tokens")
        text = screen_text(app)
        assert demo.ZOHO_CLIENT_ID in text, "the client ID shown (not a secret)"
        for secret in (demo.ZOHO_CLIENT_SECRET, tokens.access_token, tokens.refresh_token):
            assert secret not in text, "secrets masked"
        assert "••••••••cret" in text, "the client secret masked"
        assert "expires in 29:" in text, "the expiry shown"
        await pilot.press("v")
        revealed = screen_text(app)
        for secret in (demo.ZOHO_CLIENT_SECRET, tokens.access_token, tokens.refresh_token):
            assert secret in revealed, "v reveals"
        await pilot.press("v")
        assert demo.ZOHO_CLIENT_SECRET not in screen_text(app), "v again masks"
        await pilot.press("c")
        assert app.clipboard == tokens.access_token, "c copies the access token"
        await pilot.press("C")
        assert app.clipboard == tokens.refresh_token, "C copies the refresh token"

        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: app.screen.size == (80, 24), "the console at 80x24")
        await pilot.press("x")
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        await wait_for(
            pilot, lambda: "Revoke(y)" in squeezed(painted_text(app)), "the question's buttons"
        )
        assert squeezed("stops working until you authenticate again.") in squeezed(
            painted_text(app)
        ), "the revoke question whole at 80 columns"


async def test_no_tokens_yet(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo_subscription(pilot, app)
        await pilot.pause()
        assert "press a to authenticate" in screen_text(app)
        assert "No tokens in the subscription's persistent data" in str(
            app.screen.query_one("#status").render()
        )


def test_countdown() -> None:
    assert countdown(0) == "expired"
    assert countdown(59.9) == "expires in 0:59"
    assert countdown(3600) == "expires in 1:00:00"
