"""The scriptable commands' arguments. Each command names its handler as "module:function",
imported only when it runs, so `ipaas-auth --help` and completion stay fast."""

from __future__ import annotations

import argparse
from typing import Any

PRESETS = ("zoho-commerce", "recommended")  # config.presets.PRESET_NAMES, kept import-free


def _common(json: bool = True) -> argparse.ArgumentParser:
    """--profile (also accepted after the command) and --json."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--profile",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="use this profile (else $IPAAS_AUTH_PROFILE, else the default)",
    )
    if json:
        parent.add_argument("--json", action="store_true", help="print one JSON document")
    return parent


def _command(
    commands: Any, name: str, handler: str, help: str, json: bool = True
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help, parents=[_common(json)], description=help
    )
    parser.set_defaults(handler=handler)
    return parser


def add_commands(commands: Any) -> None:
    _command(
        commands,
        "status",
        "tui.commands.listing:run_status",
        "profile, log-in, company, secret store, and the tokens kept on this machine",
    )
    for name in ("integrations", "subscriptions"):
        _command(
            commands, name, f"tui.commands.listing:run_{name}", f"list the company's {name}"
        ).add_argument("--filter", metavar="TEXT", help="only those whose name or id has TEXT")

    version = commands.add_parser("version", help="show, apply or export a version's setup")
    actions = version.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = _command(actions, "show", "tui.commands.version:run_version", "a version's OAuth setup")
    apply = _command(
        actions,
        "apply",
        "tui.commands.version:run_version",
        "apply the Zoho Commerce preset or a setup file to a version, after a diff",
    )
    export = _command(
        actions,
        "export",
        "tui.commands.version:run_version",
        "print a version's setup as TOML, for `version apply --from` in another profile",
        json=False,
    )
    for parser in (show, apply, export):
        parser.add_argument("integration", metavar="INTEGRATION", help="id, name or part of it")
        parser.add_argument("--version", metavar="V", help="version id or name (default newest)")
    source = apply.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--preset",
        choices=PRESETS,
        help="zoho-commerce: the seed's settings, byte for byte; recommended: the same with the "
        "linter's safe fixes (prompt=consent, no redundant scopes)",
    )
    source.add_argument(
        "--from", dest="source", metavar="FILE", help="a setup from `version export` (- = stdin)"
    )
    apply.add_argument("--dry-run", action="store_true", help="show the diff, save nothing")
    apply.add_argument("--yes", action="store_true", help="save without asking")

    authenticate = _command(
        commands,
        "authenticate",
        "tui.commands.authenticate:run_authenticate",
        "get Zoho tokens for a subscription (browser consent; paste the redirect to finish "
        "from another machine)",
    )
    authenticate.add_argument("subscription", metavar="SUBSCRIPTION")
    authenticate.add_argument(
        "--no-browser", action="store_true", help="print the address; do not open a browser"
    )
    authenticate.add_argument(
        "--timeout", type=float, metavar="S", help="seconds to wait (default: auth_timeout)"
    )
    tokens = _command(
        commands,
        "tokens",
        "tui.commands.tokens:run_tokens",
        "a subscription's tokens (masked); or refresh, verify or revoke them",
    )
    tokens.usage = (
        "ipaas-auth tokens [refresh|verify|revoke] SUBSCRIPTION [--profile NAME] [--json]"
    )
    tokens.add_argument(
        "words", nargs="+", metavar="WORD", help="[refresh|verify|revoke] SUBSCRIPTION"
    )
    _command(
        commands,
        "token",
        "tui.commands.tokens:run_token",
        "print only the access token, refreshed first when it is expired or about to be "
        "(from this machine alone when it can: --json's source says where it came from)",
    ).add_argument("subscription", metavar="SUBSCRIPTION")
    doctor = _command(
        commands,
        "doctor",
        "tui.commands.doctor:run_doctor",
        "check, read-only, everything a first real run needs: profile, secret store, network, "
        "clock, log-in, company, every endpoint",
    )
    doctor.add_argument(
        "--subscription",
        metavar="SUB",
        help="also list this subscription's settings and persistent data named like tokens "
        "(values masked) and the access_token_name/refresh_token_name they suggest",
    )
    doctor.add_argument(
        "--check-writes",
        metavar="INTEGRATION",
        help="also save this integration's first version and authorization type back unchanged, "
        "to confirm the write routes (says so before writing)",
    )
    history = _command(
        commands,
        "history",
        "tui.commands.history:run_history",
        "every change this tool made to iPaaS.com, newest first (of one profile with --profile)",
    )
    history.add_argument("--limit", type=int, metavar="N", help="at most N changes")
    undo = _command(
        commands,
        "undo",
        "tui.commands.history:run_undo",
        "write a change's before-state back (default: the latest of this profile), after a "
        "diff and a conflict check",
    )
    undo.add_argument("id", nargs="?", metavar="ID", help="a change's id from `history`")
    undo.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    undo.add_argument("--yes", action="store_true", help="write without asking")
    completion = commands.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    completion.set_defaults(handler="completion")
