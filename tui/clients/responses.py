"""Reading iPaaS.com's answers: statuses as typed errors, paging headers, version changes."""

from __future__ import annotations

import json

import httpx

from tui.clients import endpoints as ep
from tui.clients.errors import NotFoundError, PermissionDeniedError, ServerError
from tui.clients.models import Version


def version_differences(loaded: Version, remote: Version) -> list[str]:
    """Human-readable differences in the editable parts of two readings of a version."""
    differences = []
    if loaded.oauth_url_template != remote.oauth_url_template:
        differences.append(
            f"oauth_url_template: you opened {loaded.oauth_url_template!r}, it is now "
            f"{remote.oauth_url_template!r}"
        )
    if loaded.custom_fields != remote.custom_fields:
        was = {f.key: f for f in loaded.custom_fields}
        now = {f.key: f for f in remote.custom_fields}
        for key in sorted(was.keys() | now.keys()):
            if was.get(key) != now.get(key):
                before = was[key].value if key in was else "(absent)"
                after = now[key].value if key in now else "(removed)"
                differences.append(f"custom field {key}: {before!r} -> {after!r}")
    return differences


def total_pages(header: str | None) -> int:
    if not header:
        return 1
    try:
        data = json.loads(header)
        return max(1, int(data.get("total_Pages") or data.get("TotalPages") or 1))
    except (ValueError, TypeError, AttributeError):
        return 1


def reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def raise_for_status(response: httpx.Response, endpoint: ep.Endpoint) -> None:
    status = response.status_code
    if status < 400:
        return
    detail = _server_message(response)
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


def _server_message(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("message", "Message", "error", "title"):
            if isinstance(data.get(key), str):
                return str(data[key])
    return ""
