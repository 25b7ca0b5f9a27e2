"""Errors of the application layer that a command maps to its own exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.clients.errors import ApiError

if TYPE_CHECKING:  # the models (dataclasses, ~6 ms) load after the first frame
    from tui.clients.models import Company


class LoginNeededError(ApiError):
    """No log-in is stored (or the consent was never given): a person has to act."""


class CancelledByUserError(ApiError):
    """The person closed a dialog the start-up asked with; the console says the way back."""


class LoginCancelledError(CancelledByUserError):
    """The person closed the log-in dialog."""


class CompanyNotChosenError(CancelledByUserError):
    """The person closed the company picker."""


class ConsentNeededError(LoginNeededError):
    """The subscription has no tokens yet: authenticate it first."""


class ChoiceNeededError(ApiError):
    """A name or a login matched several things; `candidates` lists them, one a line.

    `lines` keeps the headline and each candidate apart, so a printer can escape each line
    (a newline inside a server's name included) and still break between them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.headline = message
        self.candidates = candidates

    @property
    def lines(self) -> list[str]:
        return [self.headline, *(f"  {candidate}" for candidate in self.candidates)]

    def __str__(self) -> str:
        return "\n".join(self.lines)


class CompanyNeededError(ChoiceNeededError):
    """The log-in worked but belongs to several companies and the profile names none: the
    person chooses one (company_id), as a log-in is needed (exit 3)."""

    def __init__(self, message: str, companies: list[Company]) -> None:
        super().__init__(message, [f"{c.id}  {c.name}" for c in companies])
        self.companies = companies


class NotConnectedError(ApiError):
    """The console's last attempt to connect failed; `failure` is why (the console words it
    with the way out, tui/screens/start_failure.py)."""

    def __init__(self, failure: Exception) -> None:
        super().__init__(str(failure))
        self.failure = failure
