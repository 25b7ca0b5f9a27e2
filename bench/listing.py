"""How long the sandbox takes to start and to hand the real client every integration.

    uv run python bench/listing.py [--integrations 10000 100000] [--subscriptions 10000]

For each count: a sandbox process is started (time from spawn to its first line, seeding
included), then the console's own IpaasClient logs in, picks the company and lists all
integrations (every page, sorted by name) and all subscriptions; each is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from sandbox_process import SandboxProcess

from tui.clients.ipaas import IpaasClient
from tui.sandbox import demo


async def list_all(url: str) -> tuple[int, float, int, float]:
    async with IpaasClient(url, timeout=600) as client:
        session = await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        companies = await client.list_companies()
        await client.change_company(companies[0].id)
        assert session.user_id
        start = time.perf_counter()
        integrations = await client.list_integrations()
        integrations_s = time.perf_counter() - start
        start = time.perf_counter()
        subscriptions = await client.list_subscriptions()
        subscriptions_s = time.perf_counter() - start
    return len(integrations), integrations_s, len(subscriptions), subscriptions_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--integrations", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    args = parser.parse_args()
    for count in args.integrations:
        sandbox = SandboxProcess(count, args.subscriptions)
        with sandbox as url:
            n, n_s, m, m_s = asyncio.run(list_all(url))
        print(
            f"{count} integrations, {args.subscriptions} subscriptions: sandbox started in "
            f"{sandbox.started_in:.2f} s; listed {n} integrations in {n_s:.2f} s, "
            f"{m} subscriptions in {m_s:.2f} s"
        )


if __name__ == "__main__":
    main()
