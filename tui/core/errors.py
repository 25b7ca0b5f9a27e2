"""Errors of the application layer that a command maps to its own exit code."""

from __future__ import annotations

from tui.clients.errors import ApiError


class LoginNeededError(ApiError):
    """No log-in is stored (or the consent was never given): a person has to act."""


class CancelledByUserError(ApiError):
    """The person closed the log-in dialog or the company picker: the message is complete
    (what happened and the way back)."""


class ConsentNeededError(LoginNeededError):
    """The subscription has no tokens yet: authenticate it first."""


class ChoiceNeededError(ApiError):
    """A name or a login matched several things; `candidates` lists them, one a line."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates

    def __str__(self) -> str:
        return "\n  ".join([super().__str__(), *self.candidates])


class NotConnectedError(ApiError):
    """Start-up failed; the message says what happened and the way out (shown as it is)."""
