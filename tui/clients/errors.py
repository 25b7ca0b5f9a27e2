"""Typed errors of the clients. Each message says what happened and what to do next."""

from __future__ import annotations


class ApiError(Exception):
    """Base class for every failure talking to iPaaS.com or Zoho."""


class UnreachableError(ApiError):
    """No answer: DNS, refused connection, timeout."""


class CertificateSetupError(UnreachableError):
    """The certificates to verify TLS with cannot be loaded (a bad SSL_CERT_FILE)."""


class BadCredentialsError(ApiError):
    """The email/password or API key was refused."""


class SessionExpiredError(ApiError):
    """The session could not be refreshed; the user must log in again."""


class NoPermissionError(ApiError):
    """A 401 that survived a successful refresh: iPaaS.com's answer when the user has no access
    to this company or endpoint (DevelopmentUtility `Utilities/iPaaSCallWrapper.cs`), not an
    expired session. The session is kept; `call` names the refused request
    ("GET /path (what it does)")."""

    def __init__(self, message: str, call: str = "") -> None:
        super().__init__(message)
        self.call = call


class ApiKeyRefusedError(NoPermissionError):
    """A 401 to an API key, which cannot be refreshed: the key is expired or revoked, or has
    no access to this call. iPaaS.com's answer does not say which."""


class PermissionDeniedError(ApiError):
    """403: the user may not do this (only a MiSP or Integrator may change a version)."""


class NotFoundError(ApiError):
    """404: the thing asked for does not exist (or is in another company)."""


class ServerError(ApiError):
    """An unexpected status or body from the server."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ResponseTooLargeError(ServerError):
    """An answer over our body cap: never read whole, so it cannot exhaust memory."""


class UnexpectedShapeError(ServerError):
    """JSON of a shape we cannot use (a list where an object belongs, a missing id, …)."""


class VersionConflictError(ApiError):
    """The version changed on the server since it was loaded; nothing was written."""

    def __init__(self, message: str, differences: list[str]) -> None:
        super().__init__(message)
        self.differences = differences


class ZohoError(ApiError):
    """Zoho refused a token request (`code` is Zoho's error string)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class ZohoThrottledError(ZohoError):
    """Zoho's "too many requests" answer: wait, do not retry now."""


class RouteNotFoundError(ServerError):
    """Every candidate path of an endpoint answered "no such route" (404 empty, or 405).

    `endpoint` names the endpoint, `tried` lists (path, status) of every candidate, and `hint`
    is the profiles.toml override to set (so `doctor` can show them apart)."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        *,
        endpoint: str = "",
        tried: tuple[tuple[str, int], ...] = (),
        hint: str = "",
    ) -> None:
        super().__init__(message, status)
        self.endpoint = endpoint
        self.tried = tried
        self.hint = hint


class NotJournalledError(ApiError):
    """A write that could not be recorded in the change journal first, so it was not sent."""
