"""The console under `textual serve`, in a real browser: headless Chromium opens the page, the
console paints the sandbox's integrations into the page's terminal, keys typed in the page
reach it, and `q` ends the session.

The page draws the terminal on a canvas, so what the console sent is read from the
WebSocket frames Chromium receives: the terminal output, escape sequences and all.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, needs_chromium

pytestmark = needs_chromium

SERVE = (
    "import sys; from textual_serve.server import Server; "
    "Server(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2])).serve()"
)


def _wait_listening(port: int, server: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"textual serve exited: {server.stderr.read()!r}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("textual serve never listened")


async def _until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    import asyncio

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_the_console_works_in_a_browser_under_textual_serve(port: int) -> None:
    from playwright.async_api import Route, WebSocket, async_playwright

    base = f"http://127.0.0.1:{port}"
    console = f"{sys.executable} -m tui --sandbox"
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, console, str(port)],
        env={**os.environ, "BROWSER": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_listening(port, server)
        output = bytearray()

        def record(websocket: WebSocket) -> None:
            websocket.on(
                "framereceived",
                lambda payload: output.extend(
                    payload if isinstance(payload, bytes) else payload.encode()
                ),
            )

        async def loopback_only(route: Route) -> None:
            if route.request.url.startswith(base):
                await route.continue_()
            else:
                await route.abort()  # the page asks for web fonts; tests stay on loopback

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = await browser.new_page(viewport={"width": 1400, "height": 900})
                await page.route("**/*", loopback_only)
                page.on("websocket", record)
                await page.goto(base + "/")
                await _until(lambda: b"built-in SANDBOX" in output, "the sandbox's notice")
                assert b"this is the built-in SANDBOX" in output and b"Zoho Commerce" in output

                await page.click("#terminal")
                await page.keyboard.press("s")
                await _until(lambda: b"subscriptions \xc2\xb7 Enter" in output, "subscriptions")
                assert b"Generated Subscription 00001" in output

                await page.keyboard.press("q")
                await page.wait_for_selector("body.-closed .closed-dialog", state="visible")
            finally:
                await browser.close()
    finally:
        server.terminate()
        server.wait(10)
