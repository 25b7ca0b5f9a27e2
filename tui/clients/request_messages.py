"""What the iPaaS.com client says when a request fails: a wait that ran out, a 401 that a
fresh session did not cure, a refused API key. Each says what happened and what to do."""

from __future__ import annotations

import httpx

from tui.clients.responses import reason, server_message


def waited(exc: Exception, attempts: int, seconds: float) -> str:
    """Why the last attempt failed; a timeout is said as the whole wait (the deadline, when
    it was reached), every attempt in."""
    tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
    if isinstance(exc, httpx.TimeoutException):
        waited = f"{seconds:.0f}" if seconds >= 10 else f"{seconds:.2g}"
        return f"no complete answer within {waited} s, {tries}"
    return f"{reason(exc)}; {tries}" if attempts > 1 else reason(exc)


def no_permission(call: str, response: httpx.Response) -> str:
    detail = server_message(response)
    return (
        f"iPaaS.com refused {call} with HTTP 401"
        + (f" ({detail})" if detail else "")
        + " although the session was just refreshed: your user has no access to this in this "
        "company. "
        "It needs the Integrator (or MiSP) designation for the company: in the portal choose "
        "View as Integrator, or ask the company's admin to grant it. You are still logged in."
    )


def key_refused(call: str, response: httpx.Response) -> str:
    detail = server_message(response)
    return (
        f"iPaaS.com refused the API key for {call}"
        + (f": {detail}" if detail else "")
        + ". The key may be expired or revoked, or have no access to this (a key belongs to "
        "the company it was created in, with its user's rights); create a new one in "
        "User/Role Management > API Keys, or ask the company's admin for access."
    )
