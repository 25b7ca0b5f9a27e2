"""`ipaas-auth completion bash|zsh|fish|powershell`: a completion script generated from the
parser by shtab, so it always knows the current commands and flags; and, for those scripts,
`ipaas-auth completion --names KIND`: the names a Tab offers (tui/commands/completers.py).

The names come from local files only: profiles.toml, the profile keys, and the list cache the
console and the `integrations` and `subscriptions` commands keep. No network, no keyring, no
log-in: a completion must answer at once, and never print a secret or a prompt.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator

from config.controls import CONTROLS
from tui.commands import UsageError
from tui.commands.completers import BASH_END, SHARED, TOKEN_ACTIONS
from tui.options import PROFILE_ENV


def run_completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.names:
        if args.shell:
            raise UsageError("give a SHELL or --names, not both")
        for name in names(args.names, args.profile or os.environ.get(PROFILE_ENV)):
            print(name)
        return 0
    if not args.shell:
        raise UsageError("name the shell: ipaas-auth completion bash|zsh|fish|powershell")
    print(script(parser, args.shell))
    return 0


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell`, with the names' shell functions."""
    import shtab

    text: str = shtab.complete(parser, shell=shell, preamble=SHARED[shell])
    return text + BASH_END if shell == "bash" else text


def names(kind: str, profile: str | None) -> list[str]:
    """What `ipaas-auth completion --names KIND` prints, one a line: names that hold no line
    break nor control character (a line each, safe to show), never an error."""
    return [name for name in _names(kind, profile) if name and not CONTROLS.search(name)]


def _names(kind: str, profile: str | None) -> Iterator[str]:
    if kind == "keys":
        from config.profile_keys import PROFILE_KEYS

        yield from (f"{key}=" for key in PROFILE_KEYS)
        return
    if kind == "profiles":
        yield from _profile_names()
        return
    if kind == "tokens":
        yield from TOKEN_ACTIONS
        kind = "subscriptions"
    from tui.core import list_cache

    identity = list_cache.identity_at_start(profile, sandbox=False)
    cached = list_cache.load(identity, kind) if identity is not None else None
    if cached is not None:
        yield from sorted({name for _, name in cached.rows}, key=str.lower)
    elif identity == list_cache.EMBEDDED_SANDBOX and kind == "integrations":
        from tui.sandbox.demo import starting_integrations  # what that sandbox starts with

        yield from (name for _, name in starting_integrations())


def _profile_names() -> list[str]:
    from config.errors import ConfigError
    from config.paths import profiles_path
    from config.profiles import ProfileStore

    try:
        return sorted(ProfileStore(profiles_path()).load().profiles)
    except ConfigError:  # a broken file: nothing to offer (any command says why)
        return []
