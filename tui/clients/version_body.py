"""What a write to iPaaS.com sends, and how the item read back after it is checked.

The rules that keep a save from destroying what is there, in one place:
- a body carries only what was read or edited: a field iPaaS.com did not send is unknown, so it
  is never sent (not as "", not as null);
- whether the version write keeps a field left out of the body or empties it is unknown
  (../shared/docs/ipaas-api.md): we assume the worst, so a write that would leave out a field
  of the write model is refused before anything is sent (`missing_write_fields`);
- after the write, the item is read back: a field that was not edited but now differs
  (emptied, nulled, reshaped) is destruction (`unexpected_changes`), and the caller writes the
  before-state back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui.clients.errors import UnexpectedShapeError
from tui.clients.models import (
    CustomField,
    FieldsShape,
    Integration,
    Version,
    VersionEdit,
    read_custom_fields,
    write_custom_fields,
)

TEMPLATE, IDENTIFIER, CALLBACK, FIELDS = (
    "oauth_url_template",
    "oauth_identifier_field",
    "oauth_success_callback_field",
    "custom_fields",
)
# The integrators write model, DevelopmentUtility iPaaSModels/VersionRequest.cs. Under the
# assumed replace semantics each must be in the body, or the write may empty it.
VERSION_WRITE_FIELDS = (
    "name",
    "dll_name",
    "dll_namespace",
    "parent_id",
    "release_notes",
    "version_major",
    "version_minor",
    "version_patch",
    TEMPLATE,
    IDENTIFIER,
    CALLBACK,
    FIELDS,
)
# Sent without being read or edited: derived from the item (no read carries parent_id).
DERIVED = ("parent_id",)
# The integration's own fields a write never carries: versions have their own route.
NOT_INTEGRATION_FIELDS = ("versions",)


@dataclass(frozen=True)
class Change:
    """One field of an item that differs from what a write meant to leave there."""

    field: str
    expected: Any
    found: Any
    edited: bool  # True: we wrote this field, iPaaS.com keeps another value

    def __str__(self) -> str:
        if self.found is ABSENT:
            return f"{self.field}: no longer sent by iPaaS.com (it was {describe(self.expected)})"
        verb = "saved as" if self.edited else "changed to"
        return f"{self.field}: {verb} {describe(self.found)}, expected {describe(self.expected)}"


class _Absent:
    def __repr__(self) -> str:
        return "(absent)"


ABSENT: Any = _Absent()


def describe(value: Any) -> str:
    """A value in a message: short, quoted text, `null`, or a count for a list."""
    if value is ABSENT:
        return "(not sent)"
    if value is None:
        return "null"
    if value == "":
        return "empty"
    if isinstance(value, list | dict):
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…'"


# --- versions ---------------------------------------------------------------------------------


def version_body(
    integration: Integration, version: Version, edit: VersionEdit, shape: FieldsShape = "list"
) -> dict[str, Any]:
    """The body of a version write: the version as read, its edited parts replaced, and
    custom_fields in the write's shape whatever shape they were read in. A part that is None in
    `edit` (unknown, not edited) is not sent."""
    body = dict(version.raw)
    for name, value in ((TEMPLATE, edit.template), (IDENTIFIER, edit.identifier_field)):
        if value is not None:
            body[name] = value
    if edit.callback_field is not None:
        body[CALLBACK] = edit.callback_field
    fields = edit.custom_fields if edit.custom_fields is not None else version.custom_fields
    if fields is not None:
        body[FIELDS] = write_custom_fields(fields, shape)
    if "parent_id" not in body:
        # VersionRequest's parent_id is the integration's id (assumed from the models: a version
        # belongs to one integration); sent as the integration's id was read, a number stays one.
        body["parent_id"] = integration.raw.get("id", integration.id)
    return body


def missing_write_fields(version: Version, edit: VersionEdit, body: dict[str, Any]) -> list[str]:
    """What a write of `body` would leave out and so may empty (iPaaS.com did not send it and
    the edit does not set it). Empty when the write is safe under the replace assumption."""
    missing = [name for name in VERSION_WRITE_FIELDS if name not in body]
    if version.custom_fields is None and edit.custom_fields is not None:
        missing.append("the custom fields there are (a list written would replace them all)")
    if version.fields_shape == "dict" and edit.custom_fields is None:
        fields: tuple[CustomField, ...] = version.custom_fields or ()
    else:
        fields = edit.custom_fields or ()
    if version.fields_shape == "dict":  # the {key: value} read does not say available_in_api
        missing += [
            f"available_in_api of custom field {f.key}"
            for f in fields
            if f.available_in_api is None
        ]
    return missing


def unexpected_changes(
    before: Mapping[str, Any], sent: Mapping[str, Any], after: Mapping[str, Any]
) -> list[Change]:
    """Every field of an item read before a write (its raw JSON: a version, or an integration
    without its versions) whose value read back differs from what the write was meant to leave:
    the value sent, or the value read if it was not sent."""
    changes: list[Change] = []
    for name, was in before.items():
        if name in NOT_INTEGRATION_FIELDS:
            continue
        edited = name in sent and _normal(name, sent[name]) != _normal(name, was)
        expected = sent.get(name, was)
        found = after.get(name, ABSENT)
        if found is ABSENT or not same_value(name, expected, found):
            changes.append(Change(name, expected, found, edited))
    return changes


def _normal(name: str, value: Any) -> Any:
    """custom_fields compared by meaning (key -> value, available_in_api), whatever the shape."""
    if name != FIELDS:
        return value
    try:
        fields, _ = read_custom_fields(value)
    except UnexpectedShapeError:
        return value
    return {f.key: (f.value, f.available_in_api) for f in fields}


def same_value(name: str, expected: Any, found: Any) -> bool:
    """Equal as JSON, type included (3000 and "3000" differ: reshaped); custom_fields by
    meaning, whatever shape each side has."""
    if name != FIELDS:
        return bool(expected == found) and type(expected) is type(found)
    try:
        want, _ = read_custom_fields(expected)
        got, _ = read_custom_fields(found)
    except UnexpectedShapeError:
        return bool(expected == found)
    return same_fields(want, got)


def same_fields(a: tuple[CustomField, ...], b: tuple[CustomField, ...]) -> bool:
    """The same keys and values; available_in_api compared only where both say (the
    {key: value} shape does not carry it)."""
    left = {f.key: f for f in a}
    right = {f.key: f for f in b}
    if left.keys() != right.keys():
        return False
    return all(
        left[k].value == right[k].value
        and (
            left[k].available_in_api is None
            or right[k].available_in_api is None
            or left[k].available_in_api == right[k].available_in_api
        )
        for k in left
    )


# --- the integration (authorization type) ------------------------------------------------------


def integration_body(integration: Integration, type_field: str, type_id: int) -> dict[str, Any]:
    """The integration as read by the integrators read, with its authorization type set."""
    body = {k: v for k, v in integration.raw.items() if k not in NOT_INTEGRATION_FIELDS}
    body[type_field] = type_id
    return body
