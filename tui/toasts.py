"""The console's toast policy: every toast is plain text, a few lines at most (a longer message
ends "(below)" when the status line shows it whole, else "(? shows it all)" and the help screen
keeps it), information leaves after a few seconds, a message raised again is shown once, a
dialog opening takes the toasts away, a toast can be taken back when a later success makes it
moot, and start-up notices are kept whole for the help screen while a small screen shows their
first line. Where toasts may go on a screen is tui/widgets/toast_room.py. The app inherits this
(tui/app.py); screens call `notify` as usual."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import ModalScreen, SystemModalScreen

from tui import textual_internals as internals
from tui.widgets.plain import printable
from tui.widgets.toast_room import toast_text_width

SMALL = (80, 20)  # below this width or height, notices keep to one line

MAX_LINES = 3  # of a toast's text, under its title
SPARE = 4  # cells
MORE = "(? shows it all)"  # the end of a toast whose whole text the help screen keeps
INFORMATION_TIMEOUT = 5.0  # seconds: information is read at a glance, and ? keeps the long ones
KEPT_NOTICES = 10  # the help screen's notices: the start-up ones and the longest toasts


class ToastPolicy(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.notices: list[str] = []  # in full, for the help screen

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
        below = self._on_status_line(message)
        if severity == "error":
            from tui.clients.trace import debug_hint  # lazy: errors come after httpx loaded

            message += debug_hint()
        if severity == "information":
            timeout = min(timeout or self.NOTIFICATION_TIMEOUT, INFORMATION_TIMEOUT)
        super().notify(
            self._few_lines(printable(message), below),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _on_status_line(self, message: str) -> bool:
        """True when the current screen's status line (or its error line, as the sign-in's)
        shows `message` whole."""
        said = " ".join(printable(message).split())
        return any(
            said in " ".join(str(line.render()).split())
            for line in self.screen.query("#status, Static.error")
        )

    def _few_lines(self, message: str, below: bool) -> str:
        """The message as MAX_LINES lines at most at the toast's width; the whole of a longer
        one is on the status line (`below`) or kept for the help screen."""
        # A few cells to spare: a toast laid out before a resize may be narrower for a while.
        width = toast_text_width(self.size) - SPARE
        shown = few_lines(message, width, "(below)" if below else MORE)
        if shown is None:
            return message
        if not below:
            self.remember_notice(message)
        return shown

    def remember_notice(self, text: str) -> None:
        """Keep a notice whole for the help screen (a small screen's toasts carry its first
        line, a long toast a few)."""
        if text not in self.notices:
            self.notices = [*self.notices, text][-KEPT_NOTICES:]

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


def few_lines(message: str, width: int, more: str) -> str | None:
    """`message` in MAX_LINES lines of `width` cells, ending with `more`; None when it fits
    whole. What goes is the middle: the first sentence says what happened, the last clauses
    what to do ("copy them now with c and shift+c"); when those do not fit, the first lines."""
    if _height(message, width) <= MAX_LINES:
        return None
    text = message.strip()
    first = SENTENCE_END.search(text) or CLAUSE_END.search(text)  # one sentence: its clauses
    if first is not None:
        head = _cut(" ".join(text[: first.start()].split()), width, " …")
        for clause in CLAUSE_END.finditer(text, first.start()):
            tail = " ".join(text[clause.end() :].split()) + f" {more}"
            if _height(tail, width) <= MAX_LINES - 1:
                gap = "" if clause.start() == first.start() or head.endswith("…") else " …"
                return f"{head}{gap}\n{tail}"
    lines = [  # (paragraph, line): the message's own line breaks stay
        (number, line)
        for number, paragraph in enumerate(text.split("\n"))
        for line in _wrapped(" ".join(paragraph.split()), width)
    ][:MAX_LINES]
    lines[-1] = (lines[-1][0], _cut(lines[-1][1], width, f"… {more}"))
    # A paragraph's lines go back together: Textual wraps them at the same places, and a
    # phrase stays one piece of text.
    return "\n".join(
        " ".join(line for at, line in lines if at == paragraph)
        for paragraph in dict.fromkeys(at for at, _ in lines)
    )


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
CLAUSE_END = re.compile(r"(?<=[.!?:;])\s+")


def _wrapped(text: str, width: int) -> list[str]:
    from rich.console import Console
    from rich.text import Text

    console = Console(width=width, no_color=True, legacy_windows=False)
    return [line.plain.rstrip() for line in Text(text).wrap(console, width)] or [""]


def _height(text: str, width: int) -> int:
    return sum(len(_wrapped(paragraph, width)) for paragraph in text.split("\n"))


def _cut(line: str, width: int, end: str) -> str:
    """`line` as one line of `width` ending with `end` (at a word when one is near)."""
    from rich.cells import cell_len, set_cell_size

    if _height(line, width) == 1 and (end == " …" or cell_len(line + end) <= width):
        return line if end == " …" else line + end
    kept = set_cell_size(line, max(width - cell_len(end), 1))
    space = kept.rfind(" ")
    return (kept[:space] if space > len(kept) // 2 else kept).rstrip() + end
