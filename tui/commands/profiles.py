"""`ipaas-auth profiles …`: list and edit profiles.toml from scripts and SSH sessions."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path
from typing import Any

from config.controls import CONTROLS_BUT_NEWLINE
from config.endpoints import BUILT_IN
from config.paths import profiles_path
from config.profile import Profile
from config.profile_keys import PROFILE_KEYS, profile_key
from config.profiles import ProfilesFile, ProfileStore
from tui.commands import CommandError
from tui.commands.output import emit, note, write_json
from tui.commands.printable import printable
from tui.options import PROFILE_ENV


def keys_text() -> str:
    """Every profile key with its meaning, then the endpoint names an override may replace."""
    width = max(len(name) for name in PROFILE_KEYS) + 2
    lines = [f"{key.name:<{width}}{key.summary}" for key in PROFILE_KEYS.values()]
    lines += [
        "",
        "endpoints (each may be replaced in [profiles.NAME.endpoints], "
        'for example login = "POST /sso/v2/Auth/Login"; a write may use POST, PUT or PATCH '
        "and leave out a placeholder its body carries, see the README):",
    ]
    name_width = max(len(endpoint.name) for endpoint in BUILT_IN) + 2
    lines += [f"  {endpoint.name:<{name_width}}{endpoint.spec()}" for endpoint in BUILT_IN]
    return "\n".join(lines)


def run_profiles(args: argparse.Namespace) -> int:
    # Edits go through a store that has not read the file: each one re-reads it under the lock,
    # so a command never refuses (or undoes) a change another process made a moment before.
    store = ProfileStore(profiles_path())
    action: str = args.action
    if action == "keys":
        emit(args, keys_json(), keys_text().splitlines())
        return 0
    current = ProfileStore(store.path).load()
    if action == "list":
        _list(args, current, store.path)
        return 0
    if action == "show":
        profile = current.get(chosen_profile(args))
        default = profile.name == current.default
        emit(args, show_json(profile, default), show_toml(profile, default).splitlines())
        return 0
    if action == "set":
        updates, removals = _parse_assignments(args.assignments)
        if removals:
            current.get(args.name)
        store.upsert(args.name, updates, remove=removals, default_if_unset=True)
        done = {"saved": args.name, "path": str(store.path)}
        emit(args, done, [f"Saved profile {args.name!r} in {store.path}."])
        return 0
    if action == "remove":
        store.remove(args.name)
        emit(args, {"removed": args.name}, [f"Removed profile {args.name!r}."])
        return 0
    if action == "default":
        store.set_default(args.name)
        emit(args, {"default": args.name}, [f"Default profile is now {args.name!r}."])
        return 0
    raise CommandError(f"unknown action {action!r}")


def chosen_profile(args: argparse.Namespace) -> str | None:
    """The NAME given, else --profile, else $IPAAS_AUTH_PROFILE; None: the default profile."""
    return args.name or getattr(args, "profile", None) or os.environ.get(PROFILE_ENV) or None


def _list(args: argparse.Namespace, current: ProfilesFile, path: Path) -> None:
    rows = [
        {
            "name": name,
            "environment": profile.environment,
            "email": profile.email,
            "default": name == current.default,
        }
        for name, profile in current.profiles.items()
    ]
    if args.json:
        write_json(rows)
    for row in [] if args.json else rows:  # tab-separated fields, each escaped
        fields = (printable(row[key] or "-") for key in ("name", "environment", "email"))
        print(("* " if row["default"] else "  ") + "\t".join(fields))
    if not rows:
        note(
            f"No profiles yet in {printable(path)}. Create one: "
            "ipaas-auth profiles set NAME environment=staging email=you@example.com"
        )


def keys_json() -> dict[str, Any]:
    return {
        "keys": [
            {"name": key.name, "default": key.default, "help": key.help}
            for key in PROFILE_KEYS.values()
        ],
        "endpoints": [{"name": e.name, "spec": e.spec()} for e in BUILT_IN],
    }


def show_json(profile: Profile, default: bool) -> dict[str, Any]:
    return {
        "name": profile.name,
        "default": default,
        "settings": profile.settings(),
        "endpoints": {name: e.spec() for name, e in profile.endpoints.overrides.items()},
        "extra": _plain(profile.extra),
        "callback_url": profile.callback_url,
    }


def show_toml(profile: Profile, default: bool) -> str:
    """The profile's table as profiles.toml holds it (defaults filled in): valid TOML, whose
    strings escape every control and bidi character (\\u001b), so it cannot drive a terminal."""
    import tomlkit

    document = tomlkit.document()
    document.add(
        tomlkit.comment(
            f"profile {profile.name}{' (the default)' if default else ''}: "
            f"[profiles.{profile.name}] in profiles.toml"
        )
    )
    for key, value in profile.settings().items():
        document[key] = value
    tables = {k: v for k, v in profile.extra.items() if isinstance(v, dict)}
    for key, value in profile.extra.items():
        if key not in tables:
            document[key] = tomlkit.item(value).comment("not used by ipaas-auth")
    document.add(
        tomlkit.comment(f"register in Zoho's API console: {printable(profile.callback_url)}")
    )
    overrides = profile.endpoints.overrides
    if overrides:
        document["endpoints"] = {name: e.spec() for name, e in overrides.items()}
    for key, value in tables.items():
        document[key] = value
    text = tomlkit.dumps(document)
    return CONTROLS_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).rstrip("\n")


def _plain(value: Any) -> Any:
    """A TOML value as JSON can hold it: dates and times as their ISO text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _parse_assignments(assignments: list[str]) -> tuple[dict[str, Any], list[str]]:
    """`KEY=VALUE` words -> values checked by the key table, and keys to remove (`KEY=`)."""
    updates: dict[str, Any] = {}
    removals: list[str] = []
    for item in assignments:
        name, equals, text = item.partition("=")
        if not equals:
            raise CommandError(f"{item!r} is not KEY=VALUE; for example environment=staging.")
        key = profile_key(name.strip())
        if text == "":
            removals.append(key.name)
        else:
            updates[key.name] = key.parse(text)
    return updates, removals
