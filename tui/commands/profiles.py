"""`ipaas-auth profiles …`: list and edit profiles.toml from scripts and SSH sessions."""

from __future__ import annotations

import argparse
from typing import Any

from config.endpoints import BUILT_IN
from config.paths import profiles_path
from config.profile_keys import PROFILE_KEYS, profile_key
from config.profiles import ProfileStore
from tui.commands import CommandError
from tui.commands.printable import printable


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
        print(keys_text())
        return 0
    current = ProfileStore(store.path).load()
    if action == "list":
        if not current.profiles:
            print(
                f"No profiles yet in {printable(store.path)}. Create one: "
                "ipaas-auth profiles set NAME environment=staging email=you@example.com"
            )
        for name, profile in current.profiles.items():
            mark = "*" if name == current.default else " "
            fields = (name, profile.environment, profile.email or "-")
            print(f"{mark} " + "\t".join(printable(field) for field in fields))
        return 0
    if action == "show":
        profile = current.get(args.name)
        for key, value in profile.settings().items():
            print(f"{key} = {_show(value)}")
        for key, value in profile.extra.items():
            print(f"{printable(key)} = {_show(value)}  # not used by ipaas-auth")
        print(
            f"callback_url = {printable(profile.callback_url)}  "
            "# register this in Zoho's API console"
        )
        return 0
    if action == "set":
        updates, removals = _parse_assignments(args.assignments)
        if removals:
            current.get(args.name)
        store.upsert(args.name, updates, remove=removals, default_if_unset=True)
        print(f"Saved profile {args.name!r} in {printable(store.path)}.")
        return 0
    if action == "remove":
        store.remove(args.name)
        print(f"Removed profile {printable(repr(args.name))}.")
        return 0
    if action == "default":
        store.set_default(args.name)
        print(f"Default profile is now {printable(repr(args.name))}.")
        return 0
    raise CommandError(f"unknown action {action!r}")


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


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return printable(repr(value) if isinstance(value, str) else value)
