"""The console's connection controller (tui/core/connection_state.py), in-process over real HTTP
against the sandbox: what it publishes, what `client()` waits for, and when it connects again.
The dialogs are plain async functions here, as the console's are to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import pytest

from config.errors import ProfileNotFoundError
from config.profile import Profile
from tests.console import sandbox_profile_toml, staging_profile_toml, write_profiles
from tui.clients.models import Company
from tui.connection import Credentials
from tui.core.connection_state import Connection, ConnectionState, Phase
from tui.core.errors import CompanyNotChosenError, LoginCancelledError, NotConnectedError
from tui.options import StartOptions
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock

Asked = tuple[Profile, str | None, str | None]


class Recorder:
    """What the controller published, and the dialogs' side: answers given in turn."""

    def __init__(self, logins: list[Credentials | None] | None = None) -> None:
        self.states: list[ConnectionState] = []
        self.logins = list(logins or [])
        self.asked: list[Asked] = []
        self.companies: list[list[Company]] = []
        self.company_answer: int | None = None

    def __call__(self, state: ConnectionState) -> None:
        self.states.append(state)

    @property
    def phases(self) -> list[Phase]:
        return [s.phase for s in self.states]

    async def ask(
        self, profile: Profile, keyring_problem: str | None, refused: str | None
    ) -> tuple[Credentials, bool] | None:
        self.asked.append((profile, keyring_problem, refused))
        answer = self.logins.pop(0) if self.logins else None
        return (answer, False) if answer is not None else None

    async def choose(self, companies: list[Company]) -> Company | None:
        self.companies.append(companies)
        return None if self.company_answer is None else companies[self.company_answer]

    def connection(self, options: StartOptions | None = None) -> Connection:
        return Connection(options or StartOptions(), self.ask, self.choose, on_change=self)


@pytest.fixture
def companies() -> Iterator[SandboxServer]:
    """A sandbox whose demo user belongs to three companies."""
    server = start_sandbox(clock=FakeClock(), integrations=1, subscriptions=1, companies=3)
    yield server
    server.stop()


def another_profile(sandbox: SandboxServer, name: str) -> str:
    """profiles.toml text for one more sandbox profile (after another's)."""
    return f'\n[profiles.{name}]\nenvironment = "sandbox"\napi_url = "{sandbox.url}"\n'


async def settled(connection: Connection) -> ConnectionState:
    """The state once the attempt under way has ended, either way."""
    with contextlib.suppress(NotConnectedError):
        await connection.client()
    return connection.state


async def test_an_attempt_publishes_connecting_then_connected_and_client_waits_for_it(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    seen = Recorder()
    connection = seen.connection()
    assert connection.state.phase is Phase.WAITING
    connection.start()
    assert connection.state.phase is Phase.CONNECTING  # at once: a load asked now waits
    client = await connection.client()
    try:
        assert seen.phases == [Phase.CONNECTING, Phase.CONNECTING, Phase.CONNECTED]
        assert seen.states[0].session is None  # before the session was opened
        session = seen.states[-1].session
        assert session is not None and session.profile.name == "demo"
        assert client is session.client and client.session is not None
        assert session.company is not None and session.company.name == demo.COMPANY_NAME
        assert not seen.asked  # the sandbox's demo log-in: no dialog
        assert connection.reconnect() is False  # connected: nothing to do
        assert len(seen.states) == 3
        writer = await connection.writer()
        assert writer.client is client
    finally:
        await connection.close()
    assert session.client is None  # logged out


async def test_a_failure_is_published_with_its_reason_and_r_waits_for_the_next_attempt(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    seen = Recorder()
    connection = seen.connection(StartOptions(profile="ghost"))
    connection.start()
    assert connection.reconnect() is False  # still connecting: left be
    with pytest.raises(NotConnectedError) as failed:
        await connection.client()
    assert isinstance(failed.value.failure, ProfileNotFoundError)
    assert connection.state.phase is Phase.FAILED and connection.session is None
    assert connection.failure is failed.value.failure
    assert "Press" not in str(failed.value)  # data: the console words the way out
    # Until another attempt begins, everyone hears the same failure at once.
    with pytest.raises(NotConnectedError):
        await asyncio.wait_for(connection.client(), 1)
    write_profiles(sandbox_profile_toml(sandbox, name="ghost"))
    assert connection.reconnect() is True
    waiting = asyncio.ensure_future(connection.client())  # asked right after r: waits
    client = await asyncio.wait_for(waiting, 30)
    try:
        assert connection.is_connected and client.session is not None
        assert seen.phases[-1] is Phase.CONNECTED
        assert seen.phases.count(Phase.FAILED) == 1
    finally:
        await connection.close()


async def test_the_log_in_is_asked_again_with_the_reason_then_a_cancel_fails_it(
    sandbox: SandboxServer,
) -> None:
    write_profiles(staging_profile_toml(sandbox))  # no password stored
    wrong = Credentials(demo.IPAAS_EMAIL, password="wrong")
    seen = Recorder(logins=[wrong, None])
    connection = seen.connection()
    connection.start()
    state = await settled(connection)
    try:
        assert len(seen.asked) == 2
        assert seen.asked[0][2] is None and seen.asked[1][2]  # the refusal, said in place
        assert isinstance(state.failure, LoginCancelledError)
        assert state.session is not None  # kept: r tries again with it
        seen.logins = [Credentials(demo.IPAAS_EMAIL, password=demo.IPAAS_PASSWORD)]
        assert connection.reconnect()
        await connection.client()
        assert len(seen.asked) == 3
    finally:
        await connection.close()


async def test_the_company_is_asked_for_and_closing_the_picker_fails_the_attempt(
    companies: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(companies))
    seen = Recorder()
    connection = seen.connection()
    connection.start()
    state = await settled(connection)
    assert isinstance(state.failure, CompanyNotChosenError)
    assert [len(offered) for offered in seen.companies] == [3]
    seen.company_answer = 1
    connection.reconnect()
    await connection.client()
    try:
        session = connection.session
        assert session is not None and session.company == seen.companies[-1][1]
    finally:
        await connection.close()


async def test_a_company_named_by_id_is_published_again_once_known_by_name(
    companies: SandboxServer,
) -> None:
    company_id = next(iter(companies.ipaas.data.companies))
    write_profiles(sandbox_profile_toml(companies) + f'company_id = "{company_id}"\n')
    seen = Recorder()
    connection = seen.connection()
    connection.start()
    await connection.client()
    try:
        for _ in range(200):  # the name is one more request, after CONNECTED
            if len(seen.states) == 4:
                break
            await asyncio.sleep(0.02)
        assert seen.phases == [Phase.CONNECTING] * 2 + [Phase.CONNECTED] * 2
        assert not seen.companies  # never asked: the profile names it
        session = seen.states[-1].session
        assert session is not None and session.company is not None
        assert session.company.id == company_id
    finally:
        await connection.close()


async def test_using_another_profile_closes_the_session_and_connects_with_it(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox) + another_profile(sandbox, "other"))
    seen = Recorder()
    connection = seen.connection()
    connection.start()
    await connection.client()
    old = connection.session
    assert old is not None and old.profile.name == "demo"
    await connection.use_profile("other")
    assert connection.state == ConnectionState(Phase.CONNECTING)  # no session: waiters wait
    assert old.client is None  # logged out
    await connection.client()
    try:
        assert connection.session is not None and connection.session.profile.name == "other"
        assert connection.options == StartOptions(profile="other")
    finally:
        await connection.close()


async def test_using_another_profile_calls_off_an_attempt_waiting_for_the_log_in(
    sandbox: SandboxServer,
) -> None:
    write_profiles(staging_profile_toml(sandbox) + another_profile(sandbox, "demo"))
    asked = asyncio.Event()
    called_off = asyncio.Event()

    async def never(profile: Profile, problem: str | None, refused: str | None) -> None:
        asked.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            called_off.set()
            raise

    connection = Connection(StartOptions(), never, None)
    connection.start()
    await asyncio.wait_for(asked.wait(), 30)
    await connection.use_profile("demo")
    await asyncio.wait_for(called_off.wait(), 5)
    await connection.client()
    try:
        assert connection.session is not None and connection.session.profile.name == "demo"
    finally:
        await connection.close()


async def test_an_error_nothing_expected_is_published_not_lost() -> None:
    def broken(options: StartOptions) -> None:
        raise RuntimeError("disk on fire")

    seen = Recorder()
    connection = Connection(StartOptions(), None, None, on_change=seen, open_session=broken)  # type: ignore[arg-type]
    connection.start()
    with pytest.raises(NotConnectedError) as failed:
        await asyncio.wait_for(connection.client(), 5)
    assert isinstance(failed.value.failure, RuntimeError)
    assert seen.phases == [Phase.CONNECTING, Phase.FAILED]


async def test_profiles_read_again_publish_only_a_change_to_the_profile_in_use(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    seen = Recorder()
    connection = seen.connection()
    connection.start()
    await connection.client()
    try:
        session = connection.session
        assert session is not None
        count = len(seen.states)
        connection.profiles_read({"demo": session.profile})
        assert len(seen.states) == count  # unchanged: nothing to say
        changed = Profile(name="demo", environment="staging")
        connection.profiles_read({"demo": changed})
        assert session.profile_on_disk == "changed on disk" and len(seen.states) == count + 1
        connection.profiles_read({})
        assert session.profile_on_disk == "deleted" and len(seen.states) == count + 2
        assert connection.is_connected  # still in use until another is chosen
    finally:
        await connection.close()


async def test_a_refused_stored_password_is_asked_for_in_the_console(
    sandbox: SandboxServer, memory_keyring: object
) -> None:
    """The stored password is tried first; refused, the dialog is asked with the reason."""
    from config.secrets import IPAAS_PASSWORD, SERVICE
    from tests.memory_keyring import MemoryKeyring

    assert isinstance(memory_keyring, MemoryKeyring)
    write_profiles(staging_profile_toml(sandbox))
    memory_keyring.set_password(SERVICE, f"acme:{IPAAS_PASSWORD}", "stale")
    seen = Recorder(logins=[Credentials(demo.IPAAS_EMAIL, password=demo.IPAAS_PASSWORD)])
    connection = seen.connection()
    connection.start()
    await connection.client()
    try:
        assert len(seen.asked) == 1
        assert seen.asked[0][2]  # why the stored one did not work
    finally:
        await connection.close()
