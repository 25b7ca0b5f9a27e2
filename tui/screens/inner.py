"""Screens opened from another (an integration, a subscription, the editor): Escape goes back.

Apart from tui/screens/base.py so that the first frame, a top-level list, does not build it.
"""

from __future__ import annotations

from textual.binding import Binding

from tui.screens.base import ConsoleScreen


class InnerScreen(ConsoleScreen):
    """A screen opened from another; Escape goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back", tooltip="Back to the previous screen"),
    ]

    def action_back(self) -> None:
        self.dismiss()
