"""The options every command takes, before or after its name as in gh and gcloud: `--profile`,
`--json` and `--debug`. Declared once, here, for the top level (tui/__main__.py, which must not
build the commands' parsers to open the console) and for each command (tui/commands/parser.py).

The top level gives the defaults; a command's copy of an option has no default of its own
(argparse.SUPPRESS), so it sets the value only when it was typed after the command, and never
hides one typed before it.
"""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands.completers import names_completer

PROFILE_HELP = "use this profile (else $IPAAS_AUTH_PROFILE, else the default profile)"
JSON_HELP = "print one JSON document on stdout instead of text"
DEBUG_HELP = (
    "append every HTTP exchange, secrets redacted, to debug.log in the state directory "
    "(also IPAAS_AUTH_DEBUG=1)"
)


def add_global_options(
    parser: argparse.ArgumentParser, top: bool = False, json: bool = True
) -> None:
    """--profile, --json (unless the command prints no data: `json` False) and --debug."""
    # A command's copy of an option sets nothing unless typed: the top level's value stays.
    group: Any = parser if top else parser.add_argument_group("global options")
    profile: dict[str, Any] = {"default": None if top else argparse.SUPPRESS}
    flag: dict[str, Any] = {"default": False if top else argparse.SUPPRESS}
    help = PROFILE_HELP + ("; the console opens it" if top else "")
    chosen = group.add_argument("--profile", metavar="NAME", help=help, **profile)
    chosen.complete = names_completer("profiles")  # shtab's attribute
    if json:
        group.add_argument("--json", action="store_true", help=JSON_HELP, **flag)
    group.add_argument("--debug", action="store_true", help=DEBUG_HELP, **flag)
