"""The Textual application: start-up (profile, log-in, company), navigation and help.

Screens live in `tui.screens`, one a module. Network and keyring work runs in workers; the
screens wait for `IpaasAuthApp.connected_client()` instead of blocking.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from config.errors import ConfigError
from config.state import save_state, saved_theme
from tui import textual_internals as internals
from tui.clients.errors import ApiError
from tui.messages import Connected, ConnectionFailed
from tui.options import StartOptions
from tui.palette import binding_commands
from tui.screens.leaving import QuitAsks
from tui.screens.top_level import top_level_screen
from tui.sign_in import SignInDialogs
from tui.toasts import ToastPolicy
from tui.typeahead import TypeAhead, as_enter
from tui.widgets.plain import printable
from tui.widgets.theme import calm_colours

if TYPE_CHECKING:  # httpx, the clients and the sandbox load in the start-up worker's thread
    from config.profile import Profile
    from tui.clients.ipaas import IpaasClient
    from tui.clipboard import CopyResult
    from tui.core.changes import Writer
    from tui.core.session import Session


SMALL = (80, 20)  # below this width or height, notices keep to one line


class IpaasAuthApp(QuitAsks, ToastPolicy):
    TITLE = "ipaas-auth"
    CSS_PATH = "app.tcss"
    # Screen classes for app.tcss: a short or narrow screen keeps its notices to one line.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (SMALL[0], "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SMALL[1], "-tall")]
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
        self.options = options
        self.session: Session | None = None
        self.connection_error: str | None = None
        self._connected = asyncio.Event()
        self._kept_theme: str | None = None
        self._settled = asyncio.Event()  # the last start-up attempt ended (either way)
        self._sign_in = SignInDialogs(self)
        self._typeahead = TypeAhead(self, super().on_event)  # type: ignore[arg-type]

    async def on_event(self, event: events.Event) -> None:
        """Keys typed ahead wait for the screen they are meant for (tui/typeahead.py)."""
        if isinstance(event, events.Key) and event.key == "ctrl+j" and not event.is_forwarded:
            event = as_enter(event)
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self._typeahead.offer(event)
        ):
            return
        await super().on_event(event)

    def action_focus_next_now(self) -> None:
        self.screen.focus_next()

    def action_focus_previous_now(self) -> None:
        self.screen.focus_previous()

    # --- start-up ------------------------------------------------------------------------

    def on_load(self) -> None:
        """The theme chosen in an earlier run, before the first frame is drawn."""
        self._kept_theme = saved_theme()
        if self._kept_theme in self.available_themes:
            self.theme = self._kept_theme
        calm_colours(self)  # a 16-colour terminal: no orange turned red (tui/widgets/theme.py)

    def get_default_screen(self) -> Screen[Any]:
        """The integrations screen is the first on the stack, composed with the app. (Pushed
        from on_mount it was composed inside Textual's start-up batch, whose whole first
        frame is dropped: the rows came a timer tick, ~16 ms, after the header and key bar.)"""
        screen = self.get_screen(self._top_level("integrations"))
        internals.ready_as_pushed(screen)
        return screen

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def on_ready(self) -> None:
        """Connect once the first frame is painted (from a cache, or a loading state):
        importing httpx and the keyring, starting a sandbox and logging in would otherwise
        delay it. (Ready comes with that frame; call_after_refresh waited for a later
        refresh, a timer tick or more.)"""
        self.connect()

    def _keep_theme(self, theme: Theme) -> None:
        if theme.name != self._kept_theme:
            self._kept_theme = theme.name
            self._save_theme(theme.name)

    @work(thread=True, group="state", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        save_state(theme=name)

    def _top_level(self, name: str) -> str:
        """Install a top-level screen once, so its data survives switching away."""
        if not self.is_screen_installed(name):
            self.install_screen(top_level_screen(name), name)
        return name

    def show_top_level(self, name: str) -> None:
        self.switch_screen(self._top_level(name))

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        """Profile, target, log-in and company, each failure reported with what to do."""
        from tui.core.start_failure import start_failure  # light: no httpx

        self.connection_error = None
        self._settled.clear()
        try:
            if self.session is None:  # imports the layer, httpx and all, in its thread
                opened, failed = await asyncio.to_thread(_open_session, self.options)
                self.session = opened
                if failed is not None:
                    raise failed
            session = self.session
            from tui.core.session import connect

            # Its notes are shown when the attempt ends (finally, below): a log-in dialog
            # opening meanwhile would take them away.
            self.sub_title = printable(f"{session.profile.name} · {session.profile.environment}")
            await connect(session, self._sign_in.ask_credentials, self._sign_in.choose_company)
        except (ConfigError, ApiError) as exc:
            title, text = start_failure(exc)
            self.connection_error = text
            self.notify(text, title=title, severity="error", timeout=15)
            self._tell_screens(lambda: ConnectionFailed(text))
            return
        finally:
            self._sign_in.close_login()
            self._settled.set()
            if self.session is not None:
                self._show_notes(self.session)
        self._show_connection(session)
        self._connected.set()
        self._tell_screens(Connected)
        if session.company is None and session.profile.company_id:
            self._name_company(session)

    @work(group="company-name", exit_on_error=False)
    async def _name_company(self, session: Session) -> None:
        """The company the profile names by id, by name in the title bar (one request, once
        the console is connected)."""
        from tui.core.session import resolve_company

        client = session.client
        found = client is not None and await resolve_company(session, client) is not None
        if found and self.session is session:  # still the profile in use
            self._show_connection(session)

    def _show_connection(self, session: Session) -> None:
        """The title bar's profile, environment and company."""
        note = session.profile_on_disk
        name = session.profile.name + (f" ({note})" if note else "")
        parts = [name, session.profile.environment]
        if session.company is not None:  # unknown when the profile names it (company_id)
            parts.append(session.company.name)
        self.sub_title = printable(" · ".join(parts))

    def profiles_read(self, on_disk: Mapping[str, Profile]) -> None:
        """profiles.toml was read again: the title bar says when the profile in use was deleted
        or changed there since the console connected with it (which it goes on using until
        another profile, or this one again, is used with u)."""
        session = self.session
        if session is None or session.profile.name not in session.profiles.profiles:
            return  # not a profile from the file (the built-in sandbox)
        now = on_disk.get(session.profile.name)
        note = "" if now == session.profile else "deleted" if now is None else "changed on disk"
        if note != session.profile_on_disk:
            session.profile_on_disk = note
            if self.is_connected:
                self._show_connection(session)

    def _tell_screens(self, message: Callable[[], Message]) -> None:
        """Every screen that is showing or kept for later hears it, not only the current one:
        a screen switched to later must not wait for news it missed."""
        screens = {id(s): s for s in self.screen_stack}
        for installed in internals.installed_screens(self):
            screens[id(installed)] = installed
        for screen in screens.values():
            if screen.is_attached:
                screen.post_message(message())

    def _show_notes(self, session: Session) -> None:
        """Start-up notes as toasts; on a small screen only each one's first line (the help
        screen, ?, shows them whole)."""
        small = self.size.width < SMALL[0] or self.size.height < SMALL[1]
        for severity, note in session.notes:
            self.remember_notice(note)
            shown = note.split("\n", 1)[0] if small else note
            self.notify(shown, severity=severity, timeout=12)  # type: ignore[arg-type]
        session.notes.clear()

    async def connected_client(self) -> IpaasClient:
        """The logged-in client, once start-up has finished; `NotConnectedError` (with the
        failure and the way out) when it failed, until the next attempt."""
        from tui.core.errors import NotConnectedError

        while not self._connected.is_set():
            if self.connection_error is not None:
                raise NotConnectedError(self.connection_error)
            await self._settled.wait()
            await asyncio.sleep(0)  # let a reconnect that was just asked for begin
        assert self.session is not None and self.session.client is not None
        return self.session.client

    async def writer(self) -> Writer:
        """What a save needs: the connected client, the change journal, and where it is."""
        client = await self.connected_client()
        assert self.session is not None
        return self.session.writer(client)

    @property
    def is_connected(self) -> bool:
        return self._connected.is_set()

    @work(exclusive=True, group="switch-profile", exit_on_error=False)
    async def use_profile(self, name: str) -> None:
        """Switch the console to another profile: log out, forget loaded data, connect."""
        from tui.screens.base import TopLevelScreen

        stale = [
            screen_name
            for screen_name in ("integrations", "subscriptions")
            if self.is_screen_installed(screen_name)
            and self.screen is not self.get_screen(screen_name)
        ]
        for screen_name in stale:  # their background requests end before their client does
            screen = self.get_screen(screen_name)
            if isinstance(screen, TopLevelScreen):
                screen.retire()
        if self.session is not None:
            await self.session.close()
        self.session = None
        self._connected.clear()
        self.options = StartOptions(profile=name)
        for screen_name in stale:
            self.uninstall_screen(screen_name)
        self.connect()
        self.notify(f"Switching to profile {name}…", timeout=3)

    def reconnect(self) -> None:
        """`r` after a failed start-up, on any screen: try it again. A load asked for right
        after waits for this attempt (it is under way from now: connected_client waits) instead
        of failing at once with the last attempt's error. An attempt still running is left be."""
        if self._connected.is_set() or not self._settled.is_set():
            return
        self.connection_error = None
        self._settled.clear()
        self.connect()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """No failure is silent: an error no worker expected still reaches the user. (Screens
        forward theirs here: the message does not bubble.)"""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}. Press r to retry; if it happens again, "
                "please report it with what you were doing.",
                title="Unexpected error",
                severity="error",
                timeout=20,
            )

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.close()

    # --- copying and quitting ----------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """Every copy, ours and Textual's (ctrl+c in an Input), goes through tmux's buffer
        inside tmux, where an application's OSC 52 is dropped by default."""
        self.copy_text(text, "The selection")

    def copy_text(self, text: str, what: str) -> CopyResult:
        from tui.clipboard import copy_text

        self._clipboard = text  # what ctrl+v in an Input pastes, wherever the copy went
        return copy_text(text, what, super().copy_to_clipboard)

    def copy(self, text: str, what: str) -> None:
        """A copy key's work: copy, then say where the text went (or that it did not)."""
        result = self.copy_text(text, what)
        self.notify(result.message, severity="information" if result.copied else "warning")

    # --- navigation, help and the command palette -------------------------------------------

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


def _open_session(options: StartOptions) -> tuple[Session, ConfigError | ApiError | None]:
    """tui.core.session.open_with_client, imported here, in the worker thread: the layer,
    httpx and all load there, not on the event loop between frames."""
    from tui.core.session import open_with_client

    return open_with_client(options)


def create_app(options: StartOptions | None = None) -> IpaasAuthApp:
    """The App as `ipaas-auth` builds it from its parsed options (tests and benchmarks too)."""
    return IpaasAuthApp(options or StartOptions())
