"""The sandbox under load: concurrent clients listing every integration, for a fixed time.

    uv run python bench/load.py            # 50 clients, 10,000 integrations, 20 s
    uv run python bench/load.py --quick    # the same for 3 s (a smoke run)

A sandbox process is started (its output read by a thread, as a user's terminal would), then
each client, an httpx.AsyncClient on loopback with its own connection, repeats: log in, list
the companies, change company, list all integrations page by page (sorted by name). It stops
by itself when the time is up, or after --max-requests. Printed: requests per second, p50/p99
and maximum latency, errors by kind, and the sandbox's peak memory (VmHWM). Target: no request
over 2 s and no errors; the exit status is 1 when it is missed.

The clients share one event loop in this process, so a latency includes any wait for it: the
figures are what a client sees, an upper bound on the sandbox's own time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
from sandbox_process import SandboxProcess

from tui.sandbox import demo

TARGET_MAX_S = 2.0


@dataclass
class Tally:
    deadline: float
    max_requests: int
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    listings: int = 0  # complete listings of every integration

    def more(self) -> bool:
        return time.perf_counter() < self.deadline and len(self.latencies) < self.max_requests


class Failed(Exception):
    """One request went wrong; the client starts its round again."""


async def timed(
    tally: Tally, client: httpx.AsyncClient, method: str, url: str, **kw: object
) -> httpx.Response:
    start = time.perf_counter()
    try:
        response = await client.request(method, url, **kw)  # type: ignore[arg-type]
    except httpx.HTTPError as exc:
        tally.latencies.append(time.perf_counter() - start)
        tally.errors[type(exc).__name__] += 1
        raise Failed from exc
    tally.latencies.append(time.perf_counter() - start)
    if response.status_code != 200:
        tally.errors[f"HTTP {response.status_code}"] += 1
        raise Failed
    return response


async def one_round(tally: Tally, client: httpx.AsyncClient, url: str, expected: int) -> None:
    """Log in, pick the company, list every integration (unless the time runs out)."""
    login = await timed(
        tally,
        client,
        "POST",
        url + "/sso/v2/Auth/Login",
        json={"email_address": demo.IPAAS_EMAIL, "password": demo.IPAAS_PASSWORD},
    )
    user = login.json()
    headers = {"Authorization": f"Bearer {user['access_token']}"}
    companies = await timed(
        tally, client, "GET", f"{url}/sso/v2/User/{user['id']}/Companies", headers=headers
    )
    company = companies.json()[0]["id"]
    changed = await timed(
        tally, client, "GET", f"{url}/sso/v2/User/ChangeCompany/{company}", headers=headers
    )
    headers = {"Authorization": f"Bearer {changed.json()['access_token']}"}
    rows, page, pages = 0, 1, 1
    while page <= pages:
        if not tally.more():
            return
        response = await timed(
            tally,
            client,
            "GET",
            url + "/subscriptions/v2/Lookup/Integration",
            params={"sortBy": "Name", "pageNumber": str(page)},
            headers=headers,
        )
        pages = json.loads(response.headers["X-Pagination"])["total_Pages"]
        rows += len(response.json())
        page += 1
    if rows != expected:
        tally.errors[f"listed {rows} of {expected} rows"] += 1
    else:
        tally.listings += 1


async def client_loop(tally: Tally, url: str, expected: int) -> None:
    # verify=False: plain http on loopback; building 50 SSL contexts (~35 ms each) would stall
    # the shared event loop and show up as latency of the first requests.
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(timeout=30, limits=limits, verify=False) as client:  # noqa: S501
        while tally.more():
            try:
                await one_round(tally, client, url, expected)
            except Failed:
                continue


async def run(url: str, clients: int, seconds: float, max_requests: int, expected: int) -> Tally:
    start = time.perf_counter()
    tally = Tally(start + seconds, max_requests)
    loops = [client_loop(tally, url, expected) for _ in range(clients)]
    await asyncio.wait_for(asyncio.gather(*loops), seconds + 60)  # a stuck request ends it too
    tally.deadline = time.perf_counter() - start  # now: the time it really took
    return tally


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 3 s smoke run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--integrations", type=int, default=10_000)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    args = parser.parse_args()
    seconds = 3.0 if args.quick else args.seconds
    sandbox = SandboxProcess(args.integrations)
    with sandbox as url:
        tally = asyncio.run(
            run(url, args.clients, seconds, args.max_requests, args.integrations + 1)
        )
        peak_kib = sandbox.peak_memory_kib()
    latencies = sorted(tally.latencies)
    if not latencies:
        print("no request was made")
        return 1
    elapsed = tally.deadline
    worst = latencies[-1]
    errors = sum(tally.errors.values())
    print(
        f"{args.clients} clients, {args.integrations} integrations, {elapsed:.1f} s: "
        f"{len(latencies)} requests, {len(latencies) / elapsed:.0f} requests/s, "
        f"{tally.listings} complete listings\n"
        f"latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, max {worst * 1000:.1f} ms\n"
        f"errors: {errors}"
        + "".join(f"\n  {count} x {kind}" for kind, count in tally.errors.most_common())
        + f"\nsandbox peak memory (VmHWM): {peak_kib / 1024:.1f} MiB; "
        f"started in {sandbox.started_in:.2f} s; {sandbox.lines} log lines read"
    )
    met = worst <= TARGET_MAX_S and errors == 0
    print(f"target (no request over {TARGET_MAX_S:.0f} s, no errors): {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
