"""The Textual application: builds the console from the command line's arguments."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class IpaasAuthApp(App[None]):
    TITLE = "ipaas-auth"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("ipaas-auth: the console's screens are coming.", id="placeholder")
        yield Footer()


def create_app(argv: Sequence[str]) -> IpaasAuthApp:
    """The App exactly as `ipaas-auth ARGV` builds it (tests and benchmarks use this)."""
    return IpaasAuthApp()


def run_console(argv: Sequence[str]) -> int:
    create_app(argv).run()
    return 0
