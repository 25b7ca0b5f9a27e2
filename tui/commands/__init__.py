"""Sub-commands of the `ipaas-auth` command line, one module each.

Exit codes (part of the interface, documented in the README): 0 ok, 1 failure, 2 usage error,
3 a log-in, a company choice or consent is needed, 4 a conflict with a change made on iPaaS.com,
5 iPaaS.com refused a call for lack of permission (a 401 that survived a refresh: the user needs
the Integrator or MiSP designation for the company), or refused the API key for it.
"""

from __future__ import annotations

OK, FAILURE, USAGE, LOGIN_NEEDED, CONFLICT, NO_PERMISSION = 0, 1, 2, 3, 4, 5


class CommandError(Exception):
    """A command failed for a reason the user can fix; printed as one line on stderr."""


class UsageError(CommandError):
    """The command was called wrongly (exit 2)."""


def exit_code_for(error: BaseException) -> int:
    """The exit code a failure maps to."""
    from tui.clients.errors import NoPermissionError, VersionConflictError
    from tui.core.errors import CompanyNeededError, LoginNeededError

    if isinstance(error, UsageError):
        return USAGE
    if isinstance(error, LoginNeededError | CompanyNeededError):
        return LOGIN_NEEDED
    if isinstance(error, VersionConflictError):
        return CONFLICT
    if isinstance(error, NoPermissionError):
        return NO_PERMISSION
    return FAILURE
