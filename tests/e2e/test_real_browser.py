"""Authenticate with a real browser: headless Chromium (Debian's package, driven by Playwright)
opens the authorize URL, clicks Accept on the sandbox's consent page, and the console's
listener receives the redirect and stores the tokens."""

from __future__ import annotations

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from tests.console import (
    open_authenticate,
    stored_tokens,
    wait_for,
    wait_tokens_shown,
    write_auth_profile,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer

pytestmark = needs_chromium


async def test_chromium_accepts_and_the_console_receives_tokens(
    auth_sandbox: SandboxServer, port: int, memory_keyring: MemoryKeyring
) -> None:
    from playwright.async_api import async_playwright

    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")  # BROWSER=false (conftest): the URL is shown, not opened
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = await browser.new_page()
                await page.goto(screen.flow.url)
                assert "ZohoCommerce.items.ALL" in await page.content()
                await page.click("#accept")
                await page.wait_for_selector("#message")
                assert "You can close this tab" in await page.inner_text("#message")
            finally:
                await browser.close()
        await wait_tokens_shown(pilot, app)
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and tokens.refresh_token
