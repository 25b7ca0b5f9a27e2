"""Secrets in the OS keyring, with a timeout on every call, or (explicitly) in a private file
(mode 0600; on Windows, the user profile's permissions).

A locked Secret Service over SSH can wait forever for a GUI prompt nobody answers, so each
keyring call runs in a daemon thread and is abandoned after `timeout` seconds.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from config.atomic import locked, private_file, write_atomic
from config.bounded import decode_text, read_file, size_text
from config.errors import SecretStorageError
from config.paths import SECRETS_MAX_BYTES

SERVICE = "ipaas-auth"
KEYRING_TIMEOUT = 3.0

# Names of the secrets kept per profile. Tokens are kept per subscription: `tokens_key(id)`.
IPAAS_PASSWORD = "ipaas_password"
IPAAS_API_KEY = "ipaas_api_key"
# iPaaS.com's company session kept between runs (tui/core/kept_session.py): a JSON document with
# the company token, its refresh token, expiry and company. Here, with the password: never TOML.
IPAAS_SESSION = "ipaas_session"
ZOHO_CLIENT_SECRET = "zoho_client_secret"

T = TypeVar("T")

FILE_STORAGE_WARNING = (
    'Secrets are stored UNENCRYPTED in {path} (secret_storage = "file" in profiles.toml). '
    "Remove that line to use the OS keyring."
)


def tokens_key(subscription_id: str) -> str:
    """The secret name holding a subscription's Zoho tokens (a JSON document)."""
    return f"zoho_tokens:{subscription_id}"


class SecretStore(Protocol):
    def get(self, profile: str, name: str) -> str | None: ...
    def set(self, profile: str, name: str, value: str) -> None: ...
    def delete(self, profile: str, name: str) -> None: ...


def _account(profile: str, name: str) -> str:
    return f"{profile}:{name}"


class KeyringSecrets:
    """The OS keyring through the `keyring` library (PYTHON_KEYRING_BACKEND is honoured)."""

    def __init__(self, timeout: float = KEYRING_TIMEOUT) -> None:
        self.timeout = timeout

    def describe(self) -> str:
        """Which keyring answers, in words; keyring's `fail` backend means there is none."""
        import keyring

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if type(backend).__module__ == "keyring.backends.fail":
            return (
                f"no usable keyring ({name}): set IPAAS_AUTH_PASSWORD or IPAAS_AUTH_API_KEY, "
                'or secret_storage = "file" in profiles.toml'
            )
        return f"the OS keyring ({name})"

    def get(self, profile: str, name: str) -> str | None:
        import keyring

        return self._call(lambda: keyring.get_password(SERVICE, _account(profile, name)))

    def set(self, profile: str, name: str, value: str) -> None:
        import keyring

        self._call(lambda: keyring.set_password(SERVICE, _account(profile, name), value))

    def delete(self, profile: str, name: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        def delete() -> None:
            with contextlib.suppress(PasswordDeleteError):  # absent already: idempotent
                keyring.delete_password(SERVICE, _account(profile, name))

        self._call(delete)

    def _call(self, operation: Callable[[], T]) -> T:
        outcome: list[T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                outcome.append(operation())
            except BaseException as exc:  # re-raised in the caller's thread below
                failure.append(exc)

        worker = threading.Thread(target=run, name="ipaas-auth-keyring", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise SecretStorageError(
                f"The OS keyring did not answer within {self.timeout:g} s (it may be locked and "
                "waiting for a password prompt on another screen). Unlock it (for example "
                '`gnome-keyring-daemon --unlock`), or set secret_storage = "file" in '
                f"profiles.toml to keep secrets unencrypted in {private_file()}.",
                f"the OS keyring did not answer within {self.timeout:g} s",
            )
        if failure:
            raise _translate(failure[0]) from failure[0]
        return outcome[0]


def _translate(exc: BaseException) -> BaseException:
    from keyring.errors import KeyringError, NoKeyringError

    if isinstance(exc, NoKeyringError):
        return SecretStorageError(
            "No usable OS keyring was found (common over SSH or in containers). Install and "
            "unlock one (Secret Service, KWallet, macOS Keychain, Windows Credential Locker), "
            'choose one with PYTHON_KEYRING_BACKEND, or set secret_storage = "file" in '
            f"profiles.toml to keep secrets unencrypted in {private_file()}.",
            "no usable OS keyring was found (common over SSH or in containers)",
        )
    if isinstance(exc, KeyringError):
        return SecretStorageError(
            f"The OS keyring refused: {exc}. Unlock it and try again, or set "
            'secret_storage = "file" in profiles.toml.',
            f"the OS keyring refused ({exc})",
        )
    if isinstance(exc, Exception):  # a backend's own error, e.g. pywintypes.error on Windows
        # when a value is longer than Credential Manager holds (2,560 bytes)
        failure = f"{type(exc).__name__}: {exc}"
        return SecretStorageError(
            f"The OS keyring failed ({failure}). A value may be too long for it (Windows "
            'Credential Manager holds 2,560 bytes); set secret_storage = "file" in '
            "profiles.toml to keep secrets in a private file instead.",
            f"the OS keyring failed ({failure})",
        )
    return exc


class FileSecrets:
    """Secrets in a JSON file only the user can read (mode 0600; on Windows the profile's
    permissions): the fallback a user turns on explicitly."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def warning(self) -> str:
        return FILE_STORAGE_WARNING.format(path=self.path)

    def get(self, profile: str, name: str) -> str | None:
        return self._read().get(_account(profile, name))

    def set(self, profile: str, name: str, value: str) -> None:
        with locked(self.path, SecretStorageError):
            data = self._read()
            data[_account(profile, name)] = value
            self._write(data)

    def delete(self, profile: str, name: str) -> None:
        with locked(self.path, SecretStorageError):
            data = self._read()
            if data.pop(_account(profile, name), None) is not None:
                self._write(data)

    def _read(self) -> dict[str, str]:
        try:
            raw = read_file(self.path, SECRETS_MAX_BYTES, error=SecretStorageError)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise SecretStorageError(f"Cannot read {self.path}: {exc.strerror}.") from exc
        try:
            data = json.loads(decode_text(raw, str(self.path), error=SecretStorageError))
        except json.JSONDecodeError as exc:
            raise SecretStorageError(
                f"{self.path} is not valid JSON (line {exc.lineno}); fix or delete it."
            ) from exc
        except RecursionError:
            raise SecretStorageError(
                f"{self.path} nests too deeply to be ours (a JSON object of strings); fix or "
                "delete it."
            ) from None
        if not isinstance(data, dict):
            raise SecretStorageError(f"{self.path} must hold a JSON object; fix or delete it.")
        return {str(k): str(v) for k, v in data.items()}

    def _write(self, data: dict[str, str]) -> None:
        raw = json.dumps(data, indent=2, sort_keys=True).encode("utf-8")
        if len(raw) > SECRETS_MAX_BYTES:  # never write what the next read would refuse
            raise SecretStorageError(
                f"{self.path} would grow past {size_text(SECRETS_MAX_BYTES)}, more than "
                "ipaas-auth reads back; nothing was stored. Log out of profiles you no longer "
                "use (`ipaas-auth logout NAME`)."
            )
        write_atomic(self.path, raw)


def open_secret_store(storage: str, file_path: Path) -> KeyringSecrets | FileSecrets:
    """The store named by profiles.toml's `secret_storage`."""
    return FileSecrets(file_path) if storage == "file" else KeyringSecrets()


class MemorySecrets:
    """Secrets for this process only."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, profile: str, name: str) -> str | None:
        return self._values.get(_account(profile, name))

    def set(self, profile: str, name: str, value: str) -> None:
        self._values[_account(profile, name)] = value

    def delete(self, profile: str, name: str) -> None:
        self._values.pop(_account(profile, name), None)


class SandboxSecrets:
    """For sandbox profiles, whose secrets are demo values: the OS keyring when it works,
    otherwise memory, so a first try on a machine without a keyring is not an error."""

    def __init__(self, primary: SecretStore) -> None:
        self.primary = primary
        self.memory = MemorySecrets()
        self.degraded: str | None = None  # why memory is used, once it is (one sentence)
        self.failure: SecretStorageError | None = None  # what the primary store raised

    def get(self, profile: str, name: str) -> str | None:
        return self._call(lambda store: store.get(profile, name))

    def set(self, profile: str, name: str, value: str) -> None:
        self._call(lambda store: store.set(profile, name, value))

    def delete(self, profile: str, name: str) -> None:
        self._call(lambda store: store.delete(profile, name))

    def _call(self, operation: Callable[[SecretStore], T]) -> T:
        if self.degraded is None:
            try:
                return operation(self.primary)
            except SecretStorageError as exc:
                self.failure = exc
                reason = exc.reason[:1].upper() + exc.reason[1:]
                self.degraded = (
                    f"{reason}, so the sandbox's demo secrets are kept in memory until you quit."
                )
        return operation(self.memory)


def memory_fallback(store: SecretStore) -> str | None:
    """Why `store` keeps secrets only in this process's memory (a sandbox profile on a machine
    without a usable keyring), or None when it keeps them where they outlive the process."""
    return store.degraded if isinstance(store, SandboxSecrets) else None


def memory_reason(store: SecretStore) -> str:
    """Why `store` keeps secrets only in memory, in the words of the keyring's failure as it
    was reported (with its fix), or "" when they outlive the process."""
    if not isinstance(store, SandboxSecrets) or not store.degraded:
        return ""
    return str(store.failure) if store.failure else store.degraded


def primary_of(store: SecretStore) -> SecretStore:
    """The store that really keeps secrets: a sandbox profile's is its primary's, memory being
    only a fallback."""
    return store.primary if isinstance(store, SandboxSecrets) else store


def kept_in(store: SecretStore) -> str:
    """Where the store keeps secrets, in words: the keyring, or the file a profile opted in to."""
    primary = primary_of(store)
    if isinstance(primary, FileSecrets):
        return f"the secrets file {primary.path}"
    return "the keyring"
