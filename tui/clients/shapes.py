"""Reading iPaaS.com's JSON defensively: every wrong shape becomes an UnexpectedShapeError.

The API has no public schema, so any answer may differ from what we expect (an object where a
list belongs, `null`, a number as a string, a missing id). The model readers use only these
helpers, so none of them can fail with TypeError, KeyError or AttributeError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.clients.errors import UnexpectedShapeError

JsonId = str | int  # the JSON type an id arrived in; numbers stay numbers when sent back


def kind(value: object) -> str:
    """A short, safe description of a JSON value for an error message (never the value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def shape_error(what: str, expected: str, got: object) -> UnexpectedShapeError:
    return UnexpectedShapeError(
        f"iPaaS.com sent {what} in a shape this version of ipaas-auth cannot read: expected "
        f"{expected}, got {kind(got)}. Run with --debug and report it; check the profile's "
        "api_url and endpoints."
    )


def obj(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise shape_error(what, "an object", value)
    return value


def items(value: object, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise shape_error(what, "a list", value)
    return value


def opt_list(data: Mapping[str, Any], key: str, what: str) -> list[Any]:
    """A list field that may be missing or null (an empty list then)."""
    value = data.get(key)
    return [] if value is None else items(value, f"{what} ({key})")


def text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    """A text field; a missing or null one is `default`, a number or boolean its JSON text."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise shape_error(f"the field {key!r}", "text", value)


def opt_text(data: Mapping[str, Any], key: str) -> str | None:
    """A text field that may be absent: None when the server did not send it (unknown), ""
    when it sent null or "" (known to be empty)."""
    if key not in data:
        return None
    return text(data, key)


def json_id(data: Mapping[str, Any], key: str, what: str) -> JsonId:
    """An identifier as it arrived: a non-empty string or an integer (never a bool or float)."""
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise shape_error(f"{what} ({key})", "an id (text or a whole number)", value)


def opt_id(data: Mapping[str, Any], key: str) -> JsonId | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    return json_id(data, key, "a reference")


def id_text(value: JsonId | None) -> str:
    """How an id is shown and matched: its text, whatever JSON type it came in."""
    return "" if value is None else str(value)


def opt_int(data: Mapping[str, Any], key: str) -> int | None:
    """A small integer that may also come as a numeric string; anything else is unknown."""
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def opt_bool(value: object) -> bool | None:
    """`bool?` in iPaaS.com's models: true/false, or null when not given."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None
