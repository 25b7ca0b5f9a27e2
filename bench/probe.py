"""One measured run, in its own process: `hello` (a bare Textual app), `floor` or `console`.

Each exits as soon as its first real screen is painted and prints two numbers: the wall clock
(time.time_ns) when it was painted, so the parent can measure from the moment it spawned the
process, and its peak memory (KiB). Run by bench/run.py; not meant to be run by hand.
"""

from __future__ import annotations

import resource
import sys
import time

PAINTED_AT_NS = 0


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
        mark_painted()
        pilot.app.exit()

    Hello().run(headless=True, size=(120, 40), auto_pilot=painted)


def floor() -> None:
    """The hello-world app that also fetches one page with httpx from an HTTP server in its own
    process, then paints it: what any console on the chosen stack pays before its own work."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Floor(App[None]):
        fetched = False

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello, world", id="body")
            yield Footer()

        def on_mount(self) -> None:
            self.run_worker(self.fetch())

        async def fetch(self) -> None:
            import threading
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            import httpx

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"

                def do_GET(self) -> None:
                    self.send_response(200)
                    self.send_header("Content-Length", "5")
                    self.end_headers()
                    self.wfile.write(b"hello")

            server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            async with httpx.AsyncClient() as client:
                response = await client.get(f"http://127.0.0.1:{server.server_address[1]}/")
            self.query_one("#body", Static).update(response.text)
            self.fetched = True

    async def painted(pilot):  # type: ignore[no-untyped-def]
        while not pilot.app.fetched:
            await pilot.pause(0.005)
        await pilot.pause()
        mark_painted()
        pilot.app.exit()

    Floor().run(headless=True, size=(120, 40), auto_pilot=painted)


def console(expected_rows: int) -> None:
    from tui.app import create_app
    from tui.options import StartOptions
    from tui.widgets.virtual_table import VirtualTable

    app = create_app(StartOptions(sandbox=expected_rows == 0))

    async def painted(pilot):  # type: ignore[no-untyped-def]
        while True:
            tables = pilot.app.screen.query(VirtualTable)
            if tables and len(tables.first().rows) >= max(1, expected_rows):
                break
            await pilot.pause(0.005)
        await pilot.pause()
        mark_painted()
        pilot.app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=painted)


def mark_painted() -> None:
    global PAINTED_AT_NS
    PAINTED_AT_NS = time.time_ns()


if __name__ == "__main__":
    if sys.argv[1] == "hello":
        hello()
    elif sys.argv[1] == "floor":
        floor()
    else:
        console(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(PAINTED_AT_NS, peak_memory_kib())
