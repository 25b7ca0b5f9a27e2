"""The company session kept between runs, over real HTTP against the sandbox: used by the next
start (no log-in, no company change: the sandbox counts every request), refreshed ahead of its
expiry (fake clock), forgotten by logout and by a profile change, kept in the secret store and
never in profiles.toml, and, refused by iPaaS.com, replaced by exactly one silent log-in."""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import keyring
import pytest

from config.paths import profiles_path, secrets_file_path
from config.secrets import SERVICE
from tests.cli import run_cli
from tests.console import staging_profile_toml, write_profiles
from tests.memory_keyring import MemoryKeyring
from tui.clients.ipaas_session import REFRESH_AHEAD
from tui.core.session import Session, connect
from tui.options import StartOptions
from tui.sandbox import SandboxServer, demo
from tui.sandbox.clock import FakeClock

KEPT = (SERVICE, "acme:ipaas_session")
SESSION_CALLS = ("login", "companies", "change_company", "refresh")


@pytest.fixture
def acme(sandbox: SandboxServer) -> None:
    """A staging profile on the sandbox, its password stored (a returning user's machine)."""
    write_profiles(staging_profile_toml(sandbox))
    keyring.set_password(SERVICE, "acme:ipaas_password", demo.IPAAS_PASSWORD)


def calls(sandbox: SandboxServer) -> Counter[str]:
    return Counter({name: sandbox.ipaas.calls[name] for name in SESSION_CALLS})


def kept(memory_keyring: MemoryKeyring) -> dict[str, object]:
    document: dict[str, object] = json.loads(memory_keyring.entries[KEPT])
    return document


def integrations() -> None:
    out = run_cli("integrations", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)
    assert out.stderr == ""  # silently, whatever the session's story


async def connected(clock: FakeClock) -> Session:
    """The console's and the commands' start, with the client on the sandbox's fake clock."""
    session = Session.open(StartOptions())
    client = await asyncio.to_thread(session.new_client)
    client.clock = clock.now
    await connect(session)
    return session


@pytest.mark.usefixtures("acme")
def test_the_next_command_uses_the_kept_session(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    integrations()
    assert calls(sandbox) == Counter(login=1, companies=1, change_company=1)
    document = kept(memory_keyring)
    assert document["company_id"] == sandbox.ipaas.data.company_id
    assert document["company_name"] == sandbox.ipaas.data.companies[sandbox.ipaas.data.company_id]
    assert document["access_token"] in sandbox.ipaas.sessions
    before = sandbox.ipaas.calls["integrations"]
    integrations()
    integrations()
    assert calls(sandbox) == Counter(login=1, companies=1, change_company=1)  # nothing more
    assert sandbox.ipaas.calls["integrations"] == before + 2  # straight to the data


@pytest.mark.usefixtures("acme")
def test_the_session_is_in_the_secret_store_never_in_profiles_toml(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    integrations()
    document = kept(memory_keyring)
    toml = profiles_path().read_text()
    for secret in (document["access_token"], document["refresh_token"]):
        assert isinstance(secret, str) and secret
        assert secret not in toml
    assert "ipaas_session" not in toml


def test_with_file_storage_it_is_in_the_secrets_file(sandbox: SandboxServer) -> None:
    write_profiles('secret_storage = "file"\n' + staging_profile_toml(sandbox))
    assert run_cli("login", "acme", stdin=demo.IPAAS_PASSWORD + "\n").returncode == 0
    integrations()
    stored = json.loads(secrets_file_path().read_text())
    document = json.loads(stored["acme:ipaas_session"])
    assert document["access_token"] in sandbox.ipaas.sessions
    assert document["access_token"] not in profiles_path().read_text()
    integrations()
    assert sandbox.ipaas.calls["login"] == 2  # `login` checked the password; then one log-in


@pytest.mark.usefixtures("acme")
async def test_it_is_refreshed_ahead_of_its_expiry(
    sandbox: SandboxServer, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    session = await connected(clock)
    await session.close()
    first = kept(memory_keyring)["access_token"]
    clock.advance(3600 - REFRESH_AHEAD + 30)  # still good at iPaaS.com, not for long
    session = await connected(clock)
    assert session.resumed and session.client is not None
    assert calls(sandbox)["refresh"] == 0  # nothing asked at start
    await session.client.list_integrations()
    await session.close()
    assert calls(sandbox) == Counter(login=1, companies=1, change_company=1, refresh=1)
    renewed = kept(memory_keyring)["access_token"]
    assert renewed != first and renewed in sandbox.ipaas.sessions  # the new one is kept


@pytest.mark.usefixtures("acme")
async def test_an_expired_one_is_refreshed_not_replaced_by_a_log_in(
    sandbox: SandboxServer, clock: FakeClock, memory_keyring: MemoryKeyring
) -> None:
    await (await connected(clock)).close()
    clock.advance(5 * 3600)  # the next morning: the token is dead, its refresh token is not
    session = await connected(clock)
    assert session.client is not None
    assert await session.client.list_subscriptions()
    await session.close()
    assert calls(sandbox) == Counter(login=1, companies=1, change_company=1, refresh=1)


@pytest.mark.usefixtures("acme")
def test_a_refused_one_falls_back_to_exactly_one_log_in(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    integrations()
    revoked = kept(memory_keyring)["access_token"]
    sandbox.ipaas.sessions.clear()  # revoked at iPaaS.com (or a sandbox started afresh)
    integrations()
    assert calls(sandbox) == Counter(login=2, companies=1, change_company=2, refresh=1)
    replaced = kept(memory_keyring)["access_token"]
    assert replaced != revoked and replaced in sandbox.ipaas.sessions
    integrations()
    assert calls(sandbox)["login"] == 2  # the new one is used next


@pytest.mark.usefixtures("acme")
def test_logout_forgets_it(sandbox: SandboxServer, memory_keyring: MemoryKeyring) -> None:
    integrations()
    out = run_cli("logout", "acme")
    assert out.returncode == 0 and "iPaaS.com session" in out.stdout
    assert KEPT not in memory_keyring.entries
    keyring.set_password(SERVICE, "acme:ipaas_password", demo.IPAAS_PASSWORD)  # logged in again
    integrations()
    assert calls(sandbox)["login"] == 2


@pytest.mark.usefixtures("acme")
def test_a_profile_change_forgets_it(sandbox: SandboxServer, memory_keyring: MemoryKeyring) -> None:
    integrations()
    company = sandbox.ipaas.data.company_id
    assert run_cli("profiles", "set", "acme", "email=INTEGRATOR@sandbox.test").returncode == 0
    integrations()  # the same email, only its case: the same user, the same session
    assert calls(sandbox)["login"] == 1
    assert run_cli("profiles", "set", "acme", "environment=custom").returncode == 0
    integrations()
    assert calls(sandbox)["login"] == 2
    assert kept(memory_keyring)["company_id"] == company  # the new log-in's, kept in its place


@pytest.mark.usefixtures("acme")
def test_a_session_for_another_company_is_not_used(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    integrations()
    document = kept(memory_keyring)
    document["company_id"] = "00000000-0000-0000-0000-00000000000a"
    memory_keyring.entries[KEPT] = json.dumps(document)
    company = sandbox.ipaas.data.company_id
    assert run_cli("profiles", "set", "acme", f"company_id={company}").returncode == 0
    integrations()
    assert calls(sandbox) == Counter(login=2, companies=1, change_company=2)  # no list: named


@pytest.mark.usefixtures("acme")
def test_a_damaged_one_is_no_session(sandbox: SandboxServer, memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[KEPT] = "{not json"
    integrations()
    assert calls(sandbox)["login"] == 1
    assert kept(memory_keyring)["access_token"] in sandbox.ipaas.sessions


def test_a_log_in_from_the_environment_keeps_nothing(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(staging_profile_toml(sandbox))
    env = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    for _ in range(2):
        assert run_cli("integrations", "--json", env=env).returncode == 0
    assert KEPT not in memory_keyring.entries
    assert calls(sandbox)["login"] == 2


def test_the_consoles_own_sandbox_keeps_nothing(memory_keyring: MemoryKeyring) -> None:
    """It starts afresh each time: a session kept from it could only be refused."""
    for _ in range(2):
        assert run_cli("integrations", "--json").returncode == 0
    assert not [key for key in memory_keyring.entries if key[1].endswith(":ipaas_session")]


@pytest.mark.usefixtures("acme")
def test_status_names_the_company_from_the_kept_session(sandbox: SandboxServer) -> None:
    first = json.loads(run_cli("status", "--json").stdout)
    second = json.loads(run_cli("status", "--json").stdout)
    name = sandbox.ipaas.data.companies[sandbox.ipaas.data.company_id]
    assert (first["kept_session"], second["kept_session"]) == (False, True)
    assert first["company"] == second["company"] == name
    assert calls(sandbox) == Counter(login=1, companies=1, change_company=1)
