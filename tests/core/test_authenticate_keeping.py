"""The end of Authenticate when the keyring fails: the code is spent by then, so the tokens
must still reach iPaaS.com and the screen, with the reason they were not kept locally."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

from config.profile import Profile
from config.secrets import FileSecrets, KeyringSecrets, SandboxSecrets, SecretStore
from config.tokens import ZohoTokens
from tests.browser import consent
from tests.console import sandbox_client
from tui.connection import Target
from tui.oauth.flow import AuthFlow, Completed, completion_notice
from tui.oauth.tokens import ACCESS_TOKEN, REFRESH_TOKEN, TokenStore
from tui.sandbox import SandboxServer


async def authenticate(
    auth_sandbox: SandboxServer, profile: Profile, secrets: SecretStore
) -> tuple[Completed, dict[str, str]]:
    """One Authenticate flow through the sandbox's consent page; the outcome and what the
    subscription's persistent data holds afterwards."""
    data = auth_sandbox.ipaas.data
    async with sandbox_client(auth_sandbox) as client:
        subscription = await client.get_subscription(data.zoho_subscription_id)
        integration = await client.get_integration(data.zoho_integration_id)
        flow = AuthFlow(
            profile=profile,
            target=Target(auth_sandbox.url, None, dict(auth_sandbox.world.dc_urls)),
            subscription=subscription,
            template=integration.versions[0].oauth_url_template,
            custom_fields={},
            store=TokenStore(secrets, profile.name, subscription.id),
            ipaas=client,
        )
        await flow.start()
        try:
            redirect = await asyncio.to_thread(consent, flow.url)
            async with httpx.AsyncClient() as browser:
                await browser.get(redirect)  # the browser follows Zoho's redirect to us
            completed = await flow.complete(await flow.wait())
        finally:
            await flow.close()
        pushed = {
            d.name: d.value
            for d in (await client.get_subscription(subscription.id)).persistent_data
        }
    return completed, pushed


@pytest.mark.parametrize("push", [True, False])
async def test_tokens_survive_a_keyring_that_fails(
    auth_sandbox: SandboxServer, port: int, push: bool
) -> None:
    keyring.set_keyring(fail.Keyring())  # no keyring: SSH sessions and containers
    profile = Profile(name="acme", environment="staging", callback_port=port, push_tokens=push)
    completed, pushed = await authenticate(auth_sandbox, profile, KeyringSecrets())

    assert isinstance(completed.tokens, ZohoTokens) and completed.tokens.refresh_token
    assert "No usable OS keyring" in completed.keep_error
    message, severity = completion_notice(completed)
    if push:
        assert completed.pushed and pushed[ACCESS_TOKEN] == completed.tokens.access_token
        assert pushed[REFRESH_TOKEN] == completed.tokens.refresh_token
        assert severity == "warning" and "not in this machine's keyring" in message
    else:
        assert not completed.pushed and ACCESS_TOKEN not in pushed
        assert severity == "error" and "copy them now" in message


async def test_a_sandbox_profile_without_a_keyring_says_its_tokens_are_in_memory(
    auth_sandbox: SandboxServer, port: int
) -> None:
    keyring.set_keyring(fail.Keyring())
    profile = Profile(name="demo", environment="sandbox", callback_port=port)
    completed, _pushed = await authenticate(auth_sandbox, profile, SandboxSecrets(KeyringSecrets()))
    assert not completed.keep_error and completed.pushed
    message, severity = completion_notice(completed)
    assert severity == "information"
    assert "saved in memory until you quit (no usable keyring)" in message
    assert "keyring and" not in message


async def test_a_profile_with_file_storage_says_its_tokens_are_in_that_file(
    auth_sandbox: SandboxServer, port: int, tmp_path: Path
) -> None:
    """secret_storage = "file": the notice named "the keyring", which holds nothing."""
    path = tmp_path / "secrets.json"
    profile = Profile(name="acme", environment="staging", callback_port=port)
    completed, _pushed = await authenticate(auth_sandbox, profile, FileSecrets(path))
    message, severity = completion_notice(completed)
    assert severity == "information"
    assert f"saved in the secrets file {path} and in the subscription's data" in message
    assert "keyring" not in message
    assert completed.tokens.refresh_token in path.read_text()


def test_each_outcome_says_where_the_tokens_are() -> None:
    tokens = ZohoTokens("a", "r", expires_at=0.0, accounts_server="https://accounts.zoho.com")
    cases = {
        Completed(tokens, pushed=True): ("information", "keyring and in the subscription"),
        Completed(tokens, pushed=False): ("information", "saved in the keyring."),
        Completed(tokens, pushed=False, push_error="403"): ("warning", "not on iPaaS.com: 403"),
        Completed(tokens, pushed=True, keep_error="locked"): ("warning", "keyring: locked"),
        Completed(tokens, pushed=False, push_error="403", keep_error="locked"): (
            "error",
            "kept nowhere: locked iPaaS.com did not take them either: 403",
        ),
    }
    for completed, (severity, words) in cases.items():
        message, got = completion_notice(completed)
        assert got == severity and words in message, completed


def test_kept_nowhere_names_why_and_only_when_nothing_keeps_them() -> None:
    from tui.core.authenticate import kept_nowhere

    tokens = ZohoTokens("a", "r", expires_at=0.0, accounts_server="https://accounts.zoho.com")
    assert kept_nowhere(Completed(tokens, pushed=False), process_ends=True) == ""
    assert kept_nowhere(Completed(tokens, pushed=True, keep_error="locked"), True) == ""
    memory = Completed(tokens, pushed=False, in_memory=True)
    assert kept_nowhere(memory, process_ends=False) == ""  # the console shows them until quit
    assert "memory" in kept_nowhere(memory, process_ends=True)
    lost = kept_nowhere(
        Completed(tokens, pushed=False, push_error="403", keep_error="locked"), True
    )
    assert lost.startswith("locked") and "did not take them: 403" in lost
