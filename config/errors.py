"""Errors of the configuration model. Each message says what went wrong and what to do."""

from __future__ import annotations


class ConfigError(Exception):
    """Base class: anything a person must fix in their configuration."""


class ProfilesFileError(ConfigError):
    """profiles.toml cannot be read or has a wrong value; the file is left untouched."""


class ProfileNotFoundError(ConfigError):
    """A profile was named that the file does not have."""


class ConcurrentEditError(ConfigError):
    """profiles.toml changed on disk since it was read; saving would lose someone's edit."""


class SecretStorageError(ConfigError):
    """The keyring (or the explicit file fallback) cannot store or read a secret."""


class TemplateError(ConfigError):
    """An OAuth URL template cannot be rendered or edited."""


class ProfileValueError(ConfigError, ValueError):
    """A key or value a profile cannot have; `key` names it (None for the profile name)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
