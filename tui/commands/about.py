"""`ipaas-auth --version`: this program's version, Python's, Textual's, and the secret store."""

from __future__ import annotations

import platform
from importlib import metadata


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def secret_store() -> str:
    """Where secrets would go with the current profiles.toml, without touching a secret."""
    from config.errors import ConfigError
    from config.paths import profiles_path, secrets_file_path
    from config.profiles import ProfileStore

    try:
        store = ProfileStore(profiles_path())
        storage = store.load().secret_storage
    except ConfigError as exc:
        return f"unknown ({exc})"
    if storage == "file":
        return f"file {secrets_file_path()}"
    from config.secrets import KeyringSecrets

    return KeyringSecrets().describe()


def version_text() -> str:
    return "\n".join(
        [
            f"ipaas-auth {_version('ipaas-auth')}",
            f"Python {platform.python_version()}",
            f"Textual {_version('textual')}",
            f"Secret store: {secret_store()}",
        ]
    )
