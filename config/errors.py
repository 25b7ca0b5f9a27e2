"""Errors of the configuration model. Each message says what went wrong and what to do."""

from __future__ import annotations

import errno
from pathlib import Path


class ConfigError(Exception):
    """Base class: anything a person must fix in their configuration."""


class ProfilesFileError(ConfigError):
    """profiles.toml cannot be read or has a wrong value; the file is left untouched."""


class ProfileNotFoundError(ConfigError):
    """A profile was named that the file does not have."""


class ConcurrentEditError(ConfigError):
    """profiles.toml changed on disk since it was read; saving would lose someone's edit."""


class SecretStorageError(ConfigError):
    """The keyring (or the explicit file fallback) cannot store or read a secret. `reason` is
    what went wrong alone (no advice, no final full stop), for a sentence that goes on."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message.rstrip(".")


class TemplateError(ConfigError):
    """An OAuth URL template cannot be rendered or edited."""


class ProfileValueError(ConfigError, ValueError):
    """A key or value a profile cannot have; `key` names it (None for the profile name)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


class FileWriteError(ConfigError):
    """A file of ours could not be written; it was left as it was, with no temporary file.
    `message` replaces the usual one where the cause needs its own words (a lock)."""

    def __init__(self, path: Path, exc: OSError, message: str | None = None) -> None:
        super().__init__(
            message or f"Cannot write {path}: {describe_os_error(exc)}. Nothing was changed."
        )
        self.path = path
        self.os_error = exc


def describe_os_error(exc: OSError) -> str:
    """What an OS error means for a file we write, and what to do about it."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (or over quota); free some space and try again"
    if code == errno.EFBIG:
        return "the file is larger than this system allows (a file-size limit or a full disk)"
    if code == errno.EROFS:
        return "the file system is read-only; set IPAAS_AUTH_HOME to a writable directory"
    if code in (errno.EACCES, errno.EPERM):
        return (
            "permission denied; check the owner, mode and attributes of the file and its "
            "directory, or set IPAAS_AUTH_HOME to a writable directory"
        )
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "a part of its path is not a directory; fix the path or set IPAAS_AUTH_HOME"
    return f"{exc.strerror or exc}; fix that and try again"
