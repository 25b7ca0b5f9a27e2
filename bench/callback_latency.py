"""From the browser's callback request reaching the listener to the tokens stored and shown,
over repeated flows against the in-process sandbox; beside it, the bare token request alone.

    uv run python bench/callback_latency.py [--runs 15]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 28976


async def measure(runs: int) -> tuple[list[float], list[float]]:
    import httpx
    import keyring

    from config.zoho import ZOHO_COMMERCE_TEMPLATE
    from tests.browser import consent
    from tests.memory_keyring import MemoryKeyring
    from tui.app import create_app
    from tui.clients.zoho import exchange_code
    from tui.sandbox import demo, start_sandbox
    from tui.screens.authenticate import AuthenticateScreen
    from tui.screens.subscription import SubscriptionScreen

    keyring.set_keyring(MemoryKeyring())
    redirect = f"http://localhost:{PORT}/callback"
    flows: list[float] = []
    bare: list[float] = []
    with start_sandbox(integrations=1, subscriptions=1, redirect_uris=[redirect]) as sandbox:
        data = sandbox.ipaas.data
        data.integrations[data.zoho_integration_id]["versions"][0]["oauth_url_template"] = (
            ZOHO_COMMERCE_TEMPLATE + "&prompt=consent"
        )
        Path(os.environ["IPAAS_AUTH_HOME"], "profiles.toml").write_text(
            f'default = "b"\n[profiles.b]\nenvironment = "sandbox"\napi_url = "{sandbox.url}"\n'
            f"callback_port = {PORT}\npush_tokens = false\n"
        )
        app = create_app()
        async with app.run_test(size=(120, 40)) as pilot, httpx.AsyncClient() as http:
            while not app.is_connected:
                await pilot.pause(0.01)
            app.push_screen(SubscriptionScreen(data.zoho_subscription_id))
            while not (isinstance(app.screen, SubscriptionScreen) and app.screen.subscription):
                await pilot.pause(0.01)
            subscription_screen = app.screen
            for _ in range(runs):
                subscription_screen.tokens = None
                await pilot.press("a")
                while not isinstance(app.screen, AuthenticateScreen):
                    await pilot.pause(0.005)
                flow = app.screen.flow
                await pilot.press("enter")
                while not flow.listener.is_open:
                    await pilot.pause(0.005)
                location = await asyncio.to_thread(consent, flow.url)
                start = time.perf_counter()
                await http.get(location)
                while subscription_screen.tokens is None or app.screen is not subscription_screen:
                    await asyncio.sleep(0.0005)
                flows.append(time.perf_counter() - start)
                # The bare exchange, for scale: one token request with a fresh code.
                url = flow.url.replace(flow.state, "bench")
                params = dict(httpx.URL(await asyncio.to_thread(consent, url)).params)
                start = time.perf_counter()
                await exchange_code(
                    http,
                    sandbox.url,
                    client_id=demo.ZOHO_CLIENT_ID,
                    client_secret=demo.ZOHO_CLIENT_SECRET,
                    code=params["code"],
                    redirect_uri=redirect,
                )
                bare.append(time.perf_counter() - start)
    return flows, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipaas-auth-bench-") as home:
        os.environ["IPAAS_AUTH_HOME"] = home
        os.environ["BROWSER"] = "false"
        flows, bare = asyncio.run(measure(args.runs))
    f, b = statistics.median(flows) * 1000, statistics.median(bare) * 1000
    print(
        f"(d) callback reaching the listener -> tokens stored and shown, median of {len(flows)}:"
        f" {f:.1f} ms (target < 50 ms); the bare token request alone {b:.1f} ms "
        f"(ratio {f / b:.1f}x)"
    )


if __name__ == "__main__":
    main()
