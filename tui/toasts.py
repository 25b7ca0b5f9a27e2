"""The console's toast policy: every toast is plain text, a message raised again is shown once,
a dialog opening takes the toasts away, a toast can be taken back when a later success makes
it moot, and start-up notices are kept whole for the help screen while a small screen shows
their first line. The app inherits it (tui/app.py); screens call `notify` as usual."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, SystemModalScreen

from tui import textual_internals as internals
from tui.widgets.plain import printable

SMALL = (80, 20)  # below this width or height, notices keep to one line


class ToastPolicy(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.notices: list[str] = []  # start-up notices in full, for the help screen

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text, whoever calls it (screens and widgets call this too, and
        pass `markup=True` by default): our messages embed names and server errors, and
        `[@click=app.quit]` in one must not become a button. Errors shown while debugging
        (--debug) name the log with the HTTP details."""
        if severity == "error":
            from tui.clients.trace import debug_hint  # lazy: errors come after httpx loaded

            message += debug_hint()
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_notify(self, event: Notify) -> None:
        """The same message raised again is shown once, afresh (not stacked five times).
        (Runs after Textual's own handler has added the new toast.)"""
        new = event.notification
        stale = [
            shown
            for shown in internals.notifications(self)
            if shown is not new and shown.message == new.message and shown.title == new.title
        ]
        for shown in stale:
            internals.take_back(self, shown)
        if stale:
            internals.redraw_notifications(self)

    def toasts(self) -> list[Notification]:
        """The toasts on screen, oldest first (title, message, severity)."""
        return internals.notifications(self)

    def withdraw(self, title: str) -> None:
        """Take back the toasts titled `title` (a failure that a later success made moot)."""
        heading = printable(title)
        for shown in internals.notifications(self):
            if shown.title == heading:
                internals.take_back(self, shown)
        internals.redraw_notifications(self)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """A dialog opening takes the toasts away: nothing may cover its fields or buttons
        (at 80x24 a dialog fills the screen). What they said was about the screen below."""
        if (
            isinstance(screen, ModalScreen)
            and not isinstance(screen, SystemModalScreen)
            and not getattr(screen, "KEEPS_TOASTS", False)
        ):
            self.clear_notifications()
        return super().push_screen(screen, *args, **kwargs)

    def show_notices(self, notices: Iterable[tuple[str, str]]) -> None:
        """(severity, text) notices as toasts; on a small screen only each one's first line
        (the help screen, ?, shows them whole)."""
        small = self.size.width < SMALL[0] or self.size.height < SMALL[1]
        for severity, text in notices:
            self.remember_notice(text)
            shown = text.split("\n", 1)[0] if small else text
            self.notify(shown, severity=severity, timeout=12)  # type: ignore[arg-type]

    def remember_notice(self, text: str) -> None:
        """Keep a notice for the help screen, where a small screen's short form is explained."""
        if text not in self.notices:
            self.notices.append(text)
