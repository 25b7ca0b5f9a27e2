"""The unsaved state of a version being edited: template, identifier and callback fields,
custom fields, authorization type.

Kept apart from the screen so the preset, the diff and "is anything unsaved?" are plain code
that the version editor and `ipaas-auth version apply` share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from config.zoho import AUTHORIZATION_TYPES, Preset
from tui.clients.models import CustomField, Integration, Version, VersionEdit
from tui.clients.responses import field_text


@dataclass
class VersionDraft:
    integration: Integration
    version: Version
    template: str = ""
    fields: list[CustomField] = field(default_factory=list)
    authorization_type_id: int | None = None
    identifier_field: str = ""
    callback_field: str = ""
    already_saved: bool = False  # the last save found the same change already on iPaaS.com

    @classmethod
    def of(cls, integration: Integration, version: Version) -> VersionDraft:
        return cls(
            integration,
            version,
            version.oauth_url_template,
            list(version.custom_fields),
            integration.authorization_type_id,
            version.oauth_identifier_field,
            version.oauth_success_callback_field,
        )

    @property
    def edit(self) -> VersionEdit:
        """What a save writes to the version."""
        return VersionEdit(
            self.template, tuple(self.fields), self.identifier_field, self.callback_field
        )

    @property
    def field_keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def set_field(self, new: CustomField, replacing: str | None = None) -> None:
        """Add `new`, or put it in the place of the field keyed `replacing` (or `new.key`)."""
        target = replacing or new.key
        for index, existing in enumerate(self.fields):
            if existing.key == target:
                self.fields[index] = new
                return
        self.fields.append(new)

    def toggle_in_api(self, key: str) -> None:
        """Flip a field's available_in_api (one that was not set becomes true)."""
        for index, existing in enumerate(self.fields):
            if existing.key == key:
                self.fields[index] = CustomField(
                    existing.key, existing.value, existing.available_in_api is not True
                )

    def remove_field(self, key: str) -> None:
        self.fields = [f for f in self.fields if f.key != key]

    def apply_preset(self, preset: Preset) -> None:
        """Everything the seed sets: the template, RedirectUrl and authorization type 1."""
        self.template = preset.oauth_url_template
        for key, value in preset.custom_fields.items():
            current = next((f for f in self.fields if f.key == key), None)
            self.set_field(CustomField(key, value, current.available_in_api if current else True))
        self.authorization_type_id = preset.authorization_type_id

    @property
    def version_changed(self) -> bool:
        return self.edit != self.version.edit

    @property
    def type_changed(self) -> bool:
        return self.authorization_type_id != self.integration.authorization_type_id

    @property
    def dirty(self) -> bool:
        return self.version_changed or self.type_changed

    def diff(self) -> list[str]:
        """What a save would change, one '-'/'+' line per old/new value. The authorization
        type comes first: three short lines that a long template would push out of sight."""
        lines: list[str] = []
        if self.type_changed:
            lines += [
                "Authorization type (of the integration)",
                f"- {type_text(self.integration.authorization_type_id)}",
                f"+ {type_text(self.authorization_type_id)}",
            ]
        if self.template != self.version.oauth_url_template:
            lines += [
                "OAuth URL template",
                f"- {self.version.oauth_url_template or '(empty)'}",
                f"+ {self.template or '(empty)'}",
            ]
        for label, was, now in (
            ("OAuth identifier field", self.version.oauth_identifier_field, self.identifier_field),
            (
                "OAuth success callback field",
                self.version.oauth_success_callback_field,
                self.callback_field,
            ),
        ):
            if was != now:
                lines += [label, f"- {was or '(empty)'}", f"+ {now or '(empty)'}"]
        before = {f.key: f for f in self.version.custom_fields}
        after = {f.key: f for f in self.fields}
        for key in list(dict.fromkeys([*before, *after])):
            if before.get(key) != after.get(key):
                lines.append(f"Custom field {key}")
                if key in before:
                    lines.append(f"- {field_text(before[key])}")
                if key in after:
                    lines.append(f"+ {field_text(after[key])}")
        return lines


def type_text(type_id: int | None) -> str:
    if type_id is None:
        return "(unknown)"
    return f"{type_id} · {AUTHORIZATION_TYPES.get(type_id, 'unknown')}"
