"""A version's setup as TOML: what `version export` writes and `version apply --from` reads.

The RedirectUrl custom field names the portal of the environment it was exported from; applied
in another environment it is rewritten to that environment's portal (the diff shows it). A part
iPaaS.com did not send is left out of the file (with a comment), and a part a file leaves out
is left as it is by `apply`: an unknown value is never carried over as an empty one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from config.bounded import decode_text, read_file, read_stream, standard_input
from config.environments import KNOWN_ENVIRONMENTS, portal_redirect_url
from config.errors import ConfigError
from config.zoho import REDIRECT_URL_FIELD
from tui.clients.models import CustomField, Integration, Version
from tui.core.draft import VersionDraft
from tui.core.versions import CALLBACK_FIELD, IDENTIFIER_FIELD

FORMAT = 1
MAX_BYTES = 1024 * 1024  # an exported setup is a few KB; `--from /dev/zero` ends here


class SetupFileError(ConfigError):
    """A setup file that cannot be read or has the wrong shape."""


@dataclass(frozen=True)
class VersionSetup:
    """None: not part of this setup (not sent by iPaaS.com when exported; left as it is)."""

    oauth_url_template: str | None
    custom_fields: tuple[CustomField, ...] | None
    authorization_type_id: int | None
    identifier_field: str | None = None
    callback_field: str | None = None
    source_portal: str = ""

    @classmethod
    def of(cls, integration: Integration, version: Version, portal_url: str) -> VersionSetup:
        return cls(
            version.oauth_url_template,
            version.custom_fields,
            integration.authorization_type_id,
            version.oauth_identifier_field,
            version.oauth_success_callback_field,
            portal_url,
        )

    def to_toml(self) -> str:
        import tomlkit

        document = tomlkit.document()
        document.add(tomlkit.comment("ipaas-auth version setup: apply with `version apply --from`"))
        document["format"] = FORMAT
        document["source_portal"] = self.source_portal
        unknown = [
            name
            for name, value in (
                ("oauth_url_template", self.oauth_url_template),
                ("authorization_type_id", self.authorization_type_id),
                (IDENTIFIER_FIELD, self.identifier_field),
                (CALLBACK_FIELD, self.callback_field),
                ("custom_fields", self.custom_fields),
            )
            if value is None
        ]
        if unknown:
            document.add(
                tomlkit.comment(f"Not sent by iPaaS.com, so left out: {', '.join(unknown)}")
            )
        for name, value in (
            ("oauth_url_template", self.oauth_url_template),
            ("authorization_type_id", self.authorization_type_id),
            (IDENTIFIER_FIELD, self.identifier_field),
            (CALLBACK_FIELD, self.callback_field),
        ):
            if value is not None:
                document[name] = value
        if self.custom_fields is None:
            return tomlkit.dumps(document)
        fields = tomlkit.aot()
        for f in self.custom_fields:
            fields.append(
                tomlkit.table()
                .add("key", f.key)
                .add("value", f.value)
                .add("available_in_api", f.available_in_api)
            )
        document["custom_fields"] = fields
        return tomlkit.dumps(document)

    @classmethod
    def read(cls, source: str, stdin: IO[Any] | None = None) -> VersionSetup:
        """The setup in file `source`, or on standard input for "-", read within MAX_BYTES
        (a pipe is read as it comes: `--from <(ssh host ipaas-auth version export X)`)."""
        name = "standard input" if source == "-" else source
        try:
            if source == "-":
                stream = standard_input() if stdin is None else stdin
                raw = read_stream(stream, MAX_BYTES, name, error=SetupFileError)
            else:
                raw = read_file(Path(source), MAX_BYTES, error=SetupFileError, pipes=True)
        except OSError as exc:
            raise SetupFileError(
                f"Cannot read {name}: {exc.strerror or exc}; check the path, or pass - to read "
                "standard input."
            ) from exc
        return cls.from_toml(decode_text(raw, name, error=SetupFileError), name)

    @classmethod
    def from_toml(cls, text: str, source: str = "the setup file") -> VersionSetup:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise SetupFileError(f"{source} is not valid TOML ({exc}); export it again.") from exc
        except RecursionError:
            raise SetupFileError(
                f"{source} nests tables or arrays too deeply to be a version setup; export it "
                "again with `ipaas-auth version export`."
            ) from None
        if data.get("format") != FORMAT:
            raise SetupFileError(
                f"{source} is not an ipaas-auth version setup (format = {FORMAT} missing); "
                "write one with `ipaas-auth version export`."
            )
        template = _optional_string(data, "oauth_url_template", source)
        type_id = data.get("authorization_type_id")
        if type_id is not None and (not isinstance(type_id, int) or isinstance(type_id, bool)):
            raise SetupFileError(f"authorization_type_id in {source} must be a whole number.")
        raw_fields = data.get("custom_fields")
        fields = None
        if raw_fields is not None:
            if not isinstance(raw_fields, list) or not all(isinstance(f, dict) for f in raw_fields):
                raise SetupFileError(f"custom_fields in {source} must be [[custom_fields]] tables.")
            fields = tuple(_field(f, source) for f in raw_fields)
        return cls(
            template,
            fields,
            type_id,
            _optional_string(data, IDENTIFIER_FIELD, source),
            _optional_string(data, CALLBACK_FIELD, source),
            _string(data, "source_portal", source),
        )

    def apply_to(self, draft: VersionDraft, portal_url: str) -> None:
        """Make the draft this setup, with a portal RedirectUrl moved to `portal_url`'s; what
        the setup leaves out stays as it is."""
        if self.oauth_url_template is not None:
            draft.template = self.oauth_url_template
        if self.custom_fields is not None:
            draft.fields = [self._moved(f, portal_url) for f in self.custom_fields]
        if self.identifier_field is not None:
            draft.identifier_field = self.identifier_field
        if self.callback_field is not None:
            draft.callback_field = self.callback_field
        if self.authorization_type_id is not None:
            draft.authorization_type_id = self.authorization_type_id

    def _moved(self, f: CustomField, portal_url: str) -> CustomField:
        portals = {self.source_portal} if self.source_portal else set()
        portals |= {e.portal_url for e in KNOWN_ENVIRONMENTS.values()}
        if f.key == REDIRECT_URL_FIELD and f.value in {portal_redirect_url(p) for p in portals}:
            return CustomField(f.key, portal_redirect_url(portal_url), f.available_in_api)
        return f


def _string(data: dict[str, Any], key: str, source: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise SetupFileError(f"{key} in {source} must be a string.")
    return value


def _optional_string(data: dict[str, Any], key: str, source: str) -> str | None:
    """A string the file may leave out (None then: not part of the setup)."""
    return _string(data, key, source) if key in data else None


def _field(data: dict[str, Any], source: str) -> CustomField:
    key, value = data.get("key"), data.get("value", "")
    in_api = data.get("available_in_api", False)
    if not isinstance(key, str) or not key or not isinstance(value, str):
        raise SetupFileError(f"Each custom field in {source} needs a key and a string value.")
    if not isinstance(in_api, bool):
        raise SetupFileError(f"available_in_api of {key} in {source} must be true or false.")
    return CustomField(key, value, in_api)
