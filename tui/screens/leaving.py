"""Quitting with unsaved edits asks first, as Escape does in the version editor.

A screen that holds edits says what quitting would lose through `unsaved_changes()` (the
`HoldsUnsavedEdits` protocol); the app's quit keys (q, ctrl+q, the palette's Quit, ctrl+c with
nothing to copy) ask through `quit_or_ask` instead of exiting at once: the app inherits them
from `QuitAsks`. Light to import (the question's screen loads when it is asked): the app imports
this module before its first frame.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.app import App

QUESTION = "Quit and lose your unsaved changes?"
QUIT_QUESTION = "quit-question"  # the question's screen name: a second quit key waits for it


@runtime_checkable
class HoldsUnsavedEdits(Protocol):
    """A screen whose edits are lost when the console quits (an editor)."""

    def unsaved_changes(self) -> list[str]:
        """What quitting now would lose, as lines to show under the question (a diff);
        empty when there is nothing to lose. Never a secret's value."""
        ...


def unsaved_edits(app: App[Any]) -> list[str]:
    """The unsaved edits of every screen on the stack, the top one's first (a dialog over an
    editor: the dialog's, then the editor's)."""
    return [
        line
        for screen in reversed(app.screen_stack)
        if isinstance(screen, HoldsUnsavedEdits)
        for line in screen.unsaved_changes()
    ]


def quit_or_ask(app: App[Any]) -> None:
    """Quit now, or, with edits that would be lost, ask first and quit on yes (y quits, n or
    Escape stays; another quit key while the question shows changes nothing)."""
    if app.screen.name == QUIT_QUESTION:
        return
    lost = unsaved_edits(app)
    if not lost:
        app.exit()
        return
    from tui.screens.confirm import ConfirmScreen

    def answered(agreed: bool | None) -> None:
        if agreed:
            app.exit()

    app.push_screen(ConfirmScreen(QUESTION, lost, yes="Quit", name=QUIT_QUESTION), answered)


class QuitAsks(App[None]):
    """The app's quit actions, asking first when an edit would be lost."""

    async def action_quit(self) -> None:
        """q, ctrl+q and the palette's Quit."""
        quit_or_ask(self)

    def action_help_quit(self) -> None:
        """ctrl+c with nothing selected to copy quits, as in other terminal tools (an Input
        or a screen with a selection copies instead: their ctrl+c binding comes first)."""
        quit_or_ask(self)
