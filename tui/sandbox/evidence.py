"""What iPaaS.com is known to do, each item with its source: the JSON shapes the sandbox
answers and accepts, and the rules it enforces. Compare it line by line with
../shared/docs/ipaas-api.md; where the sources say nothing, the sandbox assumes the worst case
a client could meet, and says so here.

Sources: Template = github.com/ipaas-com/iPaaS.Integration.Template, DevUtil =
github.com/ipaas-com/iPaaS.Integration.DevelopmentUtility, SDK =
github.com/ipaas-com/iPaaS.Integration.SDK. Field names are the JSON names their models
serialise ([JsonProperty]/[JsonPropertyName]), in the models' order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from tui.sandbox.routing import Response

# --- .NET types, as System.Text.Json names them in its errors ----------------------------

STRING: Final = "System.String"
INT32: Final = "System.Int32"
INT64: Final = "System.Int64"
NULLABLE_INT32: Final = "System.Nullable`1[System.Int32]"
NULLABLE_INT64: Final = "System.Nullable`1[System.Int64]"
NULLABLE_BOOLEAN: Final = "System.Nullable`1[System.Boolean]"
CUSTOM_FIELD_REQUEST: Final = "IntegrationDevelopmentUtility.iPaaSModels.VersionCustomFieldRequest"
CUSTOM_FIELD_LIST: Final = f"System.Collections.Generic.List`1[{CUSTOM_FIELD_REQUEST}]"
Model = Mapping[str, str]  # a request model: JSON field -> .NET type
NUMBERS: Final = frozenset({INT32, INT64, NULLABLE_INT32, NULLABLE_INT64})

# --- reads -----------------------------------------------------------------------------

# GET /subscriptions/v2/Integration/{id}: Template IPaaSApi/IPaaSApiCallWrapper.cs
# (Integration_GetByIdAsync, Subscriptions base), model IPaaSApi/Model/SystemTypeResponse.cs
# (2026-03-02), class SystemTypeResponse. No authorization type.
SYSTEM_TYPE_RESPONSE: Final = (
    "id",
    "name",
    "dll_name",
    "dll_namespace",
    "api_version",
    "version_major",
    "version_minor",
    "versions",
)
# Same file, class SystemTypeVersionResponse: no version_patch, no parent_id, no OAuth fields;
# custom_fields is a Dictionary<string, string>, i.e. {key: value}.
SYSTEM_TYPE_VERSION_RESPONSE: Final = (
    "id",
    "name",
    "dll_name",
    "dll_namespace",
    "status",
    "release_notes",
    "version_major",
    "version_minor",
    "custom_fields",
)
# SystemTypeVersionResponse.status is a string; the sandbox stores the VersionResponse's
# integration_version_status_id. Assumed: the names are not public.
VERSION_STATUS_NAMES: Final = MappingProxyType({1: "Development", 2: "Active", 3: "Retired"})

# The integrators read's versions: DevUtil iPaaSModels/VersionResponse.cs (5708b1c,
# 2026-01-27). No parent_id (VersionRequest has it, VersionResponse does not).
VERSION_RESPONSE: Final = (
    "id",
    "name",
    "dll_name",
    "dll_namespace",
    "integration_version_status_id",
    "release_notes",
    "version_major",
    "version_minor",
    "version_patch",
    "oauth_url_template",
    "oauth_identifier_field",
    "oauth_success_callback_field",
    "custom_fields",
)
# DevUtil iPaaSModels/VersionCustomFieldRequest.cs and VersionCustomFieldResponse.cs.
CUSTOM_FIELD: Final = ("key", "value", "available_in_api")

# --- writes ----------------------------------------------------------------------------

# PUT /integrators/v2/Integration/{integration_id}/Version/{version_id} (route assumed):
# DevUtil iPaaSModels/VersionRequest.cs (5708b1c, 2026-01-27), field -> .NET type. Since that
# commit custom_fields is a List (System.Text.Json attributes: an object is refused); before
# it (1e342a1, 2025-12-18) a Dictionary<string, string>.
VERSION_REQUEST: Final[Model] = MappingProxyType(
    {
        "id": STRING,
        "name": STRING,
        "dll_name": STRING,
        "dll_namespace": STRING,
        "parent_id": NULLABLE_INT64,
        "release_notes": STRING,
        "version_major": INT32,
        "version_minor": INT32,
        "version_patch": INT32,
        "oauth_url_template": STRING,
        "oauth_identifier_field": STRING,
        "oauth_success_callback_field": STRING,
        "custom_fields": CUSTOM_FIELD_LIST,
    }
)
# VersionCustomFieldRequest: key and value strings, available_in_api a bool?.
CUSTOM_FIELD_TYPES: Final[Model] = MappingProxyType(
    {"key": STRING, "value": STRING, "available_in_api": NULLABLE_BOOLEAN}
)

# PUT /integrators/v2/Integration/{integration_id}: route and model assumed. Its fields:
# SystemTypeResponse's own (Template SystemTypeResponse.cs) and the authorization type, whose
# JSON name is assumed (SDK Model/IntegrationInfo.cs declares `int? OAuthAuthorizationTypeId`).
# `versions` is not the integration's own: versions are written on their own route.
INTEGRATION_REQUEST: Final[Model] = MappingProxyType(
    {
        "id": INT64,
        "name": STRING,
        "dll_name": STRING,
        "dll_namespace": STRING,
        "api_version": STRING,
        "version_major": INT32,
        "version_minor": INT32,
        "oauth_authorization_type_id": NULLABLE_INT32,
    }
)
# GET /integrators/v2/Integration/{integration_id}, the read for editing (route and shape
# assumed): what its write takes, and the versions as VersionResponse.
INTEGRATION_EDIT: Final = (*INTEGRATION_REQUEST, "versions")

# Authorization types 0-4: SDK Model/IntegrationInfo.cs ("0=NONE, 1= OAUTH_IPAAS_DRIVEN, ...,
# 4= OAUTH_EXTERNALLY_DRIVEN_LOGIN_FIRST"), Template Constants.cs ST_SystemTypeAuthorization.
AUTHORIZATION_TYPES: Final = range(5)

# Both writes replace the item. Assumed, worst case (ipaas-api.md: "Whether fields left out
# of the body are kept or emptied is unknown: assume the worst"): a field left out of the body,
# or sent as null, is emptied. The route's ids win over the body's (which are type-checked).


def emptied(dotnet_type: str) -> Any:
    """What a field left out of the version write becomes: "" for text, [] for custom_fields,
    null for numbers and ids (a C# int would become 0; null is the stricter case, a
    read-back sees it even where the value was 0)."""
    if dotnet_type == STRING:
        return ""
    if dotnet_type == CUSTOM_FIELD_LIST:
        return []
    return None


def nulled(dotnet_type: str) -> None:
    """What a field left out of the integration write becomes: null, whatever its type (its
    model is not public, so no default is known)."""
    return None


# POST /subscriptions/v2/Subscription/PersistentData/{id}, body [{name, value,
# expiration_date_time}]: documented (ipaas-api.md; DevUtil Utilities/iPaaSCallWrapper.cs
# PersistentData). Whether the items left out of the body are kept is documented nowhere, and
# the integration keeps its own there (poll state: ipaas-com/iPaaS.Integration.Sample).
# Assumed, worst case: the list sent replaces the whole list (tui/sandbox/ipaas.py).


# --- access ----------------------------------------------------------------------------

# 401 also means "no access": DevUtil Utilities/iPaaSCallWrapper.cs, Integrations() and
# Subscriptions(): "Sometimes this call does returns 401s (e.g. in the event we are an admin
# but do not have specific access to the given company)". Assumed worst case: its body is the
# same as an expired token's, so only a 401 that survives a refresh tells the two apart.
NO_ACCESS_STATUS: Final = 401
# Who reaches the /integrators area at all (assumed): the designations that build
# integrations, and "Tech Partner", which the sandbox keeps to show a 403 on writes.
INTEGRATORS_AREA: Final = frozenset({"Integrator", "MiSP", "Tech Partner"})
# Who may change an integration or a subscription: help centre (ipaas-api.md, "OAuth URL
# templates"): only a MiSP or an Integrator, not a subscriber. Others get 403.
WRITERS: Final = frozenset({"Integrator", "MiSP"})
# A company's designations, {"<n>": "<name>"}: names documented (User/{id}/Companies), numbers
# assumed.
DESIGNATION_IDS: Final = MappingProxyType(
    {"Admin": 1, "MiSP": 2, "Tech Partner": 3, "Integrator": 4}
)

# --- errors ----------------------------------------------------------------------------

# A 400 from model binding or validation: ASP.NET Core's ProblemDetails (ipaas-api.md: error
# bodies are not documented; "an ASP.NET 400 is typically ProblemDetails").
PROBLEM_TYPE: Final = "https://tools.ietf.org/html/rfc7231#section-6.5.1"
PROBLEM_TITLE: Final = "One or more validation errors occurred."
PROBLEM_CONTENT_TYPE: Final = "application/problem+json; charset=utf-8"


def problem_details(errors: dict[str, list[str]]) -> Response:
    """A 400 as ASP.NET answers it: field -> reasons, under `errors`."""
    body = {
        "type": PROBLEM_TYPE,
        "title": PROBLEM_TITLE,
        "status": 400,
        "errors": errors,
        "traceId": "00-00000000000000000000000000000000-0000000000000000-00",
    }
    return Response(400, json.dumps(body).encode("utf-8"), PROBLEM_CONTENT_TYPE)


def not_convertible(path: str, dotnet_type: str) -> str:
    """System.Text.Json's reason for a JSON value of the wrong type at `path` ("$.id")."""
    return f"The JSON value could not be converted to {dotnet_type}. Path: {path}."


def out_of_range(field: str, allowed: range) -> str:
    """ASP.NET's [Range] reason."""
    return f"The field {field} must be between {allowed.start} and {allowed.stop - 1}."


def missing_route() -> Response:
    """ASP.NET for a path no route matches: 404 and an empty body (a missing ITEM is a 404
    with a JSON message instead; a client must tell the two apart)."""
    return Response(404, b"", "text/plain")
