"""The scriptable commands as a script runs them (in-process, tests/cli.py; the seed procedure
and a few others through bash and real processes) against a sandbox on loopback: text and
--json, exit codes (0 ok, 1 failure, 2 usage, 3 log-in needed, 4 conflict)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from config.environments import KNOWN_ENVIRONMENTS, portal_redirect_url
from config.paths import secrets_file_path
from config.zoho import ZOHO_COMMERCE_TEMPLATE
from tests.cli import PASTE_THE_CONSENT, Result, run_cli
from tests.console import write_profiles
from tests.writes import save
from tui.sandbox import SandboxServer, demo, start_sandbox

ROOT = Path(__file__).parent.parent.parent
PRESET = ["--preset", "zoho-commerce"]


def ipaas_auth(
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    before_read: Callable[[], object] | None = None,
) -> Result:
    """The command run in-process (tests/cli.py): a script's view, without an interpreter's
    start-up per call."""
    return run_cli(*args, stdin=stdin, env=env, before_read=before_read)


def sandbox_profile(sandbox: SandboxServer, extra: str = "") -> None:
    # A subprocess cannot see the tests' in-memory keyring: use the explicit file storage.
    write_profiles(
        f'secret_storage = "file"\ndefault = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n'
        f'api_url = "{sandbox.url}"\n{extra}'
    )


def zoho_version(sandbox: SandboxServer) -> dict[str, object]:
    data = sandbox.ipaas.data
    version: dict[str, object] = data.integrations[data.zoho_integration_id]["versions"][0]
    return version


def test_version_flag_names_python_textual_and_the_secret_store() -> None:
    out = ipaas_auth("--version")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("ipaas-auth ")
    assert lines[1].startswith("Python 3.")
    assert lines[2].startswith("Textual ")
    assert lines[3].startswith("Secret store: ")


def test_version_flag_names_the_file_store_before_any_profile_exists() -> None:
    write_profiles('secret_storage = "file"\n')
    out = ipaas_auth("--version")
    assert out.returncode == 0, out.stderr
    assert "Secret store: file " in out.stdout


def test_version_flag_says_when_there_is_no_usable_keyring() -> None:
    keyring.set_keyring(FailKeyring())  # the memory_keyring fixture puts its own back after
    out = ipaas_auth("--version")
    assert out.returncode == 0, out.stderr
    assert "Secret store: no usable keyring" in out.stdout
    assert "IPAAS_AUTH_PASSWORD" in out.stdout  # and what to do instead


def test_listings_in_text_and_json_with_a_filter(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    text = ipaas_auth("integrations", "--filter", "zoho")
    assert text.returncode == 0, text.stderr
    assert text.stdout.strip() == f"{sandbox.ipaas.data.zoho_integration_id}  Zoho Commerce"
    rows = json.loads(ipaas_auth("subscriptions", "--json").stdout)
    names = [r["name"] for r in rows]
    assert demo.ZOHO_SUBSCRIPTION_NAME in names and len(rows) == 3
    # Nothing listed says why, on stderr; stdout stays the (empty) result.
    none = ipaas_auth("integrations", "--filter", "no-such-thing")
    assert none.returncode == 0 and none.stdout == ""
    assert none.stderr.strip() == "No integrations match 'no-such-thing'."
    assert json.loads(ipaas_auth("subscriptions", "--json", "--filter", "nothing").stdout) == []


def test_names_ids_ambiguity_and_exit_codes(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    zoho_id = sandbox.ipaas.data.zoho_integration_id
    by_id = json.loads(ipaas_auth("version", "show", zoho_id, "--json").stdout)
    by_part = json.loads(ipaas_auth("version", "show", "ZOHO", "--json").stdout)
    assert by_id == by_part and by_id["integration"]["id"] == zoho_id
    assert by_id["findings"][0]["severity"] == "error"  # the template is still empty

    ambiguous = ipaas_auth("version", "show", "generated")
    assert ambiguous.returncode == 1
    assert "matches 3 integrations" in ambiguous.stderr
    assert "Generated Integration 00002" in ambiguous.stderr
    unknown = ipaas_auth("version", "show", "magento", "--json")
    assert unknown.returncode == 1
    assert "ipaas-auth integrations" in json.loads(unknown.stdout)["error"]["message"]
    assert ipaas_auth("version", "apply", "zoho").returncode == 2  # neither --preset nor --from
    assert ipaas_auth("tokens", "renew", "demo").returncode == 2


def test_a_profile_without_a_stored_login_exits_3_and_the_environment_password_works(
    sandbox: SandboxServer,
) -> None:
    write_profiles(
        f'secret_storage = "file"\n[profiles.acme]\nenvironment = "staging"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "{sandbox.url}"\n'
    )
    env = {"IPAAS_AUTH_PROFILE": "acme"}
    missing = ipaas_auth("integrations", env=env)
    assert missing.returncode == 3
    assert "ipaas-auth login acme" in missing.stderr
    status = ipaas_auth("status", "--json", env=env)
    assert status.returncode == 3 and json.loads(status.stdout)["logged_in"] is False
    with_password = ipaas_auth(
        "status", "--profile", "acme", env={"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    )
    assert with_password.returncode == 0, with_password.stderr
    assert f"Company       {demo.COMPANY_NAME}" in with_password.stdout
    assert not secrets_file_path().exists()  # the password from the environment is not kept
    # The profile naming its company (company_id): status shows its name, not the id.
    company = sandbox.ipaas.data.company_id
    write_profiles(
        f'secret_storage = "file"\n[profiles.acme]\nenvironment = "staging"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "{sandbox.url}"\ncompany_id = "{company}"\n'
    )
    named = ipaas_auth(
        "status", "--profile", "acme", "--json", env={"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    )
    assert json.loads(named.stdout)["company"] == demo.COMPANY_NAME, named.stderr


def test_apply_dry_run_changes_nothing_and_yes_saves_the_preset(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    before = json.dumps(zoho_version(sandbox), sort_keys=True)
    dry = ipaas_auth("version", "apply", "zoho", *PRESET, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    result = json.loads(dry.stdout)
    assert result["changed"] and not result["saved"]
    assert f"+ {ZOHO_COMMERCE_TEMPLATE}" in result["diff"]
    assert json.dumps(zoho_version(sandbox), sort_keys=True) == before

    declined = ipaas_auth("version", "apply", "zoho", *PRESET, stdin="n\n")
    assert declined.returncode == 1 and "Not saved." in declined.stderr
    assert json.dumps(zoho_version(sandbox), sort_keys=True) == before

    saved = ipaas_auth("version", "apply", "zoho", *PRESET, "--yes")
    assert saved.returncode == 0, saved.stderr
    assert "Authorization type (of the integration)" in saved.stdout
    assert zoho_version(sandbox)["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
    again = ipaas_auth("version", "apply", "zoho", *PRESET, "--yes")
    assert "nothing to change" in again.stdout


def test_apply_the_recommended_preset(sandbox: SandboxServer) -> None:
    from config.presets import recommended_template

    sandbox_profile(sandbox)
    saved = ipaas_auth("version", "apply", "zoho", "--preset", "recommended", "--yes", "--json")
    assert saved.returncode == 0, saved.stderr
    result = json.loads(saved.stdout)
    assert result["saved"] and result["findings"] == []
    assert zoho_version(sandbox)["oauth_url_template"] == recommended_template()
    assert "&prompt=consent" in recommended_template()
    seed = ipaas_auth("version", "apply", "zoho", *PRESET, "--dry-run", "--json")
    fixes = [f["fix"] for f in json.loads(seed.stdout)["findings"]]
    assert fixes == [
        "add &prompt=consent",
        "remove ZohoCommerce.webhooks.READ",
        "remove ZohoCommerce.webhooks.CREATE",
    ]


def test_a_change_made_elsewhere_while_asking_is_a_conflict_exit_4(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)

    def change_elsewhere() -> None:  # the version read, the command now asking
        zoho_version(sandbox)["oauth_url_template"] = "changed on iPaaS.com meanwhile"

    done = ipaas_auth(
        "version", "apply", "zoho", *PRESET, stdin="y\n", before_read=change_elsewhere
    )
    assert "will change" in done.stdout
    assert done.returncode == 4, done.stderr
    assert "changed on iPaaS.com since you opened it" in done.stderr
    assert zoho_version(sandbox)["oauth_url_template"] == "changed on iPaaS.com meanwhile"


@pytest.fixture
def production() -> Iterator[SandboxServer]:
    server = start_sandbox(integrations=1, subscriptions=1)
    yield server
    server.stop()


def test_export_from_staging_then_apply_to_production_reproduces_the_setup(
    sandbox: SandboxServer, production: SandboxServer, tmp_path: Path
) -> None:
    write_profiles(
        f'secret_storage = "file"\n[profiles.staging]\nenvironment = "staging"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "{sandbox.url}"\n'
        f'[profiles.prod]\nenvironment = "production"\nemail = "{demo.IPAAS_EMAIL}"\n'
        f'api_url = "{production.url}"\n'
    )
    env = {"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    staged = ipaas_auth(
        "version", "apply", "zoho", *PRESET, "--yes", "--profile", "staging", env=env
    )
    assert staged.returncode == 0, staged.stderr
    staging_url = portal_redirect_url(KNOWN_ENVIRONMENTS["staging"].portal_url)
    production_url = portal_redirect_url(KNOWN_ENVIRONMENTS["production"].portal_url)
    assert staging_url in staged.stdout

    export = ipaas_auth("--profile", "staging", "version", "export", "zoho", env=env)
    assert export.returncode == 0, export.stderr
    setup = tmp_path / "setup.toml"
    setup.write_text(export.stdout)
    applied = ipaas_auth(
        "version", "apply", "zoho", "--from", str(setup), "--yes", "--profile", "prod", env=env
    )
    assert applied.returncode == 0, applied.stderr
    assert f"+ {production_url!r}" in applied.stdout

    shown = [
        json.loads(ipaas_auth("version", "show", "zoho", "--json", "--profile", p, env=env).stdout)
        for p in ("staging", "prod")
    ]
    assert shown[0]["oauth_url_template"] == shown[1]["oauth_url_template"]
    assert shown[1]["custom_fields"] == [
        {"key": "RedirectUrl", "value": production_url, "available_in_api": True}
    ]
    assert shown[0]["authorization_type_id"] == shown[1]["authorization_type_id"] == 1


def test_token_without_consent_exits_3(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    out = ipaas_auth("token", "demo store")
    assert out.returncode == 3
    assert "ipaas-auth authenticate" in out.stderr and out.stdout == ""


def test_the_completion_script_loads_in_bash() -> None:
    script = ipaas_auth("completion", "bash")
    assert script.returncode == 0, script.stderr
    loaded = subprocess.run(
        ["bash", "-c", "source <(cat) && complete -p ipaas-auth"],
        input=script.stdout,
        text=True,
        capture_output=True,
        timeout=30,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "ipaas-auth" in loaded.stdout


SEED_PROCEDURE = (
    r"""
set -euo pipefail
ipaas() { "$PYTHON" -m tui "$@"; }
ipaas version apply "Zoho Commerce" --preset zoho-commerce --yes >/dev/null
mkfifo paste
exec 3<>paste
ipaas authenticate "Demo Store" --no-browser --json <paste >auth.json 2>auth.err &
pid=$!
"""
    + PASTE_THE_CONSENT
    + r"""
token=$(ipaas token "Demo Store")
"$PYTHON" - "$token" <<'PY'
import sys, httpx, os
answer = httpx.get(os.environ["ZOHO"] + "/store/api/v1/salesorders",
    headers={"Authorization": "Zoho-oauthtoken " + sys.argv[1],
             "X-com-zoho-store-organizationid": os.environ["ORG"]})
assert answer.status_code == 200, answer.text
PY
ipaas tokens verify "Demo Store"
ipaas status --json >status.json
"""
)


def test_the_seed_procedure_without_the_console(port: int, tmp_path: Path) -> None:
    """Apply the preset, authenticate with the redirect pasted on stdin, use the token."""
    server = start_sandbox(
        integrations=1, subscriptions=1, redirect_uris=[f"http://localhost:{port}/callback"]
    )
    try:
        sandbox_profile(server, f"callback_port = {port}\n")
        record = server.ipaas.data.integrations[server.ipaas.data.zoho_integration_id]
        before = json.loads(json.dumps(record))
        done = subprocess.run(
            ["bash", "-c", SEED_PROCEDURE],
            text=True,
            capture_output=True,
            cwd=tmp_path,
            env={
                **os.environ,
                "PYTHON": sys.executable,
                "PYTHONPATH": str(ROOT),
                "ZOHO": server.world.dc_urls["us"],
                "ORG": demo.ZOHO_ORGANIZATION_ID,
            },
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        # The seed's three settings are set, and nothing else of the integration changed.
        version, was = record["versions"][0], before["versions"][0]
        assert version["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
        assert [f["key"] for f in version["custom_fields"]] == ["RedirectUrl"]
        assert record["oauth_authorization_type_id"] == 1
        seed = ("oauth_url_template", "custom_fields")
        assert {k: v for k, v in version.items() if k not in seed} == {
            k: v for k, v in was.items() if k not in seed
        }
        others = ("versions", "oauth_authorization_type_id")
        assert {k: v for k, v in record.items() if k not in others} == {
            k: v for k, v in before.items() if k not in others
        }
        completed = json.loads((tmp_path / "auth.json").read_text())
        assert completed["pushed"] and completed["access_token"].startswith("••••")
        assert "Redirect URI" in (tmp_path / "auth.err").read_text()
        assert done.stdout.strip()  # what Zoho Commerce answered the verification
        status = json.loads((tmp_path / "status.json").read_text())
        assert status["logged_in"] and status["company"] == demo.COMPANY_NAME
        [kept] = status["subscriptions"]
        assert kept["name"] == demo.ZOHO_SUBSCRIPTION_NAME and kept["tokens"]["expires_in"] > 0
    finally:
        server.stop()


def test_the_same_change_made_elsewhere_while_asking_is_already_saved(
    sandbox: SandboxServer,
) -> None:
    import asyncio
    import threading

    from tests.console import sandbox_client
    from tui.core.draft import VersionDraft
    from tui.core.versions import pick_version, preset_for

    async def apply_the_preset_elsewhere() -> None:
        async with sandbox_client(sandbox) as other:
            integration = await other.get_integration(sandbox.ipaas.data.zoho_integration_id)
            draft = VersionDraft.of(integration, pick_version(integration))
            draft.apply_preset(preset_for(KNOWN_ENVIRONMENTS["production"].portal_url))
            await save(other, integration.id, draft.version, draft.edit)

    def apply_elsewhere() -> None:  # the version read, the command now asking
        # In a thread of its own: the command's event loop is the one waiting for the answer.
        elsewhere = threading.Thread(target=asyncio.run, args=(apply_the_preset_elsewhere(),))
        elsewhere.start()
        elsewhere.join(30)
        sandbox.ipaas.requests.clear()

    sandbox_profile(sandbox)
    done = ipaas_auth("version", "apply", "zoho", *PRESET, stdin="y\n", before_read=apply_elsewhere)
    assert "will change" in done.stdout
    assert done.returncode == 0, done.stderr
    assert "Already saved" in done.stdout and "nothing written" in done.stdout
    assert not any(method == "PUT" and "Version" in path for method, path in sandbox.ipaas.requests)
    assert zoho_version(sandbox)["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
