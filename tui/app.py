"""The Textual application: start-up (profile, log-in, company), navigation and help.

Screens live in `tui.screens`, one a module. Network and keyring work runs in workers; the
screens wait for `IpaasAuthApp.connected_client()` instead of blocking.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from config.errors import ConfigError, SecretStorageError
from tui.clients.errors import ApiError
from tui.messages import Connected, ConnectionFailed
from tui.options import StartOptions

if TYPE_CHECKING:  # httpx, the clients and the sandbox load in the start-up worker's thread
    from tui.clients.ipaas import IpaasClient
    from tui.connection import Credentials
    from tui.session import ConsoleSession


class IpaasAuthApp(App[None]):
    TITLE = "ipaas-auth"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit ipaas-auth"),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="app.help",
            tooltip="Show every key of this screen",
        ),
    ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Errors shown while debugging (--debug) name the log with the HTTP details."""
        if severity == "error":
            from tui.clients.trace import debug_hint  # lazy: errors come after httpx loaded

            hint = debug_hint()
            if hint:
                message += escape(hint) if markup else hint
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def __init__(self, options: StartOptions) -> None:
        super().__init__()
        self.options = options
        self.session: ConsoleSession | None = None
        self.connection_error: str | None = None
        self._connected = asyncio.Event()

    # --- start-up ------------------------------------------------------------------------

    def on_load(self) -> None:
        self.connect()  # before the first screen mounts: the network overlaps the painting

    def on_mount(self) -> None:
        self.push_screen(self._top_level("integrations"))

    def _top_level(self, name: str) -> str:
        """Install a top-level screen once, so its data survives switching away."""
        if not self.is_screen_installed(name):
            self.install_screen(_top_level_screen(name), name)
        return name

    def show_top_level(self, name: str) -> None:
        self.switch_screen(self._top_level(name))

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def connect(self) -> None:
        """Profile, target, log-in and company, each failure reported with what to do."""
        self.connection_error = None
        try:
            if self.session is None:
                self.session = await asyncio.to_thread(_open_session, self.options)
            session = self.session
            for severity, note in session.notes:
                self.notify(note, severity=severity, timeout=12)  # type: ignore[arg-type]
            session.notes.clear()
            self.sub_title = f"{session.profile.name} · {session.profile.environment}"
            await asyncio.to_thread(session.connect_target)
            # Off the event loop: importing httpcore and, for https, loading the CA bundle
            # (~35 ms) would otherwise freeze the first frames.
            client = session.client
            if client is None:
                client = await asyncio.to_thread(session.new_client)
            await self._log_in(session, client)
            await self._choose_company(session, client)
        except (ConfigError, ApiError) as exc:
            self.connection_error = str(exc)
            self.notify(str(exc), title="Cannot connect", severity="error", timeout=15)
            self.screen.post_message(ConnectionFailed(str(exc)))
            return
        self.sub_title = (
            f"{session.profile.name} · {session.profile.environment} · "
            f"{session.company.name if session.company else ''}"
        )
        self._connected.set()
        self.screen.post_message(Connected())

    async def _log_in(self, session: ConsoleSession, client: IpaasClient) -> None:
        if client.session is not None:
            return
        from tui.connection import remember_credentials, stored_credentials

        keyring_problem: str | None = None
        try:
            credentials = await asyncio.to_thread(
                stored_credentials, session.profile, session.secrets
            )
        except SecretStorageError as exc:
            # Common over SSH: no keyring, or a locked one. Ask instead of giving up; the
            # log-in then lasts this session only.
            credentials, keyring_problem = None, str(exc)
        remember = False
        if credentials is None:
            from tui.screens.login import LoginScreen

            answer = await self.push_screen_wait(LoginScreen(session.profile, keyring_problem))
            if answer is None:
                raise ApiError("Log-in cancelled; press r to try again.")
            credentials, remember = answer
        await _log_in_with(client, credentials)
        if remember:
            try:
                await asyncio.to_thread(
                    remember_credentials, session.profile, session.secrets, credentials
                )
                self.notify("Saved to the keyring.", timeout=3)
            except ConfigError as exc:
                self.notify(str(exc), title="Not remembered", severity="warning", timeout=12)

    async def _choose_company(self, session: ConsoleSession, client: IpaasClient) -> None:
        if client.session is not None and client.session.company_id:
            return
        company_id = session.profile.company_id
        if not company_id:
            companies = await client.list_companies()
            if not companies:
                raise ApiError("This login belongs to no company; ask an admin to add you.")
            if len(companies) == 1:
                session.company = companies[0]
            else:
                from tui.screens.companies import CompanyPicker

                chosen = await self.push_screen_wait(CompanyPicker(companies))
                if chosen is None:
                    raise ApiError("No company chosen; press r to choose one.")
                session.company = chosen
            company_id = session.company.id
        await client.change_company(company_id)

    async def connected_client(self) -> IpaasClient:
        """The logged-in client, once start-up has finished."""
        await self._connected.wait()
        assert self.session is not None and self.session.client is not None
        return self.session.client

    @property
    def is_connected(self) -> bool:
        return self._connected.is_set()

    @work(exclusive=True, group="switch-profile", exit_on_error=False)
    async def use_profile(self, name: str) -> None:
        """Switch the console to another profile: log out, forget loaded data, connect."""
        if self.session is not None:
            await self.session.close()
        self.session = None
        self._connected.clear()
        self.options = StartOptions(profile=name)
        for screen_name in ("integrations", "subscriptions"):
            if self.is_screen_installed(screen_name) and self.screen is not self.get_screen(
                screen_name
            ):
                self.uninstall_screen(screen_name)
        self.connect()
        self.notify(f"Switching to profile {name}…", timeout=3)

    def reconnect(self) -> None:
        if not self._connected.is_set():
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

    # --- navigation, help and the command palette -------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Offer every action the current screen's keys offer, plus Textual's own."""
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            node = active.node
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({binding.key_display or binding.key})",
                lambda node=node, action=binding.action: self.run_action(action, node),
            )
        yield from super().get_system_commands(screen)


def _open_session(options: StartOptions) -> ConsoleSession:
    from tui.session import ConsoleSession

    return ConsoleSession.open(options)


async def _log_in_with(client: IpaasClient, credentials: Credentials) -> None:
    if credentials.api_key:
        client.use_api_key(credentials.api_key)
    else:
        await client.login(credentials.email, credentials.password)


def create_app(argv: Sequence[str]) -> IpaasAuthApp:
    """The App exactly as `ipaas-auth ARGV` builds it (tests and benchmarks use this)."""
    from tui.__main__ import build_parser

    args = build_parser().parse_args(list(argv))
    return IpaasAuthApp(StartOptions(profile=args.profile, sandbox=args.sandbox))


def run_console(argv: Sequence[str]) -> int:
    create_app(argv).run()
    return 0


def _top_level_screen(name: str) -> Screen[None]:
    """Import only the screen asked for: start-up needs one of the three."""
    if name == "integrations":
        from tui.screens.integrations import IntegrationsScreen

        return IntegrationsScreen()
    if name == "subscriptions":
        from tui.screens.subscriptions import SubscriptionsScreen

        return SubscriptionsScreen()
    from tui.screens.profiles import ProfilesScreen

    return ProfilesScreen()
