"""`ipaas-auth login` / `logout`, run as a script would: the secret on standard input."""

from __future__ import annotations

import json

from config.paths import profiles_path, secrets_file_path
from tests.cli import Result, run_cli
from tests.console import write_profiles
from tui.sandbox import SandboxServer, demo


def run(*args: str, stdin: str = "") -> Result:
    return run_cli(*args, stdin=stdin)


def file_profile(sandbox: SandboxServer, extra: str = "") -> None:
    # A subprocess cannot see the tests' in-memory keyring: use the explicit file storage.
    write_profiles(
        f'secret_storage = "file"\n[profiles.acme]\nenvironment = "staging"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "{sandbox.url}"\n{extra}'
    )


def test_login_verifies_then_stores_and_logout_forgets(sandbox: SandboxServer) -> None:
    file_profile(sandbox)
    before = profiles_path().read_bytes()
    wrong = run("login", "acme", stdin="not-it\n")
    assert wrong.returncode == 1 and "refused the login" in wrong.stderr
    assert not secrets_file_path().exists()
    stored = run("login", "acme", stdin=demo.IPAAS_PASSWORD + "\n")
    assert stored.returncode == 0, stored.stderr
    assert json.loads(secrets_file_path().read_text()) == {
        "acme:ipaas_password": demo.IPAAS_PASSWORD
    }
    assert profiles_path().read_bytes() == before  # the secret went elsewhere
    assert run("logout", "acme").returncode == 0
    assert json.loads(secrets_file_path().read_text()) == {}


def test_an_api_key_is_tried_before_it_is_stored(sandbox: SandboxServer) -> None:
    file_profile(sandbox, f'company_id = "{sandbox.ipaas.data.company_id}"\n')
    assert run("login", "acme", "--api-key", stdin="wrong-key\n").returncode == 1
    stored = run("login", "acme", "--api-key", stdin=demo.IPAAS_API_KEY + "\n")
    assert stored.returncode == 0, stored.stderr
    assert json.loads(secrets_file_path().read_text()) == {"acme:ipaas_api_key": demo.IPAAS_API_KEY}


def test_login_errors(sandbox: SandboxServer) -> None:
    write_profiles('[profiles.noemail]\nenvironment = "staging"\n')
    result = run("login", "noemail", stdin="x\n")
    assert result.returncode == 1 and "has no email" in result.stderr
    assert run("login", "ghost", stdin="x\n").returncode == 1
    file_profile(sandbox)
    empty = run("login", "acme", stdin="\n")
    assert empty.returncode == 1 and "nothing was stored" in empty.stderr
