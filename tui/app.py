"""The Textual application: its keys, the three top-level screens as modes, and the face of the
connection (the title bar, start-up toasts, the sign-in dialogs).

The connection's rules live in tui/core/connection_state.py: screens await
`console.connection.client()` and hear each change through `connection_changed`, a Textual
`Signal`. Toasts are tui/toasts.py, crashes tui/crash.py, copying tui/clipboard.py, the command
line tui/__main__.py, keys typed ahead tui/typeahead.py.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker

from tui.clipboard import ClipboardApp
from tui.core.connection_state import Connection, ConnectionState, Phase
from tui.options import StartOptions
from tui.palette import binding_commands
from tui.screens import top_level
from tui.screens.leaving import QuitAsks
from tui.screens.start_up import connection_title, opening_notes, start_failure
from tui.sign_in import SignInDialogs
from tui.theme import KeptTheme
from tui.toasts import SMALL, ToastPolicy
from tui.typeahead import TypeAheadApp

if TYPE_CHECKING:  # httpx, the clients and the sandbox load in the start-up worker's thread
    from tui.core.session import Session


class IpaasAuthApp(QuitAsks, ToastPolicy, ClipboardApp, KeptTheme, TypeAheadApp):
    TITLE = "ipaas-auth"
    CSS_PATH = "app.tcss"
    # Screen classes for app.tcss: a short or narrow screen keeps its notices to one line.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SMALL[0], "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SMALL[1], "-tall")]
    # The first mode's screen is composed with the app (get_default_screen) and its mode added
    # once mounted: started from MODES, Textual re-reads the whole stylesheet first, and the
    # first frame, the whole screen, fell in the start-up batch and was dropped.
    MODES = {mode: new for mode, new in top_level.SCREENS.items() if mode != top_level.FIRST}
    DEFAULT_MODE = top_level.FIRST
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit ipaas-auth"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit_anywhere",
            tooltip="Quit ipaas-auth, also from a text field",
        ),
        # Tab moves the focus as the key arrives (Textual's own Tab binding runs only after the
        # key has passed the focused widget), so text typed right after it lands in the next
        # field.
        Binding(
            "tab",
            "focus_next_now",
            "Next field",
            show=False,
            priority=True,
            id="app.focus_next",
            tooltip="Move to the next field",
        ),
        Binding(
            "shift+tab",
            "focus_previous_now",
            "Previous field",
            show=False,
            priority=True,
            id="app.focus_previous",
            tooltip="Move to the previous field",
        ),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="app.help",
            tooltip="Show every key of this screen",
        ),
        # From a text field too, where ? is a character (the template, the filter).
        Binding(
            "f1",
            "help",
            "Help",
            show=False,
            priority=True,
            id="app.help_anywhere",
            tooltip="Show every key of this screen, even from a text field",
        ),
    ]

    def __init__(self, options: StartOptions) -> None:
        super().__init__()
        self._sign_in = SignInDialogs(self)
        self._last_phase = Phase.WAITING
        self._noted: Session | None = None  # the session whose opening notes were added
        # Each change of the connection, for the screens to subscribe to.
        self.connection_changed: Signal[ConnectionState] = Signal(self, "connection-changed")
        self.connection = Connection(
            options,
            self._sign_in.ask_credentials,
            self._sign_in.choose_company,
            on_change=self._connection_changed,
            launch=self._run_attempt,
        )

    def action_focus_next_now(self) -> None:
        self.screen.focus_next()

    def action_focus_previous_now(self) -> None:
        self.screen.focus_previous()

    # --- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return top_level.SCREENS[top_level.FIRST]()

    def on_mount(self) -> None:
        self.add_mode(top_level.FIRST, top_level.SCREENS[top_level.FIRST])

    def on_ready(self) -> None:
        """Connect once the first frame is painted (from a cache, or a loading state):
        importing httpx and the keyring, starting a sandbox and logging in would otherwise
        delay it. (Ready comes with that frame; call_after_refresh waited for a later
        refresh, a timer tick or more.)"""
        self.connection.start()

    # --- the connection's face -------------------------------------------------------------

    def _run_attempt(self, attempt: Coroutine[Any, Any, None]) -> Worker[None]:
        """An attempt runs as a worker: the log-in and company dialogs wait in it."""
        return self.run_worker(attempt, group="connect", exit_on_error=False)

    def _connection_changed(self, state: ConnectionState) -> None:
        """The title bar names the profile in use; an attempt's end closes the log-in dialog
        and says what it has to (its notes, the failure with the way out); then every screen
        that subscribed hears of it."""
        session, ended = state.session, state.phase != self._last_phase
        self._last_phase = state.phase
        if session is not None:
            if session is not self._noted:
                self._noted = session
                session.notes[:0] = opening_notes(session)
            self.sub_title = connection_title(session)
        if ended and state.phase in (Phase.CONNECTED, Phase.FAILED):
            self._sign_in.close_login()
            if session is not None:
                self.show_notices(session.notes)
                session.notes.clear()
            if state.failure is not None:
                title, text = start_failure(state.failure)
                self.notify(text, title=title, severity="error", timeout=15)
        self.connection_changed.publish(state)

    @work(exclusive=True, group="switch-profile", exit_on_error=False)
    async def use_profile(self, name: str) -> None:
        """Switch the console to another profile: the other top-level screens are set aside
        (their data was the old profile's), then the connection starts again."""
        from tui.screens.base import TopLevelScreen

        stale = [mode for mode in top_level.SCREENS if mode != self.current_mode]
        stacks = {mode: self._stack_of(mode) for mode in stale}
        for screen in (s for stack in stacks.values() for s in stack):
            if isinstance(screen, TopLevelScreen):  # their requests end before their client
                screen.retire()
        await self.connection.use_profile(name)
        for mode in (mode for mode, stack in stacks.items() if stack):
            await self.remove_mode(mode)
            self.add_mode(mode, top_level.SCREENS[mode])
        self.notify(f"Switching to profile {name}…", timeout=3)

    def _stack_of(self, mode: str) -> list[Screen[Any]]:
        """The screens of `mode`, none when it was never shown."""
        try:
            return self.get_screen_stack(mode)
        except KeyError:
            return []

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """No failure is silent (tui/crash.py). Screens forward theirs here: the message does
        not bubble."""
        from tui.crash import worker_failed

        worker_failed(self, event)

    async def on_unmount(self) -> None:
        await self.connection.close()

    # --- crashes, help and the command palette ------------------------------------------------

    def _fatal_error(self) -> None:
        """Textual's hook for an exception nothing handled (tui/crash.py)."""
        from tui.crash import fatal_error

        fatal_error(self)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Offer every action the current screen's keys offer, plus Textual's own."""
        yield from binding_commands(self, screen)
        yield from super().get_system_commands(screen)


def create_app(options: StartOptions | None = None) -> IpaasAuthApp:
    """The App as `ipaas-auth` builds it from its parsed options (tests and benchmarks too)."""
    return IpaasAuthApp(options or StartOptions())
