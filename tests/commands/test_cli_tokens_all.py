"""`ipaas-auth tokens --all [--verify] [--json]` against the sandbox over real HTTP."""

from __future__ import annotations

import json
import time

from config.secrets import SERVICE, tokens_key
from config.tokens import ZohoTokens
from tests.cli import run_cli
from tests.console import sandbox_profile_toml, write_profiles
from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer
from tui.sandbox.zoho_fleet import add_zoho_subscriptions


def keep_here(keyring: MemoryKeyring, sandbox: SandboxServer, subscription_id: str, tokens: ZohoTokens) -> None:
    keyring.set_password(SERVICE, f"demo:{tokens_key(subscription_id)}", tokens.to_json())


def test_smoke(sandbox: SandboxServer, memory_keyring: MemoryKeyring) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    fleet = add_zoho_subscriptions(sandbox, 3)
    result = run_cli("tokens", "--all", "--verify")
    print(result.stdout, result.stderr)
    result = run_cli("tokens", "--all", "--verify", "--json")
    print(result.stdout, result.stderr)
    assert 0
