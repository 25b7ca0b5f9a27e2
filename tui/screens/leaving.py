"""Quitting with unsaved edits asks first, as Escape does in the version editor.

A screen that holds edits says what quitting would lose through `unsaved_changes()` (the
`HoldsUnsavedEdits` protocol); the app's quit keys (q, ctrl+q, ctrl+c with nothing to copy)
call `quit_or_ask` instead of exiting at once.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.app import App

from tui.screens.confirm import ConfirmScreen

QUESTION = "Quit and lose your unsaved changes?"


@runtime_checkable
class HoldsUnsavedEdits(Protocol):
    """A screen whose edits are lost when the console quits (an editor)."""

    def unsaved_changes(self) -> list[str]:
        """What quitting now would lose, as lines to show under the question (a diff);
        empty when there is nothing to lose. Never a secret's value."""
        ...


class QuitQuestion(ConfirmScreen):
    """The question a quit key asks; another quit key while it shows changes nothing (y
    quits, n or Escape stays)."""


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
    """Quit now, or, with edits that would be lost, ask first and quit on yes."""
    if isinstance(app.screen, QuitQuestion):
        return
    lost = unsaved_edits(app)
    if not lost:
        app.exit()
        return

    def answered(agreed: bool | None) -> None:
        if agreed:
            app.exit()

    app.push_screen(QuitQuestion(QUESTION, lost, yes="Quit"), callback=answered)
