"""--profile, --json and --debug before or after the command's name (as gh and gcloud take
them), and --json on every command that prints data: the profiles commands (`profiles show`
in TOML a parser reads), login and logout, `version export`. In-process (tests/cli.py)."""

from __future__ import annotations

import argparse
import json
import tomllib
from collections.abc import Iterator

import pytest

from config.paths import state_dir
from config.zoho import ZOHO_COMMERCE_TEMPLATE
from tests.cli import run_cli
from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
from tests.console import write_profiles
from tests.docs.reference import commands
from tests.docs.test_docs import words as shell_words
from tui.__main__ import build_parser
from tui.commands.help_text import EXAMPLES
from tui.sandbox import SandboxServer, demo

TWO_PROFILES = (
    'default = "prod"\n[profiles.prod]\nenvironment = "production"\n'
    '[profiles.acme]\nenvironment = "staging"\nemail = "me@example.com"\n'
)


def leaf_commands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command that runs something, by its words (`version show`, `profiles list`)."""
    for parser, _ in list(commands(build_parser()))[1:]:
        if parser._subparsers is None:  # argparse's; tests/docs/reference.py reads it too
            yield parser.prog.removeprefix("ipaas-auth "), parser


@pytest.mark.parametrize(("words", "parser"), list(leaf_commands()))
def test_every_command_takes_the_global_options_after_its_name(
    words: str, parser: argparse.ArgumentParser
) -> None:
    """Each command's first example (its help's, which parses) with the options after it, or
    before its name."""
    example = next(e for e in EXAMPLES[words] if e.startswith(f"ipaas-auth {words}"))
    argv = shell_words(example.removeprefix("ipaas-auth"))
    flags = ["--profile", "x", "--debug"]
    if parser.get_default("prints_json") is not False:
        flags.append("--json")
    argv = [word for word in argv if word not in flags]
    after = build_parser().parse_args([*argv, *flags])
    before = build_parser().parse_args([*flags, *argv])
    for args in (after, before):
        assert (args.profile, args.debug) == ("x", True)
        assert args.json == ("--json" in flags)


def test_profile_and_json_before_or_after_give_the_same_result(sandbox: SandboxServer) -> None:
    write_profiles(
        'secret_storage = "file"\ndefault = "other"\n[profiles.other]\nenvironment = "staging"\n'
        f'[profiles.demo]\nenvironment = "sandbox"\napi_url = "{sandbox.url}"\n'
    )
    runs = [
        ipaas_auth("--profile", "demo", "--json", "subscriptions"),
        ipaas_auth("subscriptions", "--profile", "demo", "--json"),
        ipaas_auth("--json", "subscriptions", "--profile", "demo"),
    ]
    for result in runs:
        assert result.returncode == 0, result.stderr
    documents = [json.loads(result.stdout) for result in runs]
    assert documents[0] == documents[1] == documents[2]
    assert demo.ZOHO_SUBSCRIPTION_NAME in [row["name"] for row in documents[0]]


def test_debug_after_the_command_writes_the_trace(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    log = state_dir() / "debug.log"
    assert not log.exists()
    result = ipaas_auth("integrations", "--debug")
    assert result.returncode == 0, result.stderr
    assert "> POST http://127.0.0.1" in log.read_text(encoding="utf-8")


def test_profile_after_a_profiles_command_chooses_the_profile() -> None:
    write_profiles(TWO_PROFILES)
    shown = run_cli("profiles", "show", "--profile", "acme", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["name"] == "acme"
    named = run_cli("--profile", "acme", "profiles", "show", "prod", "--json")
    assert json.loads(named.stdout)["name"] == "prod"  # a NAME given wins
    default = run_cli("profiles", "show", "--json")
    assert json.loads(default.stdout)["name"] == "prod"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--json",), "--json goes with a command"),
        (("--json", "sandbox"), "prints no JSON"),
        (("--json", "completion", "bash"), "prints no JSON"),
    ],
)
def test_json_where_nothing_prints_json_is_a_usage_error(args: tuple[str, ...], says: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert says in result.stderr


# --- --json on every command that prints data ----------------------------------------------


def test_the_profiles_commands_print_json() -> None:
    created = run_cli("profiles", "set", "acme", "environment=staging", "--json")
    assert json.loads(created.stdout)["saved"] == "acme"
    run_cli("profiles", "set", "prod", "environment=production")
    listed = json.loads(run_cli("--json", "profiles", "list").stdout)
    assert listed == [
        {"name": "acme", "environment": "staging", "email": "", "default": True},
        {"name": "prod", "environment": "production", "email": "", "default": False},
    ]
    shown = json.loads(run_cli("profiles", "show", "acme", "--json").stdout)
    assert shown["settings"]["environment"] == "staging" and shown["default"] is True
    assert shown["callback_url"] == "http://localhost:8976/callback"
    keys = json.loads(run_cli("profiles", "keys", "--json").stdout)
    assert "environment" in [key["name"] for key in keys["keys"]]
    assert json.loads(run_cli("profiles", "default", "prod", "--json").stdout) == {
        "default": "prod"
    }
    assert json.loads(run_cli("profiles", "remove", "acme", "--json").stdout) == {"removed": "acme"}
    assert json.loads(run_cli("profiles", "list", "--json").stdout)[0]["name"] == "prod"


def test_no_profiles_is_an_empty_list_in_json_and_a_hint_on_stderr() -> None:
    result = run_cli("profiles", "list", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []
    assert "No profiles yet" in result.stderr


HOSTILE_EXTRAS = r"""
default = "acme"
[profiles.acme]
environment = "staging"
email = "me@example.com"
"note\u001b]0;x\u0007" = "caf\u00e9 \u202e \u009b"
"two words" = [1, 2]
when = 1979-05-27T07:32:00Z
[profiles.acme.endpoints]
login = "POST /sso/v2/Auth/Login"
[profiles.acme.later]
a = 1
"""


@pytest.mark.parametrize("encoding", [None, "ascii", "latin-1"])
def test_profiles_show_prints_toml_a_parser_reads(encoding: str | None) -> None:
    write_profiles(HOSTILE_EXTRAS)
    shown = run_cli("profiles", "show", "acme", encoding=encoding)
    assert shown.returncode == 0, shown.stderr
    document = tomllib.loads(shown.stdout)
    assert document["environment"] == "staging" and document["callback_port"] == 8976
    assert document["pkce"] is False and document["email"] == "me@example.com"
    assert document["note\x1b]0;x\x07"] == "caf\u00e9 \u202e \x9b"
    assert document["two words"] == [1, 2]
    assert document["when"].year == 1979
    assert document["endpoints"] == {"login": "POST /sso/v2/Auth/Login"}
    assert document["later"] == {"a": 1}
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout  # inert on a terminal


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_profiles_show_json_on_a_narrow_stdout_is_one_valid_document(encoding: str) -> None:
    write_profiles(HOSTILE_EXTRAS)
    shown = run_cli("profiles", "show", "--json", encoding=encoding)
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    assert document["extra"]["note\x1b]0;x\x07"] == "caf\u00e9 \u202e \x9b"
    assert document["extra"]["when"] == "1979-05-27T07:32:00+00:00"


def test_login_and_logout_print_json() -> None:
    write_profiles('default = "box"\n[profiles.box]\nenvironment = "sandbox"\n')
    logged_in = run_cli("login", "--json")
    assert logged_in.returncode == 0, logged_in.stderr
    assert json.loads(logged_in.stdout) == {"profile": "box", "stored": None, "where": None}
    logged_out = run_cli("logout", "--profile", "box", "--json")
    assert logged_out.returncode == 0, logged_out.stderr
    assert json.loads(logged_out.stdout)["profile"] == "box"


def test_version_export_json_is_the_exported_toml_as_data(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    env = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    ipaas_auth("version", "apply", "zoho", "--preset", "zoho-commerce", "--yes", env=env)
    text = ipaas_auth("version", "export", "zoho", env=env)
    data = ipaas_auth("--json", "version", "export", "zoho", env=env)
    assert text.returncode == 0 and data.returncode == 0, data.stderr
    assert json.loads(data.stdout) == tomllib.loads(text.stdout)
    assert json.loads(data.stdout)["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
