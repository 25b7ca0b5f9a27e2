"""The iPaaS.com objects the console shows and edits, read defensively from the API's JSON.

Ids are opaque: shown and matched as text (`id`), and sent back in bodies exactly as they came
(each model keeps the JSON it was read from in `raw`, so a numeric id stays a number in a PUT).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from tui.clients import shapes as s

FieldsShape = Literal["list", "dict"]
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list as it arrived: its rows, which page of how many, and the rows of the
    whole list when the server says (`X-Pagination`)."""

    rows: list[T]
    number: int
    pages: int
    total: int | None = None

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return Page([convert(row) for row in self.rows], self.number, self.pages, self.total)


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    designations: tuple[str, ...]

    @classmethod
    def from_json(cls, value: object) -> Company:
        data = s.obj(value, "a company")
        designations = data.get("designations")
        names = (
            tuple(str(v) for v in designations.values() if isinstance(v, str | int))
            if isinstance(designations, dict)
            else ()
        )
        return cls(s.id_text(s.json_id(data, "id", "a company")), s.text(data, "name"), names)


@dataclass(frozen=True, slots=True)  # 100,000 of them in a list: no __dict__ each
class IntegrationSummary:
    id: str
    name: str
    description: str = ""

    @classmethod
    def from_json(cls, value: object) -> IntegrationSummary:
        data = s.obj(value, "an integration in the list")
        return cls(
            s.id_text(s.json_id(data, "id", "an integration in the list")),
            s.text(data, "name"),
            s.text(data, "description"),
        )


@dataclass(frozen=True)
class CustomField:
    key: str
    value: str
    # iPaaS.com's `bool?`: None when the server did not say (or keeps fields as {key: value}).
    # iPaaS.com's own utility creates new fields with AvailableInApi = true; so do we.
    available_in_api: bool | None = True

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "value": self.value}
        if self.available_in_api is not None:
            out["available_in_api"] = self.available_in_api
        return out


def read_custom_fields(value: object) -> tuple[tuple[CustomField, ...], FieldsShape]:
    """Both documented shapes: a list of {key, value, available_in_api}, or {key: value}."""
    if value is None:
        return (), "list"
    if isinstance(value, dict):
        return tuple(CustomField(str(k), s.text(value, str(k)), None) for k in value), "dict"
    fields = []
    for item in s.items(value, "a version's custom_fields"):
        data = s.obj(item, "a custom field")
        key = s.text(data, "key")
        if not key:
            raise s.shape_error("a custom field", "a non-empty key", data.get("key"))
        fields.append(
            CustomField(key, s.text(data, "value"), s.opt_bool(data.get("available_in_api")))
        )
    return tuple(fields), "list"


def write_custom_fields(fields: tuple[CustomField, ...], shape: FieldsShape) -> object:
    """The fields in `shape`: the integrators write (VersionRequest, since 2026-01-27) takes
    the list; the object shape only where a profile says a server needs it."""
    if shape == "dict":
        return {f.key: f.value for f in fields}
    return [f.to_json() for f in fields]


# Where a version was read, which decides what it can tell: "integrators" is the (assumed)
# integrators read, with the OAuth fields and the authorization type; "subscriptions" is the
# documented /subscriptions read (iPaaS.com's SystemTypeResponse), which has neither.
ReadSource = Literal["integrators", "subscriptions"]


@dataclass(frozen=True)
class VersionEdit:
    """The parts of a version the console edits. None: not known and not set by this edit,
    so never sent (a field iPaaS.com did not send is unknown, not empty)."""

    template: str | None
    custom_fields: tuple[CustomField, ...] | None
    identifier_field: str | None = None
    callback_field: str | None = None


@dataclass(frozen=True)
class Version:
    """A version as read. The OAuth fields and custom_fields are None when the read did not
    carry them (the /subscriptions read never does): unknown, never shown or sent as ""."""

    id: str
    name: str
    oauth_url_template: str | None
    custom_fields: tuple[CustomField, ...] | None
    raw: dict[str, Any] = field(compare=False, repr=False)
    oauth_identifier_field: str | None = None
    oauth_success_callback_field: str | None = None
    fields_shape: FieldsShape = field(default="list", compare=False)

    @classmethod
    def from_json(cls, value: object) -> Version:
        data = s.obj(value, "a version")
        shape: FieldsShape = "list"
        fields: tuple[CustomField, ...] | None = None
        if "custom_fields" in data:
            fields, shape = read_custom_fields(data.get("custom_fields"))
        return cls(
            s.id_text(s.json_id(data, "id", "a version")),
            s.text(data, "name"),
            s.opt_text(data, "oauth_url_template"),
            fields,
            dict(data),
            s.opt_text(data, "oauth_identifier_field"),
            s.opt_text(data, "oauth_success_callback_field"),
            shape,
        )

    @property
    def edit(self) -> VersionEdit:
        """The version's editable parts as they are (None where unknown)."""
        return VersionEdit(
            self.oauth_url_template,
            self.custom_fields,
            self.oauth_identifier_field,
            self.oauth_success_callback_field,
        )

    def field_value(self, key: str) -> str | None:
        return next((f.value for f in self.custom_fields or () if f.key == key), None)


@dataclass(frozen=True)
class Integration:
    id: str
    name: str
    authorization_type_id: int | None  # None: not sent by the read (unknown)
    versions: tuple[Version, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)
    source: ReadSource = field(default="integrators", compare=False)

    @classmethod
    def from_json(
        cls,
        value: object,
        source: ReadSource = "integrators",
        type_field: str = "oauth_authorization_type_id",
    ) -> Integration:
        data = s.obj(value, "an integration")
        return cls(
            s.id_text(s.json_id(data, "id", "an integration")),
            s.text(data, "name"),
            s.opt_int(data, type_field),
            tuple(Version.from_json(v) for v in s.opt_list(data, "versions", "an integration")),
            dict(data),
            source,
        )

    @property
    def oauth_fields_known(self) -> bool:
        """True when this read carries the versions' OAuth fields (the integrators read)."""
        return self.source == "integrators"


@dataclass(frozen=True, slots=True)
class SubscriptionSummary:
    id: str
    name: str
    integration_id: str
    description: str = ""

    @classmethod
    def from_json(cls, value: object) -> SubscriptionSummary:
        data = s.obj(value, "a subscription in the list")
        return cls(
            s.id_text(s.json_id(data, "id", "a subscription in the list")),
            s.text(data, "name"),
            s.id_text(s.opt_id(data, "type")),
            s.text(data, "description"),
        )


@dataclass(frozen=True)
class PersistentDatum:
    name: str
    value: str
    expiration_date_time: str | None = None

    @classmethod
    def from_json(cls, value: object) -> PersistentDatum:
        data = s.obj(value, "a persistent data item")
        expires = data.get("expiration_date_time")
        return cls(
            s.text(data, "name"),
            s.text(data, "value"),
            expires if isinstance(expires, str) else None,
        )


@dataclass(frozen=True)
class Subscription:
    id: str
    name: str
    integration_id: str
    integration_version_id: str
    settings: dict[str, str]
    persistent_data: tuple[PersistentDatum, ...]

    @classmethod
    def from_json(cls, value: object) -> Subscription:
        data = s.obj(value, "a subscription")
        settings = data.get("settings")
        if settings is None:
            settings = {}
        settings = s.obj(settings, "a subscription's settings")
        return cls(
            s.id_text(s.json_id(data, "id", "a subscription")),
            s.text(data, "name"),
            s.id_text(s.opt_id(data, "integration_id")),
            s.id_text(s.opt_id(data, "integration_version_id")),
            {str(k): s.text(settings, str(k)) for k in settings},
            tuple(
                PersistentDatum.from_json(d)
                for d in s.opt_list(data, "persistent_data", "a subscription")
            ),
        )

    def setting(self, *names: str) -> str:
        """The first non-empty setting among `names` (iPaaS.com spells them variously)."""
        lowered = {k.lower().replace(" ", "").replace("_", ""): v for k, v in self.settings.items()}
        for name in names:
            value = lowered.get(name.lower().replace(" ", "").replace("_", ""))
            if value:
                return value
        return ""

    @property
    def client_id(self) -> str:
        return self.setting("Client ID", "client_id")

    @property
    def client_secret(self) -> str:
        return self.setting("Client Secret", "client_secret")

    @property
    def organization_id(self) -> str:
        return self.setting("Organization ID", "organization_id", "zohofinance_orgid")
