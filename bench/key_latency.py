"""Key -> redraw in a real pseudo-terminal: how long after a key the screen shows its result.

    uv run python bench/key_latency.py [--integrations 10000 100000] [--pause 0.15]

The console runs in a pty we own (120x40) against a sandbox in its own process (its output
read by a thread). After `/`, each query is typed a key at a time and erased again; for each
key the clock runs from writing it to the pty until the terminal output, escape sequences
taken out, contains the status line that key must produce ("N of M integrations", counted
here from the same list with the same rule). A bare Textual Input gets the same keys; its
mark is the typed text echoed. Keys are paced (--pause) so each is measured alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pty_frames import ESCAPES, open_pty_process
from sandbox_process import SandboxProcess, write_sandbox_profile

from tui.clients.ipaas import IpaasClient
from tui.sandbox import demo

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("generated integration 0123", "zoho", "00042", "ration 9")
BARE_INPUT = """
from textual.app import App, ComposeResult
from textual.widgets import Input

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="ready")

Bare().run()
"""


async def list_texts(url: str) -> list[str]:
    """What the console's filter searches, one text a row (name, newline, id), casefolded."""
    async with IpaasClient(url, timeout=600) as client:
        await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        companies = await client.list_companies()
        await client.change_company(companies[0].id)
        rows = await client.list_integrations()
    return [f"{r.name}\n{r.id}".casefold() for r in rows]


class Terminal:
    """A program in a pty: write keys, wait for text to appear in what it draws."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.process, self.master = open_pty_process(argv, env, cwd=str(ROOT))
        self.seen = bytearray()

    def wait_for(self, marker: str, timeout: float = 60, since: float | None = None) -> float:
        """Seconds from `since` (now) until `marker` is in the output kept so far."""
        start = time.perf_counter() if since is None else since
        wanted = marker.encode()
        while True:
            if wanted in ESCAPES.sub(b"", bytes(self.seen)):
                return time.perf_counter() - start
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                tail = ESCAPES.sub(b"", bytes(self.seen)).decode("utf-8", "replace")[-500:]
                raise SystemExit(f"{marker!r} never drawn; last output: {tail}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                self.seen += os.read(self.master, 1 << 16)

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                self.seen += os.read(self.master, 1 << 16)
        self.seen.clear()

    def key(self, data: bytes, marker: str) -> float:
        """Send a key; seconds until `marker` is drawn."""
        self.seen.clear()
        start = time.perf_counter()
        os.write(self.master, data)
        return self.wait_for(marker, since=start)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(10)
        os.close(self.master)


def keys_and_queries() -> list[tuple[bytes, str]]:
    """(bytes to send, the filter's text afterwards) for every key of every query."""
    out: list[tuple[bytes, str]] = []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            out.append((query[n - 1].encode(), query[:n]))
        for n in range(len(query) - 1, -1, -1):
            out.append((b"\x7f", query[:n]))
    return out


def expected_status(texts: list[str], query: str) -> str:
    needle = query.casefold().strip()
    if not needle:
        return f"{len(texts):,} integrations"
    count = sum(1 for t in texts if needle in t)
    if not count:  # tui/screens/listing.py says so in words
        return f"No integration matches '{query.strip()}'"
    return f"{count:,} of {len(texts):,} integrations"


def console_latencies(count: int, pause: float, env: dict[str, str]) -> tuple[list[float], float]:
    with (
        tempfile.TemporaryDirectory(prefix="ipaas-auth-bench-") as home,
        SandboxProcess(count) as url,
    ):
        start = time.perf_counter()
        texts = asyncio.run(list_texts(url))
        listed = time.perf_counter() - start
        write_sandbox_profile(Path(home), url)
        terminal = Terminal([sys.executable, "-m", "tui"], {**env, "IPAAS_AUTH_HOME": home})
        try:
            terminal.wait_for(f"{len(texts):,} integrations")
            terminal.drain(1.0)  # the first screen's details arrive; start-up settles
            os.write(terminal.master, b"/")
            terminal.drain(0.3)
            timings = []
            for data, query in keys_and_queries():
                timings.append(terminal.key(data, expected_status(texts, query)))
                terminal.drain(pause)
        finally:
            terminal.close()
    return timings, listed


def bare_latencies(pause: float, env: dict[str, str]) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="ipaas-auth-bench-") as scratch:
        script = Path(scratch, "bare_input.py")
        script.write_text(BARE_INPUT)
        terminal = Terminal([sys.executable, str(script)], env)
        try:
            terminal.wait_for("ready")
            terminal.drain(0.5)
            timings = []
            for data, query in keys_and_queries():
                # The echo of a typed key is its query; an erase is done when the text is
                # redrawn (the placeholder once it is empty).
                timings.append(terminal.key(data, query if query.strip() else "ready"))
                terminal.drain(pause)
        finally:
            terminal.close()
    return timings


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, "
        f"90th percentile {ordered[int(len(ordered) * 0.9)] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--integrations", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pause", type=float, default=0.15, help="seconds between keys")
    args = parser.parse_args()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "TERM": "xterm-256color",
        "BROWSER": "false",
        "PYTHONPATH": str(ROOT),
    }
    bare = bare_latencies(args.pause, env)
    print(f"    key -> redraw, real pty 120x40, {len(bare)} keys each, paced {args.pause} s:")
    print(f"      bare Input (the key echoed): {ms(bare)}")
    for count in args.integrations:
        timings, listed = console_latencies(count, args.pause, env)
        print(
            f"      console, {count + 1:,} integrations (the status line with the new count): "
            f"{ms(timings)}; ratio of medians "
            f"{statistics.median(timings) / statistics.median(bare):.2f}x"
        )
        if count >= 100_000:
            print(
                f"    the whole list of {count + 1:,} loaded by the client from the sandbox: "
                f"{listed:.2f} s (target < 3 s)"
            )


if __name__ == "__main__":
    main()
