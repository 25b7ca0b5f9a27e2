"""What a warm command asks of iPaaS.com (the sandbox counts every request): `token` by id with
a good kept token asks nothing at all, by name only the list, and says which; `version show`
and `tokens` read an id at once, without the list."""

from __future__ import annotations

import json
import time

import keyring
import pytest

from config.secrets import SERVICE, tokens_key
from config.tokens import ZohoTokens
from tests.cli import run_cli
from tests.console import staging_profile_toml, write_profiles
from tui.sandbox import SandboxServer, demo


@pytest.fixture
def warm(sandbox: SandboxServer) -> SandboxServer:
    """A profile with its password stored, used once (its company session kept), and Zoho
    tokens kept for the Zoho Commerce subscription, good for an hour."""
    write_profiles(staging_profile_toml(sandbox))
    keyring.set_password(SERVICE, "acme:ipaas_password", demo.IPAAS_PASSWORD)
    subscription = sandbox.ipaas.data.zoho_subscription_id
    tokens = ZohoTokens("zoho-access", "zoho-refresh", time.time() + 3600, accounts_server="x")
    keyring.set_password(SERVICE, f"acme:{tokens_key(subscription)}", tokens.to_json())
    assert run_cli("status").returncode == 0
    sandbox.ipaas.calls.clear()
    sandbox.ipaas.requests.clear()
    return sandbox


def test_token_by_id_answers_from_this_machine_without_a_request(warm: SandboxServer) -> None:
    out = run_cli("token", warm.ipaas.data.zoho_subscription_id, "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert (answer["access_token"], answer["source"]) == ("zoho-access", "kept")
    assert list(warm.ipaas.requests) == []  # not even a log-in
    plain = run_cli("token", warm.ipaas.data.zoho_subscription_id)
    assert plain.stdout == "zoho-access\n" and plain.stderr == ""  # a script's view: the token


def test_token_by_name_asks_only_for_the_list(warm: SandboxServer) -> None:
    out = run_cli("token", "demo store", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["source"] == "listed"
    assert [name for name, n in warm.ipaas.calls.items() if n] == ["subscriptions"]
    assert warm.ipaas.calls["subscriptions"] == 1


def test_token_by_id_without_kept_tokens_reads_the_subscription(warm: SandboxServer) -> None:
    zoho = warm.ipaas.data.zoho_subscription_id
    other = next(i for i in warm.ipaas.data.subscriptions if i != zoho)
    out = run_cli("token", other)
    assert out.returncode == 3 and "ipaas-auth authenticate" in out.stderr
    assert [name for name, n in warm.ipaas.calls.items() if n] == ["subscription"]


def test_version_show_by_id_reads_the_integration_alone(warm: SandboxServer) -> None:
    zoho = warm.ipaas.data.zoho_integration_id
    out = run_cli("version", "show", zoho, "--json")
    assert out.returncode == 0, out.stderr
    assert [name for name, n in warm.ipaas.calls.items() if n] == ["integration_edit"]


def test_a_number_that_is_no_id_is_still_found_by_name(warm: SandboxServer) -> None:
    zoho = warm.ipaas.data.integrations[warm.ipaas.data.zoho_integration_id]
    zoho["name"] = "2024"
    warm.ipaas.listings.invalidate()
    out = run_cli("version", "show", "2024", "--json")
    assert out.returncode == 0, out.stderr
    assert warm.ipaas.calls["integrations"] == 1


def test_a_refresh_pushed_to_ipaas_reads_the_subscription_once_before_writing(
    warm: SandboxServer,
) -> None:
    """The read that checks iPaaS.com holds these tokens (or none) is the read the write then
    journals and restores from: the subscription is found, read, written and read back. The
    same for a revoke's blanks."""
    from tui.sandbox.zoho_fleet import add_zoho_subscriptions

    [minted] = add_zoho_subscriptions(warm, 1)  # its tokens on iPaaS.com, as a push left them
    us = warm.world.dc_urls["us"]
    kept = ZohoTokens(minted.access_token, minted.refresh_token, 0, accounts_server=us)
    keyring.set_password(SERVICE, f"acme:{tokens_key(minted.subscription_id)}", kept.to_json())
    out = run_cli("tokens", "refresh", minted.subscription_id, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["push_error"] == ""
    stored = keyring.get_password(SERVICE, f"acme:{tokens_key(minted.subscription_id)}")
    new = ZohoTokens.from_json(stored or "").access_token
    held = warm.ipaas.data.subscriptions[minted.subscription_id]["persistent_data"]
    assert new != minted.access_token and any(d["value"] == new for d in held)  # pushed
    assert warm.ipaas.calls["subscription"] == 3
    warm.ipaas.calls.clear()
    gone = run_cli("tokens", "revoke", minted.subscription_id, "--yes", "--json")
    assert gone.returncode == 0, gone.stderr
    held = warm.ipaas.data.subscriptions[minted.subscription_id]["persistent_data"]
    assert all(not d["value"] for d in held if d["name"] in ("AccessToken", "RefreshToken"))
    assert warm.ipaas.calls["subscription"] == 3  # the same for the blanks a revoke writes
