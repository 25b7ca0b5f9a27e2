"""Shell completion offers names: profiles, `profiles set NAME KEY=` keys, `tokens
refresh|verify|revoke`, and integration and subscription names from the list cache, never
from the network. The scripts are checked for what they need; bash, installed here, is run."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
from tests.console import write_profiles
from tui.core import list_cache
from tui.sandbox import SandboxServer, demo

# Nothing listens on port 9: a name that came from the network could not come at all.
PROFILES = (
    'default = "acme"\n'
    '[profiles.acme]\nenvironment = "custom"\napi_url = "http://127.0.0.1:9"\n'
    '[profiles.other]\nenvironment = "custom"\napi_url = "http://127.0.0.1:9"\n'
    'company_id = "c2"\n'
)


def cache(profile: str, kind: str, names: list[str], company_id: str = "") -> None:
    """A list cache file, as the console or `ipaas-auth integrations` leaves it."""
    identity = list_cache.identity_of(profile, "custom", "http://127.0.0.1:9", company_id)
    rows = [(str(i), name) for i, name in enumerate(names, 1)]
    assert list_cache.save(identity, company_id, rows, len(rows), kind)


def names(*args: str) -> list[str]:
    result = run_cli("completion", "--names", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture
def cached() -> None:
    write_profiles(PROFILES)
    cache("acme", "integrations", ["Zoho Commerce", "Shopify", "bad\x1b[2Jname"])
    cache("acme", "subscriptions", ["Demo Store", "Second Store"])
    cache("other", "integrations", ["Magento"], company_id="c2")


def test_names_come_from_the_cache_of_the_profile_in_use(cached: None) -> None:
    assert names("integrations") == ["Shopify", "Zoho Commerce"]  # the control one is left out
    assert names("subscriptions") == ["Demo Store", "Second Store"]
    assert names("integrations", "--profile", "other") == ["Magento"]
    assert run_cli(
        "completion", "--names", "integrations", env={"IPAAS_AUTH_PROFILE": "other"}
    ).stdout.splitlines() == ["Magento"]
    assert names("subscriptions", "--profile", "other") == []  # nothing cached: nothing offered


def test_tokens_offers_its_actions_then_subscriptions(cached: None) -> None:
    assert names("tokens") == ["refresh", "verify", "revoke", "Demo Store", "Second Store"]


def test_profiles_and_keys(cached: None) -> None:
    assert names("profiles") == ["acme", "other"]
    keys = names("keys")
    assert "environment=" in keys and "callback_port=" in keys and "push_tokens=" in keys


def test_a_broken_profiles_file_offers_nothing_and_says_nothing() -> None:
    write_profiles("[profiles.acme\n")
    for kind in ("profiles", "integrations", "subscriptions"):
        result = run_cli("completion", "--names", kind)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_listing_commands_fill_the_cache_completion_reads(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    assert names("subscriptions") == []
    assert ipaas_auth("subscriptions", "--filter", "nothing-matches").returncode == 0
    assert ipaas_auth("integrations").returncode == 0
    assert demo.ZOHO_SUBSCRIPTION_NAME in names("subscriptions")  # the whole list, unfiltered
    assert "Zoho Commerce" in names("integrations")


KINDS = ("profiles", "keys", "tokens", "integrations", "subscriptions")
# How each shell's script calls the names of a kind.
CALLS = {
    "bash": "_ipaas_auth_{kind}",
    "zsh": "_ipaas_auth_names {kind}",
    "fish": "(__ipaas_auth_names {kind})",
    "powershell": "_ipaas_auth_{kind}",
}


@pytest.mark.parametrize("shell", list(CALLS))
def test_each_script_has_every_command_and_every_kind_of_name(shell: str) -> None:
    result = run_cli("completion", shell)
    assert result.returncode == 0, result.stderr
    script = result.stdout
    assert "ipaas-auth completion --names" in script
    for kind in KINDS:
        assert CALLS[shell].format(kind=kind) in script, kind
    for command in ("authenticate", "subscriptions", "tokens", "doctor", "export", "profiles"):
        assert command in script, command  # the whole command line, not one command's
    assert "refresh" in script and "revoke" in script  # tokens refresh|verify|revoke SUB


def completions(bin_dir: Path, *words: str) -> list[str]:
    """What bash offers after `ipaas-auth WORDS` (the last is the word being completed, as
    typed: `Demo\\ S`), with our script loaded, as a person pressing Tab would get it."""
    program = (
        'source <(ipaas-auth completion bash)\nCOMP_WORDS=("$@")\n'
        "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n_ipaas_auth_complete ipaas-auth\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", program, "bash", "ipaas-auth", *words],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture
def on_path(tmp_path: Path, cached: None) -> Path:
    """`ipaas-auth` on PATH, as an installed tool is."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "ipaas-auth"
    program.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m tui "$@"\n')
    program.chmod(0o755)
    return bin_dir


def test_bash_completes_names_for_real(on_path: Path) -> None:
    assert completions(on_path, "tokens", "") == [
        "refresh",
        "verify",
        "revoke",
        "Demo\\ Store",
        "Second\\ Store",
    ]
    assert completions(on_path, "tokens", "refresh", "S") == ["Second\\ Store"]
    assert completions(on_path, "authenticate", "Demo\\ ") == ["Demo\\ Store"]
    assert completions(on_path, "--profile", "other", "version", "show", "") == ["Magento"]
    assert completions(on_path, "version", "show", "--profile", "other", "") == ["Magento"]
    assert completions(on_path, "profiles", "set", "acme", "env") == ["environment="]
    assert completions(on_path, "status", "--profile", "o") == ["other"]


def test_completion_needs_a_shell_or_names_not_both() -> None:
    assert run_cli("completion").returncode == 2
    both = run_cli("completion", "bash", "--names", "profiles")
    assert both.returncode == 2 and "not both" in both.stderr
