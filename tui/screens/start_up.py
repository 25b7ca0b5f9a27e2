"""What the console says of its connection: a failed start-up's title and message with one
way out (the keys to press), the first run's note, and the title bar's profile and company.
The layer below reports what happened as data (tui/core/connection_state.py); the commands
have their own wording (tui/commands/failures.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from tui.core.errors import CompanyNotChosenError, LoginCancelledError, NotConnectedError
from tui.widgets.plain import printable

if TYPE_CHECKING:
    from tui.core.session import Session

RETRY = "Press r to retry."
# The first line is the headline a small screen shows alone.
BUILT_IN_SANDBOX = (
    "Demo data: this is the built-in SANDBOX, nothing real.\nNo profiles yet. Press o to add a "
    "real profile, or run `ipaas-auth profiles set NAME environment=production email=…`."
)


# Each failure's title and way out, the first class that matches winning (a subclass before
# its base: SecretStorageError is a ConfigError, the others ApiErrors).
WAYS_OUT: tuple[tuple[type[Exception], str, str], ...] = (
    (LoginCancelledError, "Not connected", "Press r to log in."),
    (CompanyNotChosenError, "Not connected", "Press r to choose one."),
    (ProfilesFileError, "profiles.toml has an error", "Then press r to retry."),
    (ProfileNotFoundError, "No such profile", "Or press o to choose one."),
    (SecretStorageError, "Keyring problem", RETRY),
    (ConfigError, "Configuration error", RETRY),
    (BadCredentialsError, "Log-in refused", "Press r to log in again."),
    (NoPermissionError, "No permission", RETRY),  # the log-in stands: r tries without it
    (UnreachableError, "Cannot reach iPaaS.com", "Press r to retry, or o to check the profile."),
    (ApiError, "Cannot connect", RETRY),
)


def start_failure(exc: Exception) -> tuple[str, str]:
    """(title, message) for a failed start-up."""
    if isinstance(exc, NotConnectedError):
        exc = exc.failure
    text = str(exc).rstrip()
    for kind, title, way_out in WAYS_OUT:
        if isinstance(exc, kind):
            return title, f"{text} {way_out}"
    return "Unexpected error", (
        f"{type(exc).__name__}: {text}. {RETRY} If it happens again, please report it with "
        "what you were doing."
    )


def failure_text(exc: Exception) -> str:
    """The message alone, for a status line (the toast has the title)."""
    return start_failure(exc)[1]


def opening_notes(session: Session) -> list[tuple[str, str]]:
    """(severity, text) the console adds to a session's notes when it opens: on a first run
    (the built-in sandbox, no profiles yet), what this is and how to add a real profile."""
    first_run = session.profile.environment == "sandbox" and not session.profiles.profiles
    return [("information", BUILT_IN_SANDBOX)] if first_run else []


def connection_title(session: Session) -> str:
    """The title bar's profile (with a note when profiles.toml changed it meanwhile), its
    environment, and the company once known."""
    note = session.profile_on_disk
    parts = [session.profile.name + (f" ({note})" if note else ""), session.profile.environment]
    if session.company is not None:  # unknown when the profile names it (company_id)
        parts.append(session.company.name)
    return printable(" · ".join(parts))
