"""Without profiles.toml each command starts its own sandbox: it says so once on stderr (never
in --json stdout), and how to share one; status names the API it really used."""

from __future__ import annotations

import json

import keyring
from keyring.backends.fail import Keyring as FailKeyring

from tests.commands.test_cli_commands import ipaas_auth
from tests.core.test_doctor import by_name

SAID = "This command started its own sandbox, which starts fresh"


def test_a_command_on_its_own_sandbox_says_so_once_on_stderr() -> None:
    out = ipaas_auth("version", "show", "Zoho Commerce", "--json")
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout)  # stdout stays one JSON document
    assert out.stderr.count(SAID) == 1, out.stderr
    assert "ipaas-auth sandbox --port 8900" in out.stderr
    assert "api_url=http://127.0.0.1:8900" in out.stderr
    failed = ipaas_auth("version", "show", "no such integration")
    assert failed.returncode == 1 and failed.stderr.count(SAID) == 1, failed.stderr
    doctor = ipaas_auth("doctor", "--json")
    assert doctor.stderr.count(SAID) == 1, doctor.stderr
    assert SAID not in doctor.stdout


def test_authenticate_without_a_template_names_the_command_that_sets_it() -> None:
    """The README's script commands on the own sandbox: `version apply` is gone with its
    sandbox, so `authenticate` finds no template; a command's user is told the command too."""
    out = ipaas_auth("authenticate", "Demo Store", "--no-browser")
    assert out.returncode == 1, out.stderr
    said = " ".join(out.stderr.split())
    assert "has no OAuth URL template" in said, said
    assert "`ipaas-auth version apply INTEGRATION --preset zoho-commerce --yes`" in said, said


def test_status_names_the_api_it_started_in_text_and_json() -> None:
    text = ipaas_auth("status")
    assert text.returncode == 0, text.stderr
    api = next(line for line in text.stdout.splitlines() if line.startswith("API"))
    assert api.startswith("API           http://127.0.0.1:"), api
    assert api.endswith(" (started by ipaas-auth for this command)"), api
    assert text.stderr.count(SAID) == 1, text.stderr
    out = ipaas_auth("status", "--json")
    data = json.loads(out.stdout)
    assert data["api_url"].startswith("http://127.0.0.1:"), data
    assert SAID in out.stderr and SAID not in out.stdout


def test_doctor_says_a_keyring_that_does_not_work_does_not_and_what_to_do() -> None:
    keyring.set_keyring(FailKeyring())  # the memory_keyring fixture puts its own back after
    out = ipaas_auth("doctor", "--json")
    check = by_name(json.loads(out.stdout))["secret store"]
    assert check["status"] == "warning"
    assert "does not work: no usable OS keyring was found" in check["detail"], check
    assert "took" not in check["detail"]  # a read from memory times nothing
    assert "secret_storage" in check["fix"] and "IPAAS_AUTH_PASSWORD" in check["fix"]
