from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from config.errors import SecretStorageError
from config.paths import profiles_path, secrets_file_path
from config.profiles import ProfileStore
from config.secrets import (
    IPAAS_PASSWORD,
    SERVICE,
    FileSecrets,
    KeyringSecrets,
    open_secret_store,
    tokens_key,
)
from tests.memory_keyring import MemoryKeyring
from tests.probe import probe_output


def test_keyring_round_trip_uses_service_and_profile(memory_keyring: MemoryKeyring) -> None:
    store = KeyringSecrets()
    store.set("acme", IPAAS_PASSWORD, "hunter2")
    assert memory_keyring.entries == {(SERVICE, "acme:ipaas_password"): "hunter2"}
    assert store.get("acme", IPAAS_PASSWORD) == "hunter2"
    assert store.get("other", IPAAS_PASSWORD) is None
    store.delete("acme", IPAAS_PASSWORD)
    store.delete("acme", IPAAS_PASSWORD)  # idempotent
    assert store.get("acme", IPAAS_PASSWORD) is None


class CredentialManagerKeyring(KeyringBackend):
    """Windows' Credential Manager refusing a value over 2,560 bytes with its own error type
    (pywintypes.error, not a KeyringError)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password.encode("utf-16-le")) > 2560:
            raise OSError(1783, "CredWrite", "The stub received bad data.")

    def delete_password(self, service: str, username: str) -> None:
        return None


def test_a_backends_own_error_is_a_secret_storage_error_naming_the_file_store() -> None:
    keyring.set_keyring(CredentialManagerKeyring())  # the memory_keyring fixture puts its own back
    store = KeyringSecrets()
    store.set("acme", IPAAS_PASSWORD, "short")
    with pytest.raises(
        SecretStorageError, match=r"OSError.*2,560 bytes.*secret_storage = \"file\""
    ):
        store.set("acme", "company_session", "x" * 2000)


class HangingKeyring(KeyringBackend):
    """A Secret Service waiting for an unlock prompt nobody answers."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(30)


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()


def test_keyring_timeout_is_a_typed_error(hanging_keyring: HangingKeyring) -> None:
    with pytest.raises(SecretStorageError, match=r"did not answer within 0\.2 s.*secret_storage"):
        KeyringSecrets(timeout=0.2).get("acme", IPAAS_PASSWORD)


def test_no_keyring_backend_says_what_to_do() -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SecretStorageError, match=r"No usable OS keyring.*PYTHON_KEYRING_BACKEND"):
        KeyringSecrets().set("acme", IPAAS_PASSWORD, "x")


def test_python_keyring_backend_env_is_honoured() -> None:
    code = (
        "from config.secrets import KeyringSecrets\n"
        "from config.errors import SecretStorageError\n"
        "try:\n    KeyringSecrets().get('p', 'x')\n"
        "except SecretStorageError as e:\n    print('typed:', e)\n"
    )
    out = probe_output(code, {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert out.startswith("typed: No usable OS keyring")


def test_file_fallback_is_0600_and_explicit() -> None:
    store = ProfileStore(profiles_path())
    store.upsert("acme", {"environment": "staging"})
    assert isinstance(
        open_secret_store(store.load().secret_storage, secrets_file_path()), KeyringSecrets
    )
    store.set_secret_storage("file")
    secrets = open_secret_store(store.load().secret_storage, secrets_file_path())
    assert isinstance(secrets, FileSecrets)
    secrets.set("acme", tokens_key("sub-1"), '{"refresh_token": "r"}')
    assert secrets.get("acme", tokens_key("sub-1")) == '{"refresh_token": "r"}'
    assert stat.S_IMODE(os.stat(secrets_file_path()).st_mode) == 0o600
    assert "UNENCRYPTED" in secrets.warning()
    secrets.delete("acme", tokens_key("sub-1"))
    assert secrets.get("acme", tokens_key("sub-1")) is None


def test_file_fallback_reports_a_corrupt_file() -> None:
    path = secrets_file_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(SecretStorageError, match=r"not valid JSON.*fix or delete"):
        FileSecrets(path).get("acme", IPAAS_PASSWORD)


def test_no_secret_reaches_profiles_toml(memory_keyring: MemoryKeyring) -> None:
    secrets_written = ["hunter2-password", "1000.secret-client", "1000.access.abc", "1000.ref.xyz"]
    store = ProfileStore(profiles_path())
    store.upsert("acme", {"environment": "staging", "email": "a@example.com"})
    keyring_store = KeyringSecrets()
    for index, value in enumerate(secrets_written):
        keyring_store.set("acme", f"name{index}", value)
    store.upsert("acme", {"company_id": "c-1"})
    text = profiles_path().read_text()
    assert len(memory_keyring.entries) == len(secrets_written)
    for value in secrets_written:
        assert value not in text


def test_sandbox_secrets_fall_back_to_memory_without_a_keyring() -> None:
    from keyring.backends import fail

    from config.secrets import SandboxSecrets

    keyring.set_keyring(fail.Keyring())
    secrets = SandboxSecrets(KeyringSecrets())
    secrets.set("sandbox", tokens_key("s"), "demo-token")
    assert secrets.get("sandbox", tokens_key("s")) == "demo-token"
    assert secrets.degraded is not None and "kept in memory" in secrets.degraded
    secrets.delete("sandbox", tokens_key("s"))
    assert secrets.get("sandbox", tokens_key("s")) is None


def test_sandbox_secrets_use_the_keyring_when_there_is_one(memory_keyring: MemoryKeyring) -> None:
    from config.secrets import SandboxSecrets

    secrets = SandboxSecrets(KeyringSecrets())
    secrets.set("sandbox", tokens_key("s"), "demo-token")
    assert memory_keyring.entries[(SERVICE, "sandbox:zoho_tokens:s")] == "demo-token"
    assert secrets.degraded is None


def test_the_memory_notice_is_one_sentence_with_the_reason_not_nested_in_itself() -> None:
    from keyring.backends import fail

    from config.secrets import SandboxSecrets

    keyring.set_keyring(fail.Keyring())
    secrets = SandboxSecrets(KeyringSecrets())
    secrets.get("sandbox", tokens_key("s"))
    assert secrets.degraded == (
        "No usable OS keyring was found (common over SSH or in containers), so the sandbox's "
        "demo secrets are kept in memory until you quit."
    )
