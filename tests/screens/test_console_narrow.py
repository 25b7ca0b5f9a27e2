"""On an 80x24 terminal, sentences wrap instead of being cut at the right edge. (The
Authenticate screen's step one: tests/screens/test_console_help.py, with its help at 80x24.)"""

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
from tests.hostile import screen_text
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer


async def test_revoke_question_is_whole_at_80_columns(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    tokens = ZohoTokens("1000.a", "1000.r", time.time() + 1800, "", sandbox.url, "us")
    key = f"demo:{tokens_key(sandbox.ipaas.data.zoho_subscription_id)}"
    memory_keyring.set_password(SERVICE, key, tokens.to_json())
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_demo_subscription(pilot, app)
        await wait_for(pilot, lambda: app.screen.tokens is not None, "the tokens")
        await pilot.press("x")
        await wait_for(pilot, lambda: screen_name(app) == "ConfirmScreen", "the question")
        await wait_for(pilot, lambda: "Revoke(y)" in squeezed(screen_text(app)), "the dialog")
        assert squeezed("stops working until you authenticate again.") in squeezed(screen_text(app))
