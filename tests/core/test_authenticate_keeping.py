"""The end of Authenticate, where the tokens go: the code is spent by then, so when the keyring
fails the tokens must still reach iPaaS.com and the face, with the reason they were not kept
locally; and tokens only this process's memory holds are "kept nowhere" for a command, whose
process ends, not for the console. Over real HTTP against the sandbox on loopback."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from config.profile import Profile
from config.secrets import FileSecrets, KeyringSecrets, SandboxSecrets, SecretStore
from config.tokens import ZohoTokens
from tests.console import sandbox_client
from tests.presenter import Recorder
from tui.connection import Target
from tui.core.authenticate import Authenticate, Authenticated, Face, Kept
from tui.core.authenticate_text import completion_notice, kept_nowhere_text
from tui.oauth.flow import AuthFlow
from tui.oauth.tokens import ACCESS_TOKEN, REFRESH_TOKEN, TokenStore
from tui.sandbox import SandboxServer


async def authenticate(
    auth_sandbox: SandboxServer, profile: Profile, secrets: SecretStore, face: Face | None = None
) -> tuple[Authenticated, dict[str, str]]:
    """One sign-in through the sandbox's consent page, the browser following the redirect to
    the listener; the outcome and what the subscription's persistent data holds afterwards."""
    data = auth_sandbox.ipaas.data
    async with sandbox_client(auth_sandbox) as client:
        subscription = await client.get_subscription(data.zoho_subscription_id)
        integration = await client.get_integration(data.zoho_integration_id)
        flow = AuthFlow(
            profile=profile,
            target=Target(auth_sandbox.url, None, dict(auth_sandbox.world.dc_urls)),
            subscription=subscription,
            template=integration.versions[0].oauth_url_template or "",
            custom_fields={},
        )
        store = TokenStore(secrets, profile.name, subscription.id)
        done = await Authenticate(flow, store, client).run(Recorder("browser"), face)
        assert isinstance(done, Authenticated), done
        pushed = {
            d.name: d.value
            for d in (await client.get_subscription(subscription.id)).persistent_data
        }
    return done, pushed


@pytest.mark.parametrize("push", [True, False])
async def test_tokens_survive_a_keyring_that_fails(
    auth_sandbox: SandboxServer, port: int, push: bool
) -> None:
    keyring.set_keyring(fail.Keyring())  # no keyring: SSH sessions and containers
    profile = Profile(name="acme", environment="staging", callback_port=port, push_tokens=push)
    done, pushed = await authenticate(auth_sandbox, profile, KeyringSecrets())

    assert isinstance(done.tokens, ZohoTokens) and done.tokens.refresh_token
    assert done.kept is Kept.NOWHERE and "No usable OS keyring" in done.keep_error
    message, severity = completion_notice(done)
    if push:
        assert done.pushed and pushed[ACCESS_TOKEN] == done.tokens.access_token
        assert pushed[REFRESH_TOKEN] == done.tokens.refresh_token
        assert severity == "warning" and "nothing was kept on this machine" in message
        assert not done.kept_nowhere
    else:
        assert not done.pushed and ACCESS_TOKEN not in pushed and done.push_off
        assert severity == "error" and "kept nowhere" in message
        assert done.kept_nowhere  # the console adds where to copy them (its own keys)


@pytest.mark.parametrize("push", [True, False])
async def test_a_sandbox_profile_without_a_keyring_keeps_its_tokens_in_memory(
    auth_sandbox: SandboxServer, port: int, push: bool
) -> None:
    keyring.set_keyring(fail.Keyring())
    profile = Profile(name="demo", environment="sandbox", callback_port=port, push_tokens=push)
    done, _pushed = await authenticate(auth_sandbox, profile, SandboxSecrets(KeyringSecrets()))
    assert done.kept is Kept.MEMORY and not done.keep_error and done.pushed is push
    message, severity = completion_notice(done)
    assert severity == "information"
    assert "saved in memory until you quit (no usable keyring)" in message
    assert "keyring and" not in message
    assert not done.kept_nowhere  # the console shows them until it quits


@pytest.mark.parametrize("push", [True, False])
async def test_for_a_command_memory_is_nowhere_on_this_machine(
    auth_sandbox: SandboxServer, port: int, push: bool
) -> None:
    """A command's memory ends with it: "saved in memory until you quit" would be untrue (the
    next `token` finds nothing). Nothing was kept here; the keyring's error says what to do."""
    keyring.set_keyring(fail.Keyring())
    profile = Profile(name="demo", environment="sandbox", callback_port=port, push_tokens=push)
    face = Face(process_ends=True)
    done, _pushed = await authenticate(
        auth_sandbox, profile, SandboxSecrets(KeyringSecrets()), face
    )
    assert done.kept is Kept.NOWHERE and done.pushed is push and done.kept_nowhere is not push
    assert done.keep_error.startswith("No usable OS keyring was found")
    assert 'set secret_storage = "file" in profiles.toml' in done.keep_error
    message, severity = completion_notice(done)
    assert "memory" not in message
    if push:
        assert severity == "warning" and message.startswith(
            "Tokens saved in the subscription's persistent data on iPaaS.com, but nothing was "
            "kept on this machine: No usable OS keyring was found"
        )
    else:
        assert kept_nowhere_text(done).endswith(
            "They were not sent to iPaaS.com (push_tokens is off)."
        )


async def test_a_profile_with_file_storage_says_its_tokens_are_in_that_file(
    auth_sandbox: SandboxServer, port: int, tmp_path: Path
) -> None:
    """secret_storage = "file": the notice named "the keyring", which holds nothing."""
    path = tmp_path / "secrets.json"
    profile = Profile(name="acme", environment="staging", callback_port=port)
    done, _pushed = await authenticate(auth_sandbox, profile, FileSecrets(path))
    assert done.kept is Kept.SECRETS_FILE and done.secrets_file == path
    message, severity = completion_notice(done)
    assert severity == "information"
    assert f"saved in the secrets file {path} and in the subscription's data" in message
    assert "keyring" not in message
    assert done.tokens.refresh_token in path.read_text()


def test_each_outcome_says_where_the_tokens_are() -> None:
    tokens = ZohoTokens("a", "r", expires_at=0.0, accounts_server="https://accounts.zoho.com")
    keyring_, nowhere = Kept.KEYRING, Kept.NOWHERE
    cases = {
        Authenticated(tokens, keyring_, pushed=True): ("information", "keyring and in the sub"),
        Authenticated(tokens, keyring_, push_off=True): ("information", "saved in the keyring."),
        Authenticated(tokens, keyring_, push_error="403"): ("warning", "not on iPaaS.com: 403"),
        Authenticated(tokens, nowhere, pushed=True, keep_error="locked"): (
            "warning",
            "nothing was kept on this machine: locked",
        ),
        Authenticated(tokens, nowhere, push_error="403", keep_error="locked"): (
            "error",
            "kept nowhere: locked iPaaS.com did not take them either: 403",
        ),
    }
    for done, (severity, words) in cases.items():
        message, got = completion_notice(done)
        assert got == severity and words in message, done
    lost = Authenticated(tokens, nowhere, push_error="403", keep_error="locked", kept_nowhere=True)
    assert kept_nowhere_text(lost) == "locked iPaaS.com did not take them: 403"


def test_no_refresh_token_is_said_first() -> None:
    tokens = ZohoTokens("a", "", expires_at=0.0, accounts_server="https://accounts.zoho.com")
    message, severity = completion_notice(Authenticated(tokens, Kept.KEYRING, pushed=True))
    assert severity == "warning" and message.startswith("Zoho sent no refresh token")
    assert message.endswith("tokens saved in the keyring and in the subscription's data.")


@pytest.mark.parametrize("push", [True, False])
async def test_tokens_survive_a_token_index_that_cannot_be_written(
    auth_sandbox: SandboxServer, port: int, isolated_home: Path, push: bool
) -> None:
    """The code is spent and a refresh token minted before the index counts them: an index
    that cannot be written (here a directory where the file should be) must not lose them."""
    (isolated_home / "token_index.json").mkdir(parents=True)
    profile = Profile(name="acme", environment="staging", callback_port=port, push_tokens=push)
    secrets = KeyringSecrets()
    done, pushed = await authenticate(auth_sandbox, profile, secrets)
    assert done.tokens.refresh_token and done.kept is Kept.KEYRING
    stored = await TokenStore(secrets, "acme", auth_sandbox.ipaas.data.zoho_subscription_id).load()
    assert stored is not None and stored.refresh_token == done.tokens.refresh_token
    assert done.pushed is push and (pushed.get(REFRESH_TOKEN) == done.tokens.refresh_token) is push


async def test_the_code_is_counted_off_the_event_loops_thread(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting waits for the index's lock (up to 10 s when another process holds it): on the
    event loop's thread that froze the console."""
    import threading

    import tui.core.authenticate as use_case

    counted_in: list[threading.Thread] = []
    real = use_case.note_authenticate

    def counting(*args: object, **kwargs: object) -> None:
        counted_in.append(threading.current_thread())
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(use_case, "note_authenticate", counting)
    profile = Profile(name="acme", environment="staging", callback_port=port, push_tokens=False)
    await authenticate(auth_sandbox, profile, KeyringSecrets())
    assert counted_in and threading.main_thread() not in counted_in
