"""Plain terminal lines instead of the full-screen view, until Enter: the terminal wraps them
itself, so a mouse selection of a long URL copies it whole, which no painted widget allows."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual.app import App, SuspendNotSupported

from tui.widgets.plain import printable

CLEAR_SCREEN = "\x1b[H\x1b[2J"  # cursor home, erase the screen


class PlainView:
    def __init__(self) -> None:
        self.is_open = False

    def open(self, app: App[Any], text: str) -> None:
        """Show `text` (already printable) from the top of a cleared screen until Enter. The
        app's worker, not a screen's: the screen that asked may close while the view is open."""
        app.run_worker(
            self._show(app, text), group="plain-view", exclusive=True, exit_on_error=False
        )

    def tell(self, text: str) -> None:
        """What happened meanwhile, below the view's lines (nothing when it is closed)."""
        if self.is_open:
            print(f"\n{printable(text)}\nPress Enter to return to ipaas-auth.", flush=True)

    async def _show(self, app: App[Any], text: str) -> None:
        try:
            with app.suspend():
                self.is_open = True
                # The terminal's main screen still shows what was there before the console
                # started (scrollback is kept): start from a cleared one.
                print(CLEAR_SCREEN + text, flush=True)
                # In a thread: the event loop, and with it the callback listener and the
                # countdown, runs on while the person reads and copies.
                await asyncio.to_thread(_wait_for_enter)
                # Leave nothing behind: the URL (its state) stayed above the shell's prompt
                # once the console quit.
                print(CLEAR_SCREEN, end="", flush=True)
        except SuspendNotSupported:
            app.notify("This terminal cannot show plain text here; press u to copy the URL.")
        finally:
            self.is_open = False


def _wait_for_enter() -> None:
    with contextlib.suppress(EOFError):
        input()
