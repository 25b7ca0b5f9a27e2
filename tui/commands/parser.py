"""The command line's sub-commands, declared once: each one's arguments and the function that
runs it (`run`, one of the functions below, which imports the command's module only when it
runs, so `ipaas-auth --help` and completion stay fast). tui/__main__.py adds the console's own
options and calls `args.run(args)`: one dispatch, which mypy and grep can follow."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from tui.commands.completers import NAME_KINDS, SHELLS, names_completer
from tui.commands.global_options import add_global_options
from tui.commands.help_text import examples, profile_keys_epilog, sentence

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


def _parser(
    commands: Any, path: str, help: str, run: Run | None = None, json: bool = True
) -> argparse.ArgumentParser:
    """The parser of `ipaas-auth PATH`: the global options (--json only if `json`), its help as
    the description, its examples as the epilog."""
    parser: argparse.ArgumentParser = commands.add_parser(
        path.rsplit(" ", 1)[-1],
        help=help,
        description=sentence(help),
        epilog=examples(path),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_global_options(parser, json=json)
    if run is not None:
        parser.set_defaults(run=run)
    if not json:
        parser.set_defaults(prints_json=False)
    return parser


def _names(action: argparse.Action, kind: str) -> None:
    """Complete `action` with names of `kind` (tui/commands/completers.py)."""
    action.complete = names_completer(kind)  # type: ignore[attr-defined]  # shtab reads it


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Every sub-command, under `parser` (the whole command line's)."""
    commands = parser.add_subparsers(metavar="COMMAND")
    _add_local_commands(commands)
    _parser(
        commands,
        "status",
        "profile, log-in, company, secret store, and the tokens kept on this machine",
        _status,
    )
    for name, run in (("integrations", _integrations), ("subscriptions", _subscriptions)):
        _parser(commands, name, f"list the company's {name}", run).add_argument(
            "--filter", metavar="TEXT", help="only those whose name or id has TEXT"
        )

    version = _parser(commands, "version", "show, apply or export a version's setup")
    actions = version.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = _parser(actions, "version show", "a version's OAuth setup", _version)
    apply = _parser(
        actions,
        "version apply",
        "apply the Zoho Commerce preset or a setup file to a version, after a diff",
        _version,
    )
    export = _parser(
        actions,
        "version export",
        "print a version's setup as TOML, for `version apply --from` in another profile",
        _version,
    )
    for one in (show, apply, export):  # not `parser`: completion needs the whole one below
        _names(
            one.add_argument("integration", metavar="INTEGRATION", help="id, name or part of it"),
            "integrations",
        )
        one.add_argument("--version", metavar="V", help="version id or name (default newest)")
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

    authenticate = _parser(
        commands,
        "authenticate",
        "get Zoho tokens for a subscription (browser consent; paste the redirect to finish "
        "from another machine)",
        _authenticate,
    )
    _names(authenticate.add_argument("subscription", metavar="SUBSCRIPTION"), "subscriptions")
    authenticate.add_argument(
        "--no-browser", action="store_true", help="print the address; do not open a browser"
    )
    authenticate.add_argument(
        "--timeout", type=float, metavar="S", help="seconds to wait (default: auth_timeout)"
    )
    authenticate.add_argument(
        "--yes",
        action="store_true",
        help="go ahead past Zoho's limits (a 21st refresh token deletes the oldest)",
    )
    _add_token_commands(commands)
    doctor = _parser(
        commands,
        "doctor",
        "check, read-only, everything a first real run needs: profile, secret store, network, "
        "clock, log-in, company, every endpoint",
        _doctor,
    )
    doctor_subscription = doctor.add_argument(
        "--subscription",
        metavar="SUB",
        help="also list this subscription's settings and persistent data named like tokens "
        "(values masked) and the access_token_name/refresh_token_name they suggest",
    )
    _names(doctor_subscription, "subscriptions")
    check_writes = doctor.add_argument(
        "--check-writes",
        metavar="INTEGRATION",
        help="also save this integration's first version and authorization type back unchanged, "
        "to confirm the write routes (says so before writing)",
    )
    _names(check_writes, "integrations")
    history = _parser(
        commands,
        "history",
        "every change this tool made to iPaaS.com, newest first (of one profile with --profile)",
        _history,
    )
    history.add_argument("--limit", type=int, metavar="N", help="at most N changes")
    undo = _parser(
        commands,
        "undo",
        "write a change's before-state back (default: the latest of this profile), after a "
        "diff and a conflict check",
        _undo,
    )
    undo.add_argument("id", nargs="?", metavar="ID", help="a change's id from `history`")
    undo.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    undo.add_argument("--yes", action="store_true", help="write without asking")
    completion = _parser(
        commands, "completion", "print a shell completion script", _completion, json=False
    )
    completion.add_argument("shell", nargs="?", choices=SHELLS)
    completion.add_argument(  # what the scripts run to list names (hidden; no network)
        "--names", choices=NAME_KINDS, help=argparse.SUPPRESS
    )
    completion.set_defaults(whole_parser=parser)


def _add_token_commands(commands: Any) -> None:
    tokens = _parser(
        commands,
        "tokens",
        "a subscription's tokens (masked); or refresh, verify or revoke them",
        _tokens,
    )
    tokens.usage = (
        "ipaas-auth tokens [refresh|verify|revoke] SUBSCRIPTION [--yes] [--profile NAME] "
        "[--json]\n       ipaas-auth tokens --all [--verify] [--profile NAME] [--json]"
    )
    words = tokens.add_argument(
        "words", nargs="*", metavar="WORD", help="[refresh|verify|revoke] SUBSCRIPTION"
    )
    _names(words, "tokens")  # the three actions, then subscriptions
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
    token = _parser(
        commands,
        "token",
        "print only the access token, refreshed first when it is expired or about to be "
        "(from this machine alone when it can: --json's source says where it came from)",
        _token,
    )
    _names(token.add_argument("subscription", metavar="SUBSCRIPTION"), "subscriptions")


def _add_local_commands(commands: Any) -> None:
    """The commands that need no company: profiles, the secrets, the sandbox."""
    profiles = _parser(commands, "profiles", "list and edit profiles (profiles.toml)", _profiles)
    actions = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    _parser(actions, "profiles list", "list profiles; * marks the default")
    show = _parser(
        actions, "profiles show", "show one profile as TOML (what profiles.toml holds for it)"
    )
    _names(
        show.add_argument(
            "name", nargs="?", help="default: --profile, $IPAAS_AUTH_PROFILE, the default"
        ),
        "profiles",
    )
    set_parser = _parser(
        actions, "profiles set", "create or update a profile: KEY=VALUE… (KEY= removes a key)"
    )
    set_parser.epilog = f"{profile_keys_epilog()}\n\n{set_parser.epilog}"
    _names(set_parser.add_argument("name"), "profiles")
    _names(set_parser.add_argument("assignments", nargs="+", metavar="KEY=VALUE"), "keys")
    for action, help in (("remove", "delete a profile"), ("default", "make a profile the default")):
        _names(_parser(actions, f"profiles {action}", help).add_argument("name"), "profiles")
    _parser(actions, "profiles keys", "list the keys a profile can have")

    login = _account(
        commands, "login", "store a profile's iPaaS.com password or API key in the keyring", _login
    )
    _account(commands, "logout", "forget a profile's stored secrets", _logout)
    login.add_argument("--api-key", action="store_true", help="store an API key, not a password")
    login.add_argument(
        "--no-verify", action="store_true", help="store without trying it against iPaaS.com"
    )

    from tui.sandbox.demo import STARTING_INTEGRATIONS
    from tui.sandbox.settings import add_flags

    sandbox = _parser(
        commands, "sandbox", "run the local iPaaS.com + Zoho simulator", _sandbox, json=False
    )
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


def _account(commands: Any, name: str, help: str, run: Run) -> argparse.ArgumentParser:
    """`login` or `logout`: a profile's secrets."""
    parser = _parser(commands, name, help, run)
    _names(
        parser.add_argument(
            "name",
            metavar="PROFILE",
            nargs="?",
            help="default: --profile, $IPAAS_AUTH_PROFILE, the default profile",
        ),
        "profiles",
    )
    return parser
