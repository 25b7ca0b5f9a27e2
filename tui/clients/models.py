"""The iPaaS.com objects the console shows and edits, read from the API's JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    designations: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Company:
        designations = data.get("designations") or {}
        return cls(str(data["id"]), str(data.get("name", "")), tuple(designations.values()))


@dataclass(frozen=True)
class IntegrationSummary:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class CustomField:
    key: str
    value: str
    available_in_api: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "available_in_api": self.available_in_api}


@dataclass(frozen=True)
class Version:
    id: str
    name: str
    oauth_url_template: str
    custom_fields: tuple[CustomField, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Version:
        fields = tuple(
            CustomField(
                str(f.get("key", "")), str(f.get("value") or ""), bool(f.get("available_in_api"))
            )
            for f in data.get("custom_fields") or []
        )
        return cls(
            str(data["id"]),
            str(data.get("name", "")),
            str(data.get("oauth_url_template") or ""),
            fields,
            data,
        )

    def field_value(self, key: str) -> str | None:
        return next((f.value for f in self.custom_fields if f.key == key), None)

    def to_json(self, template: str, fields: tuple[CustomField, ...]) -> dict[str, Any]:
        """The version as read, with the editable parts replaced (for a PUT)."""
        return {
            **self.raw,
            "oauth_url_template": template,
            "custom_fields": [f.to_json() for f in fields],
        }


@dataclass(frozen=True)
class Integration:
    id: str
    name: str
    authorization_type_id: int | None
    versions: tuple[Version, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Integration:
        type_id = data.get("oauth_authorization_type_id")
        return cls(
            str(data["id"]),
            str(data.get("name", "")),
            type_id if isinstance(type_id, int) else None,
            tuple(Version.from_json(v) for v in data.get("versions") or []),
            data,
        )


@dataclass(frozen=True)
class SubscriptionSummary:
    id: str
    name: str
    integration_id: str
    description: str = ""


@dataclass(frozen=True)
class PersistentDatum:
    name: str
    value: str
    expiration_date_time: str | None = None


@dataclass(frozen=True)
class Subscription:
    id: str
    name: str
    integration_id: str
    integration_version_id: str
    settings: dict[str, str]
    persistent_data: tuple[PersistentDatum, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Subscription:
        return cls(
            str(data["id"]),
            str(data.get("name", "")),
            str(data.get("integration_id", "")),
            str(data.get("integration_version_id", "")),
            {str(k): str(v) for k, v in (data.get("settings") or {}).items()},
            tuple(
                PersistentDatum(
                    str(d.get("name", "")), str(d.get("value", "")), d.get("expiration_date_time")
                )
                for d in data.get("persistent_data") or []
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
