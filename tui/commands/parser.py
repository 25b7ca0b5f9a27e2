"""The command line's sub-commands, declared once: each one's arguments and the function that
runs it (`run`, one of the functions below, which imports the command's module only when it
runs, so `ipaas-auth --help` and completion stay fast). tui/__main__.py adds the console's own
options and calls `args.run(args)`: one dispatch, which mypy and grep can follow."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

PRESETS = ("zoho-commerce", "recommended")  # config.presets.PRESET_NAMES, kept import-free

Run = Callable[[argparse.Namespace], int]


# --- what each command runs ------------------------------------------------------------------


def _status(args: argparse.Namespace) -> int:
    from tui.commands.listing import run_status

    return run_status(args)


def _integrations(args: argparse.Namespace) -> int:
    from tui.commands.listing import run_integrations

    return run_integrations(args)


def _subscriptions(args: argparse.Namespace) -> int:
    from tui.commands.listing import run_subscriptions

    return run_subscriptions(args)


def _version(args: argparse.Namespace) -> int:
    from tui.commands.version import run_version

    return run_version(args)


def _authenticate(args: argparse.Namespace) -> int:
    from tui.commands.authenticate import run_authenticate

    return run_authenticate(args)


def _tokens(args: argparse.Namespace) -> int:
    from tui.commands.tokens import run_tokens

    return run_tokens(args)


def _token(args: argparse.Namespace) -> int:
    from tui.commands.tokens import run_token

    return run_token(args)


def _doctor(args: argparse.Namespace) -> int:
    from tui.commands.doctor import run_doctor

    return run_doctor(args)


def _history(args: argparse.Namespace) -> int:
    from tui.commands.history import run_history

    return run_history(args)


def _undo(args: argparse.Namespace) -> int:
    from tui.commands.history import run_undo

    return run_undo(args)


def _profiles(args: argparse.Namespace) -> int:
    from tui.commands.profiles import run_profiles

    return run_profiles(args)


def _login(args: argparse.Namespace) -> int:
    from tui.commands.login import run_login

    return run_login(args)


def _logout(args: argparse.Namespace) -> int:
    from tui.commands.login import run_logout

    return run_logout(args)


def _sandbox(args: argparse.Namespace) -> int:
    from tui.commands.sandbox import run_sandbox

    return run_sandbox(args)


def _completion(args: argparse.Namespace) -> int:
    from tui.commands.completion import run_completion

    return run_completion(args, args.whole_parser)


# --- their arguments -------------------------------------------------------------------------


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
    commands: Any, name: str, run: Run, help: str, json: bool = True
) -> argparse.ArgumentParser:
    """A command that works on a profile's company: --profile, and --json unless `json` is
    False."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help, parents=[_common(json)], description=help
    )
    parser.set_defaults(run=run)
    return parser


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Every sub-command, under `parser` (the whole command line's)."""
    commands = parser.add_subparsers(metavar="COMMAND")
    _add_local_commands(commands)
    _command(
        commands,
        "status",
        _status,
        "profile, log-in, company, secret store, and the tokens kept on this machine",
    )
    for name, run in (("integrations", _integrations), ("subscriptions", _subscriptions)):
        _command(commands, name, run, f"list the company's {name}").add_argument(
            "--filter", metavar="TEXT", help="only those whose name or id has TEXT"
        )

    version = commands.add_parser("version", help="show, apply or export a version's setup")
    actions = version.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = _command(actions, "show", _version, "a version's OAuth setup")
    apply = _command(
        actions,
        "apply",
        _version,
        "apply the Zoho Commerce preset or a setup file to a version, after a diff",
    )
    export = _command(
        actions,
        "export",
        _version,
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
        _authenticate,
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
        _tokens,
        "a subscription's tokens (masked); or refresh, verify or revoke them",
    )
    tokens.usage = (
        "ipaas-auth tokens [refresh|verify|revoke] SUBSCRIPTION [--yes] [--profile NAME] "
        "[--json]\n       ipaas-auth tokens --all [--verify] [--profile NAME] [--json]"
    )
    tokens.add_argument(
        "words", nargs="*", metavar="WORD", help="[refresh|verify|revoke] SUBSCRIPTION"
    )
    tokens.add_argument(
        "--all",
        action="store_true",
        help="every subscription of the company: where its tokens are, expiry, last check, "
        "problems first (exit 1 when any has a problem)",
    )
    tokens.add_argument(
        "--verify",
        action="store_true",
        help="with --all: check each with one cheap Zoho call (refreshing only expired tokens)",
    )
    tokens.add_argument(
        "--yes",
        action="store_true",
        help="revoke even the refresh token the subscription's iPaaS.com data holds",
    )
    _command(
        commands,
        "token",
        _token,
        "print only the access token, refreshed first when it is expired or about to be "
        "(from this machine alone when it can: --json's source says where it came from)",
    ).add_argument("subscription", metavar="SUBSCRIPTION")
    doctor = _command(
        commands,
        "doctor",
        _doctor,
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
        _history,
        "every change this tool made to iPaaS.com, newest first (of one profile with --profile)",
    )
    history.add_argument("--limit", type=int, metavar="N", help="at most N changes")
    undo = _command(
        commands,
        "undo",
        _undo,
        "write a change's before-state back (default: the latest of this profile), after a "
        "diff and a conflict check",
    )
    undo.add_argument("id", nargs="?", metavar="ID", help="a change's id from `history`")
    undo.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    undo.add_argument("--yes", action="store_true", help="write without asking")
    completion = commands.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    completion.set_defaults(run=_completion, whole_parser=parser)


def _add_local_commands(commands: Any) -> None:
    """The commands that need no company: profiles, the secrets, the sandbox."""
    profiles = commands.add_parser("profiles", help="list and edit profiles (profiles.toml)")
    profiles.set_defaults(run=_profiles)
    actions = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list profiles; * marks the default")
    actions.add_parser("show", help="show one profile").add_argument("name")
    set_parser = actions.add_parser(
        "set",
        help="create or update a profile: KEY=VALUE… (KEY= removes a key)",
        epilog=_profile_keys_epilog(),
    )
    set_parser.add_argument("name")
    set_parser.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    actions.add_parser("remove", help="delete a profile").add_argument("name")
    actions.add_parser("default", help="make a profile the default").add_argument("name")
    actions.add_parser("keys", help="list the keys a profile can have")

    login = commands.add_parser(
        "login", help="store a profile's iPaaS.com password or API key in the keyring"
    )
    login.set_defaults(run=_login)
    login.add_argument("name", metavar="PROFILE")
    login.add_argument("--api-key", action="store_true", help="store an API key, not a password")
    login.add_argument(
        "--no-verify", action="store_true", help="store without trying it against iPaaS.com"
    )
    logout = commands.add_parser("logout", help="forget a profile's stored secrets")
    logout.set_defaults(run=_logout)
    logout.add_argument("name", metavar="PROFILE")

    from tui.sandbox.demo import STARTING_INTEGRATIONS
    from tui.sandbox.settings import add_flags

    sandbox = commands.add_parser("sandbox", help="run the local iPaaS.com + Zoho simulator")
    sandbox.set_defaults(run=_sandbox)
    sandbox.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    sandbox.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    sandbox.add_argument("--integrations", type=int, default=STARTING_INTEGRATIONS, metavar="N")
    sandbox.add_argument("--subscriptions", type=int, default=5, metavar="N")
    sandbox.add_argument(
        "--companies",
        type=int,
        default=1,
        metavar="N",
        help="companies the demo user belongs to (those after the first are empty)",
    )
    sandbox.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        metavar="URI",
        help="register another Zoho redirect URI (repeatable)",
    )
    sandbox.add_argument(
        "--token-lifetime",
        type=float,
        default=3600,
        metavar="SECONDS",
        help="iPaaS.com access-token lifetime (default 3600; short values exercise refresh)",
    )
    sandbox.add_argument(
        "--dc",
        action="append",
        default=[],
        metavar="DC",
        help="also serve this Zoho data centre on its own port (e.g. eu)",
    )
    add_flags(sandbox)


def _profile_keys_epilog() -> str:
    from config.profile_keys import PROFILE_KEYS

    return (
        f"KEY is one of: {', '.join(PROFILE_KEYS)}. "
        "`ipaas-auth profiles keys` says what each means, its default, and the endpoints a "
        "profile may override."
    )
