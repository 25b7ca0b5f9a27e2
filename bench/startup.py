"""(a) Start-up as a user sees it: spawn to the first frame showing the list's rows, in a real
pseudo-terminal, against a bare Textual hello-world measured the same way, runs alternating.

    uv run python bench/startup.py [--runs 9] [--warm-only]

cold: a fresh ipaas-auth home each run: the console shows the list its embedded sandbox starts
      with at once, then starts that sandbox, logs in and fetches the list (target <= 1.5x
      hello-world); "cold, the sandbox's answer" is the time until the fetched list replaced
      it (the network path: HTTP stack, sandbox, log-in, company, first page);
warm: the same home again after a first run, its list cache written (what a returning user
      has: the rows come from the cache; target <= 1.25x: no stock widget is copied to save less).
Both sides run with bytecode as a normal install has it (PYTHONDONTWRITEBYTECODE unset: compiled
at the first start, read after), so neither pays compilation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from pty_frames import time_to_text

ROOT = Path(__file__).resolve().parent.parent
HELLO = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello, world")

Hello().run()
"""
FIRST_ROW = "Generated Integration 00001"
# The status line once the fetched list has replaced the cached or starting one (before, it
# goes on "· cached …; refreshing…").
FETCHED = "integrations · Enter to open   "


def _env(home: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        IPAAS_AUTH_HOME=home,
        TERM="xterm-256color",
        BROWSER="false",
        PYTHONPATH=str(ROOT),
        COLUMNS="120",
        LINES="40",
    )
    env.update(extra)
    return env


def hello(home: str) -> float:
    return time_to_text([sys.executable, "-c", HELLO], "Hello, world", _env(home), cwd=str(ROOT))


def console(home: str, marker: str = FIRST_ROW, linger: float = 0.0, **extra: str) -> float:
    return time_to_text(
        [sys.executable, "-m", "tui"], marker, _env(home, **extra), cwd=str(ROOT), linger=linger
    )


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--warm-only",
        action="store_true",
        help="hello-world and warm starts only (more runs in the same time, for the warm ratio)",
    )
    args = parser.parse_args()
    hellos: list[float] = []
    colds: list[float] = []
    warms: list[float] = []
    fetched: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ipaas-auth-bench-") as scratch:
        warm_home = os.path.join(scratch, "warm")
        # The first run: what a returning user has left behind, once the fetched list is shown
        # and its cache written.
        cache = Path(warm_home, "cache", "integrations-sandbox.json")
        for _ in range(10):
            console(warm_home, FETCHED, linger=0.5)
            if cache.exists():
                break
        else:
            raise SystemExit(f"the console never wrote {cache}: warm starts would be cold")
        hello(scratch)  # and the file cache warm for both sides
        for run in range(args.runs):
            hellos.append(hello(scratch))
            warms.append(console(warm_home))
            if not args.warm_only:
                colds.append(console(os.path.join(scratch, f"cold-{run}")))
                fetched.append(console(os.path.join(scratch, f"fetch-{run}"), FETCHED))
    h = statistics.median(hellos)
    print(
        f"(a) spawn to the first frame with list rows, real pty 120x40, median of {args.runs}, "
        f"alternating:\n"
        f"    hello-world {median_ms(hellos)}\n"
        f"    warm (home of an earlier run) {median_ms(warms)}: "
        f"{statistics.median(warms) / h:.2f}x (target <= 1.25x)"
    )
    if args.warm_only:
        return
    print(
        f"    cold (fresh home, embedded sandbox) {median_ms(colds)}: "
        f"{statistics.median(colds) / h:.2f}x (target <= 1.5x)\n"
        f"    cold, the sandbox's answer shown (HTTP stack, sandbox, log-in, list) "
        f"{median_ms(fetched)}: {statistics.median(fetched) / h:.2f}x"
    )


if __name__ == "__main__":
    main()
