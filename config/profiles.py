"""profiles.toml: a file people edit by hand, so comments, order and unknown keys survive.

Reads use the standard library's tomllib (fast); writes go through tomlkit, imported only when
saving, and land atomically. A save refuses when the file changed on disk since it was read.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.atomic import locked, private_file, write_atomic
from config.bounded import decode_text, read_file, size_text
from config.errors import (
    ConcurrentEditError,
    ProfileNotFoundError,
    ProfilesFileError,
)
from config.paths import PROFILES_MAX_BYTES
from config.profile import Profile, ProfileValueError, build_profile, validate_name

SECRET_STORAGES = ("keyring", "file")
_LINE_COL = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class ProfilesFile:
    """The validated content of profiles.toml at the moment it was read."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    default: str | None = None
    secret_storage: str = "keyring"

    def get(self, name: str | None = None) -> Profile:
        """The profile `name`, or the default one."""
        chosen = name or self.default
        if chosen is None:
            raise ProfileNotFoundError(self._no_default())
        try:
            return self.profiles[chosen]
        except KeyError:
            known = ", ".join(sorted(self.profiles)) or "none yet"
            raise ProfileNotFoundError(
                f"No profile {chosen!r} (profiles: {known}); create it with "
                f"`ipaas-auth profiles set {chosen} environment=…`."
            ) from None

    def _no_default(self) -> str:
        """Why no profile can be chosen when none was named, and the ways on."""
        sandbox = "or start the built-in sandbox with `ipaas-auth --sandbox`"
        if not self.profiles:
            return (
                "No profiles yet: add one with `ipaas-auth profiles set NAME environment=…`, "
                f"{sandbox}."
            )
        return (
            f"profiles.toml has no default profile (it has: {', '.join(sorted(self.profiles))}). "
            "Make one the default with `ipaas-auth profiles default NAME`, open one with "
            f"`--profile NAME`, {sandbox}."
        )


class ProfileStore:
    """Reads and writes one profiles.toml, remembering what it read to detect concurrent edits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._read_digest: str | None = None

    def exists(self) -> bool:
        """True when profiles.toml holds a profile. An empty file, or one whose last profile
        was removed, is as if there were none: the console opens the built-in sandbox. (A
        file that cannot be read counts as there: loading it says what is wrong.)"""
        try:
            return bool(parse_profiles(self._read_bytes(), self.path).profiles)
        except ProfilesFileError:
            return True

    def changed_on_disk(self) -> bool:
        """True when the file differs from what was last read or written here (or can no
        longer be read: loading it again says why)."""
        if self._read_digest is None:
            return True
        try:
            return _digest(self._read_bytes()) != self._read_digest
        except ProfilesFileError:
            return True

    def load(self) -> ProfilesFile:
        raw = self._read_bytes()
        self._read_digest = _digest(raw)
        return parse_profiles(raw, self.path)

    # --- edits: each one locks the file, re-reads it, applies a change, validates, saves ----

    def upsert(
        self,
        name: str,
        values: Mapping[str, Any],
        remove: Collection[str] = (),
        default_if_unset: bool = False,
    ) -> Profile:
        """Create profile `name`, or set the given keys and remove others, in one save
        (and make it the default when `default_if_unset` and there is none yet)."""
        validate_name(name)
        with locked(self.path, ProfilesFileError):
            doc = self._editable()
            import tomlkit

            profiles = doc.get("profiles")
            if profiles is None:
                profiles = tomlkit.table(is_super_table=True)
                doc["profiles"] = profiles
            table = profiles.get(name)
            if table is None:
                table = tomlkit.table()
                profiles[name] = table
            for key in remove:
                table.pop(key, None)
            for key, value in values.items():
                table[key] = value
            if default_if_unset and doc.get("default") is None:
                doc["default"] = name
            saved = self._save(doc)
        return saved.profiles[name]

    def copy(self, source: str, target: str) -> Profile:
        """Duplicate a profile with every key it has, unknown ones and endpoints included."""
        validate_name(target)
        with locked(self.path, ProfilesFileError):
            doc = self._editable()
            import tomlkit

            table = self._table(doc, source)
            if target in doc["profiles"]:
                raise ProfilesFileError(f"Profile {target!r} already exists; choose another name.")
            doc["profiles"][target] = tomlkit.parse(tomlkit.dumps({"t": table.unwrap()}))["t"]
            return self._save(doc).profiles[target]

    def remove(self, name: str) -> None:
        with locked(self.path, ProfilesFileError):
            doc = self._editable()
            self._table(doc, name)
            del doc["profiles"][name]
            if doc.get("default") == name:
                del doc["default"]
            self._save(doc)

    def set_default(self, name: str) -> None:
        with locked(self.path, ProfilesFileError):
            doc = self._editable()
            self._table(doc, name)
            doc["default"] = name
            self._save(doc)

    def set_secret_storage(self, storage: str) -> None:
        with locked(self.path, ProfilesFileError):
            doc = self._editable()
            doc["secret_storage"] = storage
            self._save(doc)

    # --- internals -----------------------------------------------------------------------

    def _read_bytes(self) -> bytes:
        try:
            return read_file(self.path, PROFILES_MAX_BYTES, error=ProfilesFileError)
        except FileNotFoundError:
            return b""
        except OSError as exc:
            raise ProfilesFileError(f"Cannot read {self.path}: {exc.strerror}.") from exc

    def _editable(self) -> Any:
        """The document as tomlkit sees it, after checking nobody else changed the file."""
        raw = self._read_bytes()
        if self._read_digest is None:
            parse_profiles(raw, self.path)
            self._read_digest = _digest(raw)
        elif _digest(raw) != self._read_digest:
            raise ConcurrentEditError(
                f"{self.path} changed on disk since it was read (another editor or another "
                "ipaas-auth); nothing was saved. Reload and make the change again."
            )
        import tomlkit
        from tomlkit.exceptions import TOMLKitError

        try:
            return tomlkit.parse(raw.decode("utf-8"))
        except (TOMLKitError, RecursionError) as exc:  # tomlkit nests 100 deep, tomllib more
            raise ProfilesFileError(
                f"{self.path}: cannot be edited ({exc or 'nested too deeply'}); fix it by hand "
                "(nothing was changed)."
            ) from exc

    def _table(self, doc: Any, name: str) -> Any:
        table = doc.get("profiles", {}).get(name)
        if table is None:
            raise ProfileNotFoundError(f"No profile {name!r} in {self.path}.")
        return table

    def _save(self, doc: Any) -> ProfilesFile:
        import tomlkit

        raw = tomlkit.dumps(doc).encode("utf-8")
        if len(raw) > PROFILES_MAX_BYTES:  # never write a file we could not read back
            raise ProfilesFileError(
                f"{self.path} would grow past {size_text(PROFILES_MAX_BYTES)}, more than "
                "ipaas-auth reads back; nothing was saved. Remove profiles or keys you no "
                "longer need."
            )
        parsed = parse_profiles(raw, self.path)
        write_atomic(self.path, raw)  # a FileWriteError becomes ProfilesFileError in _locked
        self._read_digest = _digest(raw)
        return parsed


def parse_profiles(raw: bytes, path: Path) -> ProfilesFile:
    """Validate the bytes of a profiles.toml; errors name the file and line or profile and key."""
    text = decode_text(raw, str(path), error=ProfilesFileError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfilesFileError(_toml_error_message(path, exc)) from exc
    except RecursionError:
        raise ProfilesFileError(
            f"{path}: tables or arrays nested too deeply to read; fix it by hand (nothing was "
            "changed)."
        ) from None
    storage = data.get("secret_storage", "keyring")
    if storage not in SECRET_STORAGES:
        raise ProfilesFileError(
            f'{path}: secret_storage = {storage!r} is unknown; use "keyring" (default) or '
            f'"file" (unencrypted, in {private_file()} beside it).'
        )
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ProfilesFileError(f"{path}: 'profiles' must be a table of [profiles.NAME] tables.")
    profiles: dict[str, Profile] = {}
    for name, values in tables.items():
        if not isinstance(values, dict):
            raise ProfilesFileError(f"{path}: [profiles.{name}] must be a table.")
        try:
            profiles[name] = build_profile(name, values)
        except ProfileValueError as exc:
            where = f"profile {name!r}" + (f", key {exc.key!r}" if exc.key else "")
            raise ProfilesFileError(f"{path}: {where}: {exc}") from exc
    default = data.get("default")
    if default is not None and (not isinstance(default, str) or default not in profiles):
        raise ProfilesFileError(
            f"{path}: default = {default!r} names no profile; set it to one of: "
            f"{', '.join(sorted(profiles)) or '(add a profile first)'}."
        )
    return ProfilesFile(profiles=profiles, default=default, secret_storage=storage)


def _toml_error_message(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    match = _LINE_COL.search(text)
    reason = _LINE_COL.sub("", text).strip()
    if match:
        return (
            f"{path}:{match.group(1)}:{match.group(2)}: not valid TOML ({reason}); "
            "fix that line, nothing was changed."
        )
    return f"{path}: not valid TOML ({reason}); nothing was changed."


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
