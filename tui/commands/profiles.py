"""`ipaas-auth profiles …`: list and edit profiles.toml from scripts and SSH sessions."""

from __future__ import annotations

import argparse
from typing import Any

from config.paths import profiles_path
from config.profile import KEYS, ProfileValueError, parse_cli_value
from config.profiles import ProfileStore
from tui.commands import CommandError


def run_profiles(args: argparse.Namespace) -> int:
    store = ProfileStore(profiles_path())
    action: str = args.action
    if action == "keys":
        for key, meaning in KEYS.items():
            print(f"{key:<16} {meaning}")
        return 0
    current = store.load()
    if action == "list":
        if not current.profiles:
            print(
                f"No profiles yet in {store.path}. Create one: "
                "ipaas-auth profiles set NAME environment=staging email=you@example.com"
            )
        for name, profile in current.profiles.items():
            mark = "*" if name == current.default else " "
            print(f"{mark} {name}\t{profile.environment}\t{profile.email or '-'}")
        return 0
    if action == "show":
        profile = current.get(args.name)
        for key, value in profile.settings().items():
            print(f"{key} = {_show(value)}")
        for key, value in profile.extra.items():
            print(f"{key} = {_show(value)}  # not used by ipaas-auth")
        print(f"callback_url = {profile.callback_url}  # register this in Zoho's API console")
        return 0
    if action == "set":
        updates, removals = _parse_assignments(args.assignments, CommandError)
        if removals:
            current.get(args.name)
        store.upsert(args.name, updates, remove=removals)
        if current.default is None:
            store.set_default(args.name)
        print(f"Saved profile {args.name!r} in {store.path}.")
        return 0
    if action == "remove":
        store.remove(args.name)
        print(f"Removed profile {args.name!r}.")
        return 0
    if action == "default":
        store.set_default(args.name)
        print(f"Default profile is now {args.name!r}.")
        return 0
    raise CommandError(f"unknown action {action!r}")


def _parse_assignments(
    assignments: list[str], error: type[Exception]
) -> tuple[dict[str, Any], list[str]]:
    updates: dict[str, Any] = {}
    removals: list[str] = []
    for item in assignments:
        key, equals, text = item.partition("=")
        key = key.strip()
        if not equals:
            raise error(f"{item!r} is not KEY=VALUE; for example environment=staging.")
        if key not in KEYS:
            raise error(
                f"unknown key {key!r}; known keys: {', '.join(KEYS)} "
                "(secrets go to the keyring, never to profiles.toml)."
            )
        if text == "":
            removals.append(key)
            continue
        try:
            updates[key] = parse_cli_value(key, text)
        except ProfileValueError as exc:
            raise error(str(exc)) from exc
    return updates, removals


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
