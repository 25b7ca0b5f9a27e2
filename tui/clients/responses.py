"""Reading iPaaS.com's answers: statuses as typed errors, "no such route", paging headers,
log-in answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx

from config.endpoints import Endpoint, EndpointTable
from tui.clients import shapes as s
from tui.clients.errors import (
    NotFoundError,
    PermissionDeniedError,
    RouteNotFoundError,
    ServerError,
    UnexpectedShapeError,
)


def route_missing(response: httpx.Response) -> bool:
    """Did the server say the ROUTE does not exist (so the next candidate path may be tried)?

    A guess, not documented: ASP.NET Core (what iPaaS.com runs) answers a path that matches no
    route with 404 and an empty body, and a method the route does not take with 405; an
    item that is not found comes back as 404 with a JSON message. So: 405 always, or a 404
    whose body is empty. Any other answer means the route exists and acted (or refused), and
    no other candidate is ever tried after it.
    """
    if response.status_code == 405:
        return True
    return response.status_code == 404 and not response.content.strip()


def no_route_error(
    table: EndpointTable, endpoint: Endpoint, tried: Sequence[tuple[str, int]]
) -> RouteNotFoundError:
    paths = "; ".join(f"{endpoint.method} {path} (HTTP {status})" for path, status in tried)
    return RouteNotFoundError(
        f"iPaaS.com has no route for endpoint {endpoint.name!r} ({endpoint.about}); tried "
        f"{paths}. If iPaaS.com serves it elsewhere, set the path in profiles.toml:\n"
        f"{table.override_hint(endpoint.name)}",
        tried[-1][1] if tried else None,
        endpoint=endpoint.name,
        tried=tuple(tried),
        hint=table.override_hint(endpoint.name),
    )


def total_pages(header: str | None) -> int:
    data = _pagination(header)
    pages = s.opt_int(data, "total_Pages") or s.opt_int(data, "TotalPages") or 1
    return max(1, min(pages, 100_000))


def total_count(header: str | None) -> int | None:
    """The rows of the whole list, when `X-Pagination` says (None when it does not)."""
    data = _pagination(header)
    count = s.opt_int(data, "total_Count")
    if count is None:
        count = s.opt_int(data, "TotalCount")
    return count if count is not None and count >= 0 else None


def _pagination(header: str | None) -> dict[str, Any]:
    if not header:
        return {}
    try:
        data = json.loads(header)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def json_body(response: httpx.Response, endpoint: Endpoint) -> Any:
    """The JSON of an answer, or our error saying what came instead."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:
        content_type = response.headers.get("Content-Type", "no content type")
        raise UnexpectedShapeError(
            f"iPaaS.com answered {endpoint.method} {endpoint.path} with something that is not "
            f"JSON (HTTP {response.status_code}, {content_type}); check the profile's api_url "
            "(is it the API, not the portal?) or try again later.",
            response.status_code,
        ) from exc


def raise_for_status(response: httpx.Response, endpoint: Endpoint) -> None:
    status = response.status_code
    if status < 400:
        return
    detail = server_message(response)
    if status == 400:
        raise ServerError(
            f"iPaaS.com refused {endpoint.method} {endpoint.path} ({endpoint.about}) as invalid"
            + (f": {detail}" if detail else "")
            + ". Nothing was accepted; correct what it names, or if it names nothing you "
            "changed, run with --debug and report it.",
            status,
        )
    if status == 403:
        raise PermissionDeniedError(
            f"iPaaS.com refused: {detail or 'permission denied'}. Only a MiSP or an Integrator "
            "may change versions, integrations and subscriptions; ask your company's admin, or "
            "choose View as Integrator in the portal."
        )
    if status == 404:
        raise NotFoundError(
            f"Not found on iPaaS.com ({endpoint.path}): {detail or 'no such item'}. It may have "
            "been deleted or belong to another company; refresh the list."
        )
    raise ServerError(
        f"iPaaS.com answered HTTP {status} to {endpoint.method} {endpoint.path}"
        + (f": {detail}" if detail else "")
        + "; try again later.",
        status,
    )


MAX_DETAIL = 500  # characters of a server's own words in one of our messages


def server_message(response: httpx.Response) -> str:
    """What iPaaS.com said of a failure, as one line of plain text of bounded length.

    ASP.NET answers a 400 with ProblemDetails, `{"type","title","status","errors":{"field":
    ["reason", …]}}`: its title alone ("One or more validation errors occurred.") says nothing
    a person can act on, so each `field: reason` follows it. Other bodies: their message."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        return ""
    if not isinstance(data, dict):
        return ""
    head = next(
        (data[key] for key in ("message", "Message", "error", "title") if _is_text(data.get(key))),
        "",
    )
    reasons = "; ".join(_field_reasons(data.get("errors")))
    text = f"{head.rstrip().rstrip('.:')}: {reasons}" if head and reasons else head or reasons
    text = " ".join(text.split())  # one line, whatever the server's layout
    return text if len(text) <= MAX_DETAIL else text[: MAX_DETAIL - 1] + "…"


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _field_reasons(errors: object) -> list[str]:
    """`field: reason` for each reason of ProblemDetails' `errors` (an object of lists; a
    bare list of reasons is taken too). Anything else in it is skipped, never guessed at."""
    if isinstance(errors, list):
        return [str(e) for e in errors if _is_text(e)]
    if not isinstance(errors, dict):
        return []
    lines = []
    for field, reasons in errors.items():
        for one in reasons if isinstance(reasons, list) else [reasons]:
            if _is_text(one):
                lines.append(f"{field}: {one}" if str(field) else str(one))
    return lines
