"""The sandbox's stored integrations and versions in the shapes iPaaS.com answers, and the
integrators writes' bodies checked and completed as a replacing PUT would (evidence.py).

Stored versions keep every field, custom_fields as a list of {key, value, available_in_api};
each read sends only what its model has.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tui.sandbox import evidence
from tui.sandbox.ipaas_data import FieldsShape
from tui.sandbox.routing import Response

Item = dict[str, Any]


def system_type(integration: Item, fields_shape: FieldsShape) -> Item:
    """GET /subscriptions/v2/Integration/{id}: SystemTypeResponse, custom_fields in
    `fields_shape` ("dict" is the evidence; "list" plays a server that sends the list)."""
    out = _only(integration, evidence.SYSTEM_TYPE_RESPONSE)
    out["versions"] = [_system_type_version(v, fields_shape) for v in integration["versions"]]
    return out


def _system_type_version(version: Item, fields_shape: FieldsShape) -> Item:
    status = version.get("integration_version_status_id")
    name = evidence.VERSION_STATUS_NAMES.get(status) if isinstance(status, int) else None
    shown = {**version, "status": name or (None if status is None else str(status))}
    out = _only(shown, evidence.SYSTEM_TYPE_VERSION_RESPONSE)
    if fields_shape == "dict":
        out["custom_fields"] = {f["key"]: f["value"] for f in version["custom_fields"]}
    return out


def integration_edit(integration: Item) -> Item:
    """GET /integrators/v2/Integration/{id} (assumed): the integration's own fields with its
    authorization type, and every version as a VersionResponse."""
    out = _only(integration, evidence.INTEGRATION_EDIT)
    out["versions"] = [version_response(v) for v in integration["versions"]]
    return out


def version_response(version: Item) -> Item:
    """DevelopmentUtility's VersionResponse: OAuth fields, custom_fields as the list."""
    return _only(version, evidence.VERSION_RESPONSE)


def _only(item: Item, fields: tuple[str, ...]) -> Item:
    return {name: copy.deepcopy(item.get(name)) for name in fields}


def version_request(body: object) -> Item | Response:
    """A VersionRequest body as the stored version's new fields (all of them: the PUT
    replaces), or a 400 ProblemDetails. The route's id wins, so `id` is checked, not kept."""
    fields = _checked(body, evidence.VERSION_REQUEST, "VersionRequest", evidence.emptied)
    if isinstance(fields, Response):
        return fields
    fields.pop("id")
    return fields


def integration_request(body: object) -> Item | Response:
    """The integration write's body as the integration's new own fields, or a 400. `versions`
    is not among them (ignored), and the route's id wins."""
    fields = _checked(body, evidence.INTEGRATION_REQUEST, "IntegrationRequest", evidence.nulled)
    if isinstance(fields, Response):
        return fields
    fields.pop("id")
    type_id = fields["oauth_authorization_type_id"]
    if type_id is not None and type_id not in evidence.AUTHORIZATION_TYPES:
        reason = evidence.out_of_range("oauth_authorization_type_id", evidence.AUTHORIZATION_TYPES)
        return evidence.problem_details({"oauth_authorization_type_id": [reason]})
    return fields


def _checked(
    body: object, model: evidence.Model, model_name: str, left_out: Callable[[str], object]
) -> Item | Response:
    """Every field of `model` from `body`: type-checked as System.Text.Json would, and the
    ones left out (or null) replaced by `left_out(.NET type)`."""
    if not isinstance(body, dict):
        reason = evidence.not_convertible("$", model_name)
        return evidence.problem_details({"$": [reason]})
    errors: dict[str, list[str]] = {}
    fields: Item = {}
    for name, dotnet_type in model.items():
        value = body.get(name)
        if value is None:
            fields[name] = left_out(dotnet_type)
        elif dotnet_type == evidence.CUSTOM_FIELD_LIST:
            read = _custom_fields(value)
            if isinstance(read, str):
                errors[name] = [read]
            else:
                fields[name] = read
        elif _fits(value, dotnet_type):
            fields[name] = value
        else:
            errors[name] = [evidence.not_convertible(f"$.{name}", dotnet_type)]
    return evidence.problem_details(errors) if errors else fields


def _fits(value: object, dotnet_type: str) -> bool:
    if dotnet_type in evidence.NUMBERS:
        return isinstance(value, int) and not isinstance(value, bool)
    if dotnet_type == evidence.NULLABLE_BOOLEAN:
        return isinstance(value, bool)
    return isinstance(value, str)


def _custom_fields(value: object) -> list[Item] | str:
    """The list of {key, value, available_in_api}, or System.Text.Json's reason it is not."""
    if not isinstance(value, list):
        return evidence.not_convertible("$.custom_fields", evidence.CUSTOM_FIELD_LIST)
    read: list[Item] = []
    for index, entry in enumerate(value):
        path = f"$.custom_fields[{index}]"
        if not isinstance(entry, dict):
            return evidence.not_convertible(path, evidence.CUSTOM_FIELD_REQUEST)
        for name, dotnet_type in evidence.CUSTOM_FIELD_TYPES.items():
            if entry.get(name) is not None and not _fits(entry[name], dotnet_type):
                return evidence.not_convertible(f"{path}.{name}", dotnet_type)
        if entry.get("key") is None:
            return f"The key field is required. Path: {path}.key."
        read.append(
            {
                "key": entry["key"],
                "value": entry.get("value") or "",
                "available_in_api": entry.get("available_in_api"),
            }
        )
    return read
