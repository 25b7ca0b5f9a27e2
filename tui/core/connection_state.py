"""The console's connection to iPaaS.com: one session at a time, its state (connecting,
connected, failed with the reason), and the rules for connecting again or with another profile.

Textual-free: the console passes in how to ask (the log-in dialog, the company picker), how to
run an attempt (a worker, where its dialogs can wait), and what to do with each new state (it
publishes them to its screens as a Textual `Signal`). Whoever needs the client awaits
`client()`: it resolves once connected, and raises `NotConnectedError` with the reason when the
attempt failed. Commands do not use this: they open a session once (tui/core/session.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from config.errors import ConfigError
from tui.clients.errors import ApiError
from tui.core.errors import NotConnectedError
from tui.options import StartOptions

if TYPE_CHECKING:  # the layer, httpx and all, loads in the first attempt's thread
    from config.profile import Profile
    from tui.clients.ipaas import IpaasClient
    from tui.core.changes import Writer
    from tui.core.session import AskCredentials, ChooseCompany, Session


class Phase(Enum):
    WAITING = "waiting"  # no attempt yet
    CONNECTING = "connecting"
    CONNECTED = "connected"
    FAILED = "failed"


class ConnectionState(NamedTuple):
    phase: Phase
    session: Session | None = None  # once opened (a failure may come before)
    # Why the attempt failed: a ConfigError or ApiError the person can act on, or an error
    # nothing expected. None unless FAILED.
    failure: Exception | None = None


class Running(Protocol):
    """An attempt under way (an asyncio Task, a Textual Worker): it can be called off."""

    def cancel(self) -> object: ...


Launch = Callable[[Coroutine[Any, Any, None]], Running]
OpenSession = Callable[[StartOptions], tuple["Session", ConfigError | ApiError | None]]


def open_session(options: StartOptions) -> tuple[Session, ConfigError | ApiError | None]:
    """tui.core.session.open_with_client, imported here, in the worker thread: the layer,
    httpx and all load there, not on the event loop between frames. Blocking."""
    from tui.core.session import open_with_client

    return open_with_client(options)


class Connection:
    def __init__(
        self,
        options: StartOptions,
        ask_credentials: AskCredentials | None,
        choose_company: ChooseCompany | None,
        on_change: Callable[[ConnectionState], object] = lambda state: None,
        launch: Launch = asyncio.ensure_future,
        open_session: OpenSession = open_session,
    ) -> None:
        self.options = options
        self.state = ConnectionState(Phase.WAITING)
        self._ask_credentials = ask_credentials
        self._choose_company = choose_company
        self._on_change = on_change
        self._launch = launch
        self._open_session = open_session
        self._attempt: Running | None = None
        self._changed = asyncio.Event()  # set, and replaced, at each change

    @property
    def session(self) -> Session | None:
        return self.state.session

    @property
    def is_connected(self) -> bool:
        return self.state.phase is Phase.CONNECTED

    @property
    def failure(self) -> Exception | None:
        return self.state.failure

    # --- attempts ----------------------------------------------------------------------------

    def start(self) -> None:
        """Begin an attempt now; one still under way is called off. Whoever awaits `client()`
        from now on waits for this attempt, not the last one's outcome."""
        self._call_off()
        self._publish(ConnectionState(Phase.CONNECTING, self.session))
        self._attempt = self._launch(self._connect())

    def reconnect(self) -> bool:
        """After a failed attempt (`r` on any screen), try again; True when an attempt began.
        Connected, or still connecting, nothing changes."""
        if self.state.phase is not Phase.FAILED:
            return False
        self.start()
        return True

    async def use_profile(self, name: str) -> None:
        """Log out, forget the session, and connect with profile `name`."""
        old = self.session
        self._call_off()
        self.options = StartOptions(profile=name)
        self._publish(ConnectionState(Phase.CONNECTING))
        if old is not None:
            await old.close()
        self._attempt = self._launch(self._connect())

    async def close(self) -> None:
        """The console is closing: call off an attempt, log out, stop a sandbox we started.
        (The last state stays, for whoever looks afterwards.)"""
        self._call_off()
        if self.session is not None:
            await self.session.close()

    def _call_off(self) -> None:
        if self._attempt is not None:
            self._attempt.cancel()
            self._attempt = None

    async def _connect(self) -> None:
        """One attempt: the session (opened once, in a thread), then target, log-in and
        company; the outcome is published, the reason included."""
        try:
            session = self.session or await self._open()
            from tui.core.session import connect  # loaded by now, in the thread above

            client = await connect(session, self._ask_credentials, self._choose_company)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # every failure is published with its reason, none is lost
            self._publish(ConnectionState(Phase.FAILED, self.session, exc))
            return
        self._publish(ConnectionState(Phase.CONNECTED, session))
        if session.company is None and session.profile.company_id:
            await self._name_company(session, client)

    async def _open(self) -> Session:
        """The session, opened in a thread; kept (its notes to be shown) even when its target
        or client failed, which the next attempt makes again."""
        session, failed = await asyncio.to_thread(self._open_session, self.options)
        self._publish(ConnectionState(Phase.CONNECTING, session))
        if failed is not None:
            raise failed
        return session

    async def _name_company(self, session: Session, client: IpaasClient) -> None:
        """The company the profile names by id, by name (one request, once connected)."""
        from tui.core.session import resolve_company

        if await resolve_company(session, client) is not None and self.session is session:
            self._publish(self.state)

    # --- what the faces ask ------------------------------------------------------------------

    async def client(self) -> IpaasClient:
        """The logged-in client once connected; `NotConnectedError` (its `failure` says why)
        when the attempt failed, until another begins."""
        while True:
            state, changed = self.state, self._changed
            if state.phase is Phase.CONNECTED:
                assert state.session is not None and state.session.client is not None
                return state.session.client
            if state.phase is Phase.FAILED:
                assert state.failure is not None
                raise NotConnectedError(state.failure)
            await changed.wait()

    async def writer(self) -> Writer:
        """What a save needs: the connected client, the change journal, and where it is."""
        client = await self.client()
        assert self.session is not None
        return self.session.writer(client)

    def profiles_read(self, on_disk: Mapping[str, Profile]) -> None:
        """profiles.toml was read again: note when the profile in use was deleted or changed
        there since it was connected with (it stays in use until another is chosen)."""
        session = self.session
        if session is None or session.profile.name not in session.profiles.profiles:
            return  # not a profile from the file (the built-in sandbox)
        now = on_disk.get(session.profile.name)
        note = "" if now == session.profile else "deleted" if now is None else "changed on disk"
        if note != session.profile_on_disk:
            session.profile_on_disk = note
            self._publish(self.state)

    def _publish(self, state: ConnectionState) -> None:
        self.state = state
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        self._on_change(state)
