"""Behaviour every screen shares: typed access to the app, going back, top-level navigation,
and the connection's changes heard by the top-level screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from tui.clients.errors import ApiError, VersionConflictError
from tui.core.errors import NotConnectedError
from tui.screens import top_level
from tui.screens.start_up import failure_text
from tui.widgets.plain import cell_len, plain

if TYPE_CHECKING:
    from tui.app import IpaasAuthApp
    from tui.core.connection_state import ConnectionState


class ConsoleScreen(Screen[Any]):
    @property
    def console(self) -> IpaasAuthApp:
        return cast("IpaasAuthApp", self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.console.on_worker_state_changed(event)

    def set_status(self, text: str, error: bool = False) -> None:
        """Show `text` on the screen's `#status` line, red when it is an error. The text is
        shown literally: it often embeds a name or a server's message."""
        status = self.query_one("#status", Static)
        # A layout pass re-arranges the whole screen (~4 ms a keystroke while filtering), and
        # only a message that wraps, or replaces one that did, changes the line's height.
        wraps = error or status.has_class("error") or cell_len(text) >= status.content_size.width
        status.update(plain(text), layout=wraps)
        status.set_class(error, "error")

    def ask_then(
        self, question: str, lines: list[str], yes: str, then: Callable[[], object]
    ) -> None:
        """Ask `question` over `lines` (a diff, say) in a dialog; run `then` on yes."""
        from tui.screens.confirm import ConfirmScreen

        def answered(agreed: bool | None) -> None:
            if agreed:
                then()

        self.app.push_screen(ConfirmScreen(question, lines, yes=yes), callback=answered)

    def conflict(self, exc: VersionConflictError, title: str, toast: str) -> None:
        """A write refused because iPaaS.com changed meanwhile: the message and each difference
        it does not name already on the status line; a short toast (`toast`), since a long one
        would sit over the details."""
        message = str(exc)
        self.set_status(
            "\n".join([message, *(d for d in exc.differences if d not in message)]), error=True
        )
        self.notify(toast, title=title, severity="error", timeout=8)

    def load_failed(self, exc: ApiError, title: str) -> None:
        """A load that failed, on the status line and in a toast titled `title`; a failed
        start-up only on the status line: the app has said it already (one toast per failure),
        with the way out ("Press r to …")."""
        if isinstance(exc, NotConnectedError):
            self.set_status(failure_text(exc.failure), error=True)
            return
        self.set_status(f"{exc} Press r to retry.", error=True)
        self.notify(str(exc), title=title, severity="error")


class TopLevelScreen(ConsoleScreen):
    """A screen reachable from the others with i, s and o (tui/screens/top_level.py), shown
    in its own mode: switching away and back keeps it as it was."""

    BINDINGS = top_level.bindings()
    MODE = ""  # its name in top_level's table

    def on_mount(self) -> None:
        """Hear each change of the connection from now on; what came before, a screen reads
        from `console.connection` as it loads. (Textual calls this as well as a subclass's
        own on_mount.)"""
        self.console.connection_changed.subscribe(self, self.connection_changed)

    def connection_changed(self, state: ConnectionState) -> None:
        """The console is connecting, connected or failed (`state.failure` says why), or the
        session in use changed."""

    def retire(self) -> None:
        """Set aside for good (another profile is in use): stop any work in the background,
        whose session is about to close."""

    def action_go(self, mode: str) -> None:
        if mode != self.MODE:
            self.app.switch_mode(mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go" and parameters and parameters[0] == self.MODE:
            return None  # shown dimmed: we are already here
        return True
