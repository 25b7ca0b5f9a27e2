"""One measured run, in its own process: `hello` (a bare Textual app) or `console`.

Each exits as soon as its first real screen is painted and prints its peak memory (KiB).
Run by bench/run.py; not meant to be run by hand.
"""

from __future__ import annotations

import resource
import sys


def peak_memory_kib() -> int:
    """This process's own peak RSS. (ru_maxrss would carry the parent's peak across exec.)"""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def hello() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello, world")
            yield Footer()

    async def painted(pilot):  # type: ignore[no-untyped-def]
        await pilot.pause()
        pilot.app.exit()

    Hello().run(headless=True, size=(120, 40), auto_pilot=painted)


def console(expected_rows: int) -> None:
    from tui.app import create_app
    from tui.widgets.virtual_table import VirtualTable

    argv = ["--sandbox"] if expected_rows == 0 else []
    app = create_app(argv)

    async def painted(pilot):  # type: ignore[no-untyped-def]
        while True:
            tables = pilot.app.screen.query(VirtualTable)
            if tables and len(tables.first().rows) >= max(1, expected_rows):
                break
            await pilot.pause(0.005)
        await pilot.pause()
        pilot.app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=painted)


if __name__ == "__main__":
    if sys.argv[1] == "hello":
        hello()
    else:
        console(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(peak_memory_kib())
