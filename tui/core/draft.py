"""The unsaved state of a version being edited: template, identifier and callback fields,
custom fields, authorization type.

Kept apart from the screen so the preset, the diff and "is anything unsaved?" are plain code
that the version editor and `ipaas-auth version apply` share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from config.template import Template
from config.zoho import AUTHORIZATION_TYPES, DATA_CENTRES, Preset
from tui.clients.models import CustomField, Integration, Version, VersionEdit
from tui.clients.version_changes import NOT_SENT, field_text


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
    notes: list[str] = field(default_factory=list)  # what the last save has to say

    @classmethod
    def of(cls, integration: Integration, version: Version) -> VersionDraft:
        """A draft of the version as read; a part iPaaS.com did not send starts empty and stays
        unknown (never written) until it is given a value."""
        return cls(
            integration,
            version,
            version.oauth_url_template or "",
            list(version.custom_fields or ()),
            integration.authorization_type_id,
            version.oauth_identifier_field or "",
            version.oauth_success_callback_field or "",
        )

    @property
    def edit(self) -> VersionEdit:
        """What a save writes to the version (None: unknown and not set, so not written)."""
        v = self.version
        fields = tuple(self.fields)
        return VersionEdit(
            _known(self.template, v.oauth_url_template),
            None if v.custom_fields is None and not fields else fields,
            _known(self.identifier_field, v.oauth_identifier_field),
            _known(self.callback_field, v.oauth_success_callback_field),
        )

    @property
    def unknown(self) -> list[str]:
        """The parts iPaaS.com did not send and this draft does not set, by their API names."""
        edit = self.edit
        return [
            name
            for name, value in (
                ("oauth_url_template", edit.template),
                ("oauth_identifier_field", edit.identifier_field),
                ("oauth_success_callback_field", edit.callback_field),
                ("custom_fields", edit.custom_fields),
            )
            if value is None
        ]

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

    def remove_scope(self, scope: str) -> None:
        self.template = Template.parse(self.template).with_scope_removed(scope).text()

    def add_scope(self, scope: str) -> None:
        self.template = Template.parse(self.template).with_scope_added(scope).text()

    def move_to_data_centre(self, dc: str) -> None:
        """Point the template at data centre `dc`'s accounts server; TemplateError when the
        template is not a URL yet (nothing changes)."""
        url = DATA_CENTRES[dc].accounts_url
        self.template = Template.parse(self.template).with_accounts_url(url).text()

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
        edit, v = self.edit, self.version
        for label, was, now in (
            ("OAuth URL template", v.oauth_url_template, edit.template),
            ("OAuth identifier field", v.oauth_identifier_field, edit.identifier_field),
            ("OAuth success callback field", v.oauth_success_callback_field, edit.callback_field),
        ):
            if now is not None and was != now:
                lines += [label, f"- {_was(was)}", f"+ {now or '(empty)'}"]
        before = {f.key: f for f in self.version.custom_fields or ()}
        after = {f.key: f for f in self.fields}
        for key in list(dict.fromkeys([*before, *after])):
            if before.get(key) != after.get(key):
                lines.append(f"Custom field {key}")
                if key in before:
                    lines.append(f"- {field_text(before[key])}")
                if key in after:
                    lines.append(f"+ {field_text(after[key])}")
        return lines


def _known(value: str, read: str | None) -> str | None:
    """A draft's text part as an edit writes it: None while iPaaS.com did not send it and the
    draft leaves it empty (unknown stays unknown; it is never written as "")."""
    return None if read is None and value == "" else value


def _was(read: str | None) -> str:
    """The old value in a diff; an unknown one says the change replaces what nobody has seen."""
    if read is None:
        return f"{NOT_SENT}: unknown, this change replaces it"
    return read or "(empty)"


def type_text(type_id: int | None) -> str:
    if type_id is None:
        return NOT_SENT
    return f"{type_id} · {AUTHORIZATION_TYPES.get(type_id, 'unknown')}"
