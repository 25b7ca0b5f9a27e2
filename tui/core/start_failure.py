"""What the console says when start-up fails: a title naming what happened, and the message
with one way out. The commands have their own wording (tui/commands/failures.py)."""

from __future__ import annotations

from config.errors import (
    ConfigError,
    ProfileNotFoundError,
    ProfilesFileError,
    SecretStorageError,
)
from tui.clients.errors import (
    ApiError,
    BadCredentialsError,
    NoPermissionError,
    UnreachableError,
)
from tui.core.errors import CancelledByUserError

RETRY = "Press r to retry."


def start_failure(exc: ConfigError | ApiError) -> tuple[str, str]:
    """(title, message) for a failed start-up."""
    text = str(exc).rstrip()
    if isinstance(exc, CancelledByUserError):
        return "Not connected", text  # says the way back already
    if isinstance(exc, ProfilesFileError):
        return "profiles.toml has an error", f"{text} Then press r to retry."
    if isinstance(exc, ProfileNotFoundError):
        return "No such profile", f"{text} Or press o to choose one."
    if isinstance(exc, SecretStorageError):
        return "Keyring problem", f"{text} {RETRY}"
    if isinstance(exc, ConfigError):
        return "Configuration error", f"{text} {RETRY}"
    if isinstance(exc, BadCredentialsError):
        return "Log-in refused", f"{text} Press r to log in again."
    if isinstance(exc, NoPermissionError):  # the log-in stands: r tries again without it
        return "No permission", f"{text} {RETRY}"
    if isinstance(exc, UnreachableError):
        return "Cannot reach iPaaS.com", f"{text} Press r to retry, or o to check the profile."
    return "Cannot connect", f"{text} {RETRY}"
