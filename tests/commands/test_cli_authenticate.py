"""`ipaas-auth authenticate` as a script runs it (in-process, tests/cli.py), against a sandbox on
loopback: what it says over SSH (the `ssh -L` command, with the sandbox's own page forwarded
too), where it says the tokens went when no keyring keeps them, and how it ends: on the listener,
from a paste when its port is taken, at its timeout, after a caution, tokens masked or printed
once when nothing keeps them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from tests.cli import PASTE_THE_CONSENT, Result, run_cli
from tests.console import write_profiles
from tui.sandbox import SandboxServer

ROOT = Path(__file__).parent.parent.parent
STAND_IN = ROOT / "tests" / "stand_in_browser.py"
BROWSER = {"BROWSER": f"{sys.executable} {STAND_IN} %s"}  # accepts, follows the redirect
SSH = {"SSH_CONNECTION": "203.0.113.9 50000 198.51.100.7 22", "USER": "ana"}
PLACEHOLDER = "<the host you connected to>"


def sandbox_profile(
    sandbox: SandboxServer, port: int, extra: str = "", secrets_in_file: bool = False
) -> None:
    """A sandbox profile on `sandbox`, secrets in the keyring (the default) or, for a command run
    as a real process (it cannot see the tests' in-memory keyring), in the secrets file."""
    storage = 'secret_storage = "file"\n' if secrets_in_file else ""
    write_profiles(
        f'{storage}default = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n'
        f'api_url = "{sandbox.url}"\ncallback_port = {port}\n{extra}'
    )


def authenticate(*args: str, env: dict[str, str] | None = None) -> Result:
    return run_cli("authenticate", "demo store", *args, env=env)


def test_without_a_keyring_it_says_nothing_was_kept_here_and_exits_1(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """The usual case over SSH: no keyring. "Tokens saved in memory until you quit", exit 0,
    was untrue for a command (its memory ends with it, and the next `token` found nothing)."""
    sandbox_profile(auth_sandbox, port)  # push_tokens on: iPaaS.com takes them
    keyring.set_keyring(FailKeyring())  # the memory_keyring fixture puts its own back after
    done = authenticate(env=BROWSER)
    assert done.returncode == 1, done.stderr
    assert "memory" not in done.stdout + done.stderr
    said = " ".join(done.stderr.split())
    assert (
        "ipaas-auth: Tokens saved in the subscription's persistent data on iPaaS.com, but "
        "nothing was kept on this machine: No usable OS keyring was found"
    ) in said
    assert 'set secret_storage = "file" in profiles.toml' in said
    assert "Secret Service, KWallet" in said  # or the keyring to install
    assert "`ipaas-auth token` on this machine finds no tokens for this subscription" in said
    assert done.stdout.startswith("Access token   ••••")  # masked: iPaaS.com has them
    # As it says: the next `token` here finds nothing (exit 3), and says why: authenticating
    # again alone would keep nothing again.
    token = run_cli("token", "demo store")
    assert token.returncode == 3
    said = " ".join(token.stderr.split())
    assert "and a command keeps none here: No usable OS keyring was found" in said, said
    assert 'set secret_storage = "file" in profiles.toml' in said, said
    assert said.endswith("Then authenticate it again: `ipaas-auth authenticate 7000`."), said
    shown = run_cli("tokens", "demo store")
    said = " ".join(shown.stdout.split())
    assert "a command keeps none here: No usable OS keyring" in said, said
    assert said.endswith("Then authenticate it again: `ipaas-auth authenticate 7000`."), said

    as_json = authenticate("--json", env=BROWSER)
    result = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and result["kept_in"] == "" and result["pushed"] is True
    assert result["keep_error"].startswith("No usable OS keyring was found")
    assert result["kept_nowhere"] is False and result["access_token"].startswith("••••")


def test_with_the_secrets_file_it_is_kept_here_and_exits_0(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """The fix the message names: secret_storage = "file" keeps them without a keyring."""
    write_profiles(
        f'secret_storage = "file"\ndefault = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n'
        f'api_url = "{auth_sandbox.url}"\ncallback_port = {port}\n'
    )
    keyring.set_keyring(FailKeyring())
    done = authenticate(env=BROWSER)
    assert done.returncode == 0, done.stderr
    assert "Authenticated: tokens saved in the secrets file" in done.stdout
    assert run_cli("token", "demo store").returncode == 0


def test_over_ssh_the_forward_command_names_no_guessed_host(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same rule as the screen's (tui/core/authenticate.py): no browser opens over SSH, and
    one `ssh -L` command is printed, --no-browser or not. SSH_CONNECTION's address is this
    side's (wrong behind NAT, a jump host or an alias): a placeholder, unless
    IPAAS_AUTH_SSH_HOST names the host. The sandbox's sign-in page is on this machine's
    loopback too: the command forwards its port with the callback port."""
    monkeypatch.delenv("BROWSER")
    sandbox_profile(auth_sandbox, port)
    page = auth_sandbox.servers["us"].server_port
    forwards = f"ssh -L {port}:localhost:{port} -L {page}:127.0.0.1:{page}"
    for extra in ([], ["--no-browser"]):
        done = authenticate("--timeout", "0.2", *extra, env=SSH)
        assert done.returncode == 1 and "within 0.2 s (--timeout)" in done.stderr
        assert f"\n  {forwards} {PLACEHOLDER}\n" in done.stderr
        assert "198.51.100.7" not in done.stderr and "ana@" not in done.stderr
        said = " ".join(done.stderr.split())
        assert "This is an SSH session: open the URL in a browser on your own" in said
        assert f"The sign-in page is served on this machine (the sandbox, port {page})" in said
        assert f"Replace {PLACEHOLDER} with what you type after ssh" in said
        assert "IPAAS_AUTH_SSH_HOST" in said
    named = authenticate("--timeout", "0.2", env={**SSH, "IPAAS_AUTH_SSH_HOST": "ana@bastion"})
    assert f"\n  {forwards} ana@bastion\n" in named.stderr
    assert "Replace" not in named.stderr


def test_headless_without_ssh_the_forward_is_the_way_from_another_machine(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No display and no SSH (a container, a server's console), --no-browser or not: the same
    rule as the screen's. The address first, for a browser that reaches this machine's ports;
    then the `ssh -L` forward, for a browser on another machine; never "your own machine"."""
    monkeypatch.delenv("BROWSER")
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):  # DISPLAY: conftest's
        monkeypatch.delenv(name, raising=False)
    sandbox_profile(auth_sandbox, port)
    page = auth_sandbox.servers["us"].server_port
    forwards = f"ssh -L {port}:localhost:{port} -L {page}:127.0.0.1:{page} {PLACEHOLDER}"
    for extra in ([], ["--no-browser"]):
        done = authenticate("--timeout", "0.2", *extra)
        assert done.returncode == 1 and "within 0.2 s (--timeout)" in done.stderr
        said = done.stderr
        assert "No browser can be opened on this machine (no display).\n" in said
        opening = (
            f"Open this address in a browser that can reach this machine's ports {port} and "
            f"{page} to give consent:\n  http"
        )
        other = f"To use a browser on another machine, run this there first:\n  {forwards}\n"
        assert said.index(opening) < said.index(other) < said.index("Or paste here")
        assert "own machine" not in said


def test_the_21st_refresh_token_needs_yes_as_revoking_a_live_one_does(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """Zoho deletes a client's oldest refresh token when a 21st is minted, maybe the one a live
    integration uses: the console asks first; a command, with nobody to ask, must not go ahead
    on its own (as `tokens revoke` does not): nothing starts until --yes says so."""
    from tui.core.token_ledger import Seen, TokenLedger
    from tui.sandbox import demo

    sandbox_profile(auth_sandbox, port)
    ledger = TokenLedger()
    ledger.record_tokens(
        [Seen(f"1000.old{i}", demo.ZOHO_CLIENT_ID, "us", "7000") for i in range(20)], 1.0
    )
    refused = authenticate(env=BROWSER)
    assert refused.returncode == 1, refused.stderr
    said = " ".join(refused.stderr.split())
    assert "refresh token number 21" in said and "add --yes" in said
    assert ledger.recent_codes(demo.ZOHO_CLIENT_ID, 2e9) == []  # no consent was asked for
    done = authenticate("--yes", env=BROWSER)
    assert done.returncode == 0, done.stderr
    assert len(ledger.live_tokens(demo.ZOHO_CLIENT_ID, "us")) == 21


BUSY_PORT_PASTE = (
    r"""
set -euo pipefail
mkfifo paste
exec 3<>paste
"$PYTHON" -m tui authenticate "Demo Store" --no-browser --json <paste >auth.json 2>auth.err &
pid=$!
"""
    + PASTE_THE_CONSENT
)


def test_authenticate_on_a_busy_port_finishes_from_stdin(
    auth_sandbox: SandboxServer, port: int, tmp_path: Path
) -> None:
    import socket

    sandbox_profile(auth_sandbox, port, secrets_in_file=True)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        done = subprocess.run(
            ["bash", "-c", BUSY_PORT_PASTE],
            text=True,
            capture_output=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHON": sys.executable, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
    errors = (tmp_path / "auth.err").read_text()
    assert done.returncode == 0, done.stderr + errors
    assert f"Port {port} is already in use" in errors and "callback_port=PORT" in errors
    assert json.loads((tmp_path / "auth.json").read_text())["access_token"].startswith("••••")


def test_authenticate_completes_on_the_listener_when_the_browser_comes_back(
    auth_sandbox: SandboxServer, port: int
) -> None:
    sandbox_profile(auth_sandbox, port, secrets_in_file=True)
    done = run_cli("authenticate", "demo store", env=BROWSER)
    assert done.returncode == 0, done.stderr
    assert "Authenticated: tokens saved" in done.stdout
    assert f"http://localhost:{port}/callback" in done.stderr
    shown = json.loads(run_cli("tokens", "demo store", "--json").stdout)
    assert shown["tokens"]["stored"] and shown["tokens"]["access_token"].startswith("••••")


def test_authenticate_gives_up_after_its_timeout(auth_sandbox: SandboxServer, port: int) -> None:
    sandbox_profile(auth_sandbox, port, secrets_in_file=True)
    done = run_cli("authenticate", "demo store", "--no-browser", "--timeout", "0.5")
    assert done.returncode == 1
    assert "No answer from the browser within 0.5 s (--timeout)" in done.stderr
    assert run_cli("authenticate", "demo store", "--timeout", "0").returncode == 2


def test_authenticate_says_a_pre_flight_caution_and_goes_on_with_yes(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody to ask (stdin is the paste source): the caution is said on stderr first, and
    without --yes nothing starts."""
    from tui.core.authenticate import Authenticate, Caution

    async def cautions(self: Authenticate) -> list[Caution]:
        return [Caution("zoho-limit", "a refresh token too many")]

    monkeypatch.setattr(Authenticate, "preflight", cautions)
    monkeypatch.setenv("BROWSER", "true")  # one would open, but for --no-browser
    sandbox_profile(auth_sandbox, port, secrets_in_file=True)
    stopped = run_cli("authenticate", "demo store", "--no-browser", "--timeout", "0.2")
    assert stopped.returncode == 1 and "a refresh token too many" in stopped.stderr
    assert "add --yes" in stopped.stderr and "Redirect URI" not in stopped.stderr
    done = run_cli("authenticate", "demo store", "--no-browser", "--timeout", "0.2", "--yes")
    caution = done.stderr.index("a refresh token too many")
    assert done.returncode == 1 and caution < done.stderr.index("Redirect URI")
    assert "--no-browser: open the URL yourself." in done.stderr


def test_authenticate_prints_tokens_kept_nowhere_once_unmasked(
    auth_sandbox: SandboxServer, port: int
) -> None:
    # A keyring that fails (memory only, gone when the command ends) and push_tokens off: the
    # tokens would be lost, so they are printed once with a warning.
    write_profiles(
        f'default = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n'
        f'api_url = "{auth_sandbox.url}"\ncallback_port = {port}\npush_tokens = false\n'
    )
    keyring.set_keyring(FailKeyring())  # the memory_keyring fixture puts its own back after
    env = BROWSER
    done = run_cli("authenticate", "demo store", env=env)
    assert done.returncode == 1, done.stderr
    assert "kept NOWHERE" in done.stderr and "push_tokens is off" in done.stderr
    world = auth_sandbox.world
    [access] = world.access_tokens
    refresh = world.access_tokens[access].refresh_token
    assert f"Access token   {access}\n" in done.stdout
    assert f"Refresh token  {refresh}\n" in done.stdout
    assert access not in done.stderr
    data = auth_sandbox.ipaas.data
    pushed = [d["name"] for d in data.subscriptions[data.zoho_subscription_id]["persistent_data"]]
    assert "AccessToken" not in pushed

    as_json = run_cli("authenticate", "demo store", "--json", env=env)
    result = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and result["kept_nowhere"] is True
    assert result["access_token"] in world.access_tokens


def test_authenticate_with_a_keyring_masks_the_tokens(
    auth_sandbox: SandboxServer, port: int
) -> None:
    sandbox_profile(auth_sandbox, port, "push_tokens = false\n", secrets_in_file=True)
    done = run_cli("authenticate", "demo store", "--json", env=BROWSER)
    result = json.loads(done.stdout)
    assert done.returncode == 0 and result["kept_nowhere"] is False
    assert result["access_token"].startswith("••••") and "NOWHERE" not in done.stderr
