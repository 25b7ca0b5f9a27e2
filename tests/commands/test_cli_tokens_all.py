"""`ipaas-auth tokens --all [--verify] [--json]` and `tokens revoke`'s warning, run as a script
would (`main(argv)` in this process) against the sandbox over real HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path

from config.secrets import SERVICE, tokens_key
from config.tokens import ZohoTokens
from tests.cli import run_cli
from tests.console import sandbox_profile_toml, write_profiles
from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer
from tui.sandbox.zoho_fleet import add_zoho_subscriptions

FIELDS = {
    "subscription",
    "id",
    "kept_here",
    "on_ipaas",
    "expires_at",
    "has_refresh_token",
    "verified",
    "client_id",
    "dc",
    "problem",
    "fix",
}


def test_json_lists_every_subscription_problems_first_and_exits_1(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    fleet = add_zoho_subscriptions(sandbox, 2)
    result = run_cli("tokens", "--all", "--verify", "--json")
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)
    assert all(set(row) == FIELDS for row in rows)
    assert len(rows) == len(sandbox.ipaas.data.subscriptions)
    assert rows[0]["id"] == sandbox.ipaas.data.zoho_subscription_id
    assert rows[0]["problem"] == "no tokens" and "ipaas-auth authenticate" in rows[0]["fix"]
    by_id = {row["id"]: row for row in rows}
    for minted in fleet:
        row = by_id[minted.subscription_id]
        assert (row["on_ipaas"], row["kept_here"], row["problem"]) == (True, False, None)
        assert row["verified"]["ok"] is True and row["dc"] == "us"
        assert row["client_id"] == minted.client_id
    text = run_cli("tokens", "--all")
    assert text.returncode == 1
    assert text.stdout.splitlines()[0].endswith("1 with a problem.")
    assert "problem: no tokens" in text.stdout and "verified" in text.stdout  # remembered
    assert re.search(r"expires in \d+ min", text.stdout), text.stdout  # the fleet's fresh tokens


def test_exit_0_when_nothing_is_wrong(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    demo = sandbox.ipaas.data.subscriptions[sandbox.ipaas.data.zoho_subscription_id]
    demo["settings"]["Client ID"] = ""  # not a Zoho subscription then
    add_zoho_subscriptions(sandbox, 3)
    result = run_cli("tokens", "--all", "--verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 with a problem" in result.stdout


def test_verify_goes_with_all(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    assert run_cli("tokens", "--verify").returncode == 2
    assert run_cli("tokens", "--all", "7000").returncode == 2


def test_revoke_asks_for_yes_before_cutting_off_the_integrations_token(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    (minted,) = add_zoho_subscriptions(sandbox, 1)
    tokens = ZohoTokens(
        minted.access_token, minted.refresh_token, minted.expires_at, "", sandbox.url, "us"
    )
    key = f"demo:{tokens_key(minted.subscription_id)}"
    memory_keyring.set_password(SERVICE, key, tokens.to_json())
    refused = run_cli("tokens", "revoke", minted.subscription_id)
    assert refused.returncode == 1
    assert "the integration uses it" in refused.stderr and "--yes" in refused.stderr
    assert minted.refresh_token in sandbox.world.refresh_tokens  # nothing was revoked
    done = run_cli("tokens", "revoke", minted.subscription_id, "--yes")
    assert done.returncode == 0, done.stderr
    assert minted.refresh_token not in sandbox.world.refresh_tokens
    assert memory_keyring.get_password(SERVICE, key) is None


def test_an_index_that_cannot_be_written_does_not_cost_the_overview(
    sandbox: SandboxServer, isolated_home: Path
) -> None:
    """The index only counts: the rows read, and the verifications made at Zoho (which spend
    refreshes), are still shown when it cannot be written (here a directory in its place)."""
    write_profiles(sandbox_profile_toml(sandbox))
    add_zoho_subscriptions(sandbox, 2)
    (isolated_home / "token_index.json").mkdir(parents=True)
    for argv in (("tokens", "--all", "--json"), ("tokens", "--all", "--verify", "--json")):
        result = run_cli(*argv)
        assert result.returncode == 1, result.stderr
        rows = json.loads(result.stdout)
        assert len(rows) == len(sandbox.ipaas.data.subscriptions)
    assert sum(1 for row in rows if row["verified"] and row["verified"]["ok"]) == 2
