"""Every iPaaS.com endpoint the console calls, in one table, and a profile's overrides of it.

`documented` endpoints are seen in iPaaS.com's public help centre or its own public code;
`assumed` ones are our best guess (../shared/docs/ipaas-api.md). An endpoint may list several
candidate paths, tried in order while the server says the route does not exist (404/405 before
acting). A profile can replace any endpoint with `[profiles.NAME.endpoints]` in profiles.toml,
so a wrong guess is fixed by the user without waiting for a release.

The client and the sandbox both read this table, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from config.urls import path_problem

Method = Literal["GET", "POST", "PUT", "PATCH"]
METHODS: tuple[Method, ...] = ("GET", "POST", "PUT", "PATCH")
WRITE_METHODS: tuple[Method, ...] = ("POST", "PUT", "PATCH")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class EndpointOverrideError(ValueError):
    """An override in profiles.toml that cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: Method
    paths: tuple[str, ...]  # candidates, the first preferred
    status: Literal["documented", "assumed", "override"]
    about: str
    # The path's placeholders whose value the request body carries too (a write's `id`), so
    # an override may leave them out of the path.
    body_ids: frozenset[str] = frozenset()

    @property
    def path(self) -> str:
        return self.paths[0]

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER.findall(self.path))

    @property
    def is_write(self) -> bool:
        return self.method != "GET"

    def spec(self, path: str | None = None) -> str:
        """`METHOD /path`, the form an override is written in."""
        return f"{self.method} {path or self.path}"


def _endpoint(
    name: str,
    method: Method,
    status: Literal["documented", "assumed"],
    about: str,
    *paths: str,
    body_ids: frozenset[str] = frozenset(),
) -> Endpoint:
    return Endpoint(name, method, paths, status, about, body_ids)


BUILT_IN: tuple[Endpoint, ...] = (
    _endpoint("login", "POST", "documented", "log in", "/sso/v2/Auth/Login"),
    # Documented (DevelopmentUtility `iPaaSCallWrapper.RefreshToken`, `RefreshRequest`): body
    # {access_token, refresh_token}, answer in the log-in's shape. Its use on a company token is
    # theirs too (`iPaaSApiCall.ValidateFullToken`); that the new token keeps the company is
    # assumed from it, and a refused one is answered by one log-in again (tui/core/log_in.py).
    _endpoint("refresh", "POST", "documented", "refresh the session", "/sso/v2/Auth/Refresh"),
    _endpoint(
        "companies", "GET", "documented", "the user's companies", "/sso/v2/User/{user_id}/Companies"
    ),
    _endpoint(
        "change_company",
        "GET",
        "documented",
        "a token for one company",
        "/sso/v2/User/ChangeCompany/{company_id}",
    ),
    _endpoint(
        "integrations",
        "GET",
        "documented",
        "list integrations",
        "/subscriptions/v2/Lookup/Integration",
    ),
    # Documented: iPaaS.Integration.Template reads it under the Subscriptions API base
    # (Integration_GetByIdAsync; model SystemTypeResponse). Its versions carry no OAuth fields
    # and no authorization type, and custom_fields as {key: value}: it is the fallback for
    # editing, never the source of those fields.
    _endpoint(
        "integration",
        "GET",
        "documented",
        "one integration with its versions (without their OAuth fields)",
        "/subscriptions/v2/Integration/{integration_id}",
    ),
    # Assumed: the integrators side's read, in the shape of DevelopmentUtility's VersionResponse
    # (OAuth fields, custom_fields as a list) and the integration's authorization type. The
    # route is not public; it is the path the client used before the Template showed the
    # /subscriptions read. Tried first for editing; a missing route falls back to `integration`.
    _endpoint(
        "integration_edit",
        "GET",
        "assumed",
        "one integration with its authorization type and full versions, for editing",
        "/integrators/v2/Integration/{integration_id}",
    ),
    _endpoint(
        "update_integration",
        "PUT",
        "assumed",
        "save the authorization type",
        "/integrators/v2/Integration/{integration_id}",
        body_ids=frozenset({"integration_id"}),  # the integration as read: its `id`
    ),
    _endpoint(
        "update_version",
        "PUT",
        "assumed",
        "save a version's template and custom fields",
        "/integrators/v2/Integration/{integration_id}/Version/{version_id}",
        # VersionRequest: `id` is the version's, `parent_id` the integration's.
        body_ids=frozenset({"integration_id", "version_id"}),
    ),
    _endpoint(
        "subscriptions",
        "GET",
        "documented",
        "list subscriptions",
        "/subscriptions/v2/Subscriptions",
    ),
    _endpoint(
        "subscription",
        "GET",
        "documented",
        "one subscription with settings and persistent data",
        "/subscriptions/v2/Subscription/{subscription_id}",
    ),
    _endpoint(
        "update_subscription",
        "PUT",
        "assumed",
        "save a subscription's settings",
        "/subscriptions/v2/Subscription/{subscription_id}",
        body_ids=frozenset({"subscription_id"}),  # the client sends its `id`
    ),
    _endpoint(
        "persistent_data",
        "POST",
        "documented",
        "write tokens to the subscription's persistent data",
        "/subscriptions/v2/Subscription/PersistentData/{subscription_id}",
    ),
)
BY_NAME: dict[str, Endpoint] = {e.name: e for e in BUILT_IN}


@dataclass(frozen=True)
class EndpointTable:
    """The built-in table with a profile's overrides applied."""

    overrides: Mapping[str, Endpoint]

    def __getitem__(self, name: str) -> Endpoint:
        return self.overrides.get(name) or BY_NAME[name]

    def __iter__(self) -> Iterator[Endpoint]:
        return (self[e.name] for e in BUILT_IN)

    def override_hint(self, name: str) -> str:
        """The profiles.toml lines that replace endpoint `name` (for error messages)."""
        return f'[profiles.<name>.endpoints]\n{name} = "{BY_NAME[name].spec()}"'


DEFAULT_TABLE = EndpointTable({})


def parse_override(name: str, text: object) -> Endpoint:
    """One `name = "METHOD /path/{placeholder}"` line, checked against the built-in endpoint.

    A read keeps its method and its placeholders. A write may use POST, PUT or PATCH, and may
    leave out of the path a placeholder whose value its body carries (`body_ids`); a
    placeholder the built-in endpoint does not have is always an error (nothing could fill it).
    """
    built_in = BY_NAME.get(name)
    if built_in is None:
        raise EndpointOverrideError(
            f"endpoint {name!r} is unknown; the endpoints are: {', '.join(BY_NAME)} "
            "(see `ipaas-auth profiles keys`)."
        )
    if not isinstance(text, str):
        raise EndpointOverrideError(
            f'endpoints.{name} must be a string such as "{built_in.spec()}", not {text!r}.'
        )
    method_text, _, path = text.strip().partition(" ")
    method = method_text.upper()
    path = path.strip()
    allowed = WRITE_METHODS if built_in.is_write else (built_in.method,)
    if method not in allowed:
        raise EndpointOverrideError(
            f"endpoints.{name} must use {' or '.join(allowed)} (it is {built_in.method} "
            f'{built_in.path} built in), e.g. "{built_in.spec()}".'
        )
    problem = path_problem(path)
    if problem:
        raise EndpointOverrideError(
            f'endpoints.{name}: {path!r} {problem}; for example "{built_in.spec()}".'
        )
    _check_placeholders(built_in, frozenset(_PLACEHOLDER.findall(path)))
    return Endpoint(name, _method(method), (path,), "override", built_in.about, built_in.body_ids)


def _method(text: str) -> Method:
    return next(m for m in METHODS if m == text)


def _names(placeholders: frozenset[str]) -> str:
    return ", ".join(f"{{{p}}}" for p in sorted(placeholders)) or "none"


def _check_placeholders(built_in: Endpoint, found: frozenset[str]) -> None:
    name, expected = built_in.name, built_in.placeholders
    unknown = found - expected
    if unknown:
        raise EndpointOverrideError(
            f"endpoints.{name}: nothing fills {_names(unknown)}; the path may use "
            f'{_names(expected)}, as "{built_in.spec()}" does.'
        )
    missing = expected - found - built_in.body_ids
    if missing and not built_in.is_write:
        raise EndpointOverrideError(
            f"endpoints.{name}: the path must use exactly the placeholders {_names(expected)}, "
            f'as "{built_in.spec()}" does.'
        )
    if missing:
        carried = (
            f"its body carries only {_names(built_in.body_ids)}"
            if built_in.body_ids
            else "its body cannot carry an id"
        )
        raise EndpointOverrideError(
            f"endpoints.{name}: the path must use {_names(missing)} ({carried}), as "
            f'"{built_in.spec()}" does.'
        )


def parse_overrides(values: object) -> EndpointTable:
    """A profile's `endpoints` table, every line validated."""
    if not isinstance(values, Mapping):
        raise EndpointOverrideError(
            'endpoints must be a table of NAME = "METHOD /path" lines '
            "([profiles.<name>.endpoints])."
        )
    return EndpointTable({str(k): parse_override(str(k), v) for k, v in values.items()})
