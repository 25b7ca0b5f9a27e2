"""CI without a keyring: IPAAS_AUTH_PASSWORD / IPAAS_AUTH_API_KEY log in and are never stored."""

from __future__ import annotations

import pytest
from keyring.backends import fail

from config.profile import Profile
from config.secrets import SecretStore
from tests.console import staging_profile_toml, wait_loaded, write_profiles
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.connection import Credentials
from tui.core.session import stored_credentials
from tui.sandbox import SandboxServer, demo


class ForbiddenSecrets:
    """A store that fails the test if it is touched at all."""

    def get(self, profile: str, name: str) -> str | None:
        raise AssertionError(f"keyring read: {name}")

    def set(self, profile: str, name: str, value: str) -> None:
        raise AssertionError(f"keyring write: {name}")

    def delete(self, profile: str, name: str) -> None:
        raise AssertionError(f"keyring delete: {name}")


PROFILE = Profile(name="acme", environment="staging", email="me@example.com")


def test_the_environment_wins_and_the_keyring_is_not_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store: SecretStore = ForbiddenSecrets()
    monkeypatch.setenv("IPAAS_AUTH_PASSWORD", "from-ci")
    assert stored_credentials(PROFILE, store) == Credentials("me@example.com", password="from-ci")
    monkeypatch.setenv("IPAAS_AUTH_API_KEY", "key-from-ci")
    expected = Credentials("me@example.com", api_key="key-from-ci")
    assert stored_credentials(PROFILE, store) == expected


def test_a_password_without_an_email_falls_back_to_the_keyring(
    monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    from config.secrets import KeyringSecrets

    monkeypatch.setenv("IPAAS_AUTH_PASSWORD", "from-ci")
    assert stored_credentials(Profile(name="acme", environment="staging"), KeyringSecrets()) is None


@pytest.mark.parametrize("keyring_works", [False, True])
async def test_the_console_logs_in_from_the_environment_and_stores_nothing(
    keyring_works: bool,
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    import keyring

    write_profiles(staging_profile_toml(sandbox))
    monkeypatch.setenv("IPAAS_AUTH_PASSWORD", demo.IPAAS_PASSWORD)
    if not keyring_works:
        keyring.set_keyring(fail.Keyring())  # no keyring at all, as in CI
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)  # no log-in dialog: connected with the variable
        assert app.connection.is_connected
    assert memory_keyring.entries == {}  # a working keyring was offered nothing
