"""The commands with a log-in that belongs to several companies and no company_id in the
profile: a choice the person makes, said on separate lines, with what to run (subprocesses
against a sandbox on loopback, as a script runs them)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
from tests.core.test_doctor import by_name
from tui.sandbox import SandboxServer, start_sandbox

EVIL = "Evil\nCo\x1b[2J"  # a company name with a newline and an escape sequence


@pytest.fixture
def two_companies() -> Iterator[SandboxServer]:
    server = start_sandbox(integrations=2, subscriptions=1, companies=2)
    yield server
    server.stop()


def company_ids(sandbox: SandboxServer) -> list[str]:
    return list(sandbox.ipaas.data.companies)


def test_integrations_lists_the_companies_one_a_line_each_escaped(
    two_companies: SandboxServer,
) -> None:
    sandbox_profile(two_companies)
    first, second = company_ids(two_companies)
    two_companies.ipaas.data.companies[second] = EVIL
    out = ipaas_auth("integrations")
    lines = out.stderr.splitlines()
    assert lines[0].startswith("ipaas-auth: This login belongs to 2 companies"), out.stderr
    assert "ipaas-auth profiles set demo company_id=ID" in lines[0]
    assert lines[1] == f"  {first}  Sandbox Company"
    assert lines[2] == f"  {second}  Evil\\x0aCo\\x1b[2J"  # the server's newline stays escaped
    assert len(lines) == 3 and "\\x0a" not in lines[0] + lines[1]


def test_doctor_says_to_set_company_id_lists_the_companies_and_checks_listing_them(
    two_companies: SandboxServer,
) -> None:
    sandbox_profile(two_companies)
    first, second = company_ids(two_companies)
    two_companies.ipaas.data.companies[second] = EVIL
    out = ipaas_auth("doctor", "--json")
    assert out.returncode == 1, out.stdout + out.stderr
    checks = by_name(json.loads(out.stdout))
    assert checks["log-in"]["status"] == "ok"
    company = checks["company"]
    assert company["status"] == "failure"
    assert "the log-in works" in company["detail"] and "2 companies" in company["detail"]
    assert "ipaas-auth profiles set demo company_id=ID" in company["fix"]
    assert "bug report" not in company["fix"]
    assert f"{first}  Sandbox Company" in company["fix"].splitlines()
    assert checks["GET companies"]["status"] == "ok", checks["GET companies"]
    assert "2 companies" in checks["GET companies"]["detail"]
    assert "needs a company" in checks["GET integrations"]["detail"]
    assert two_companies.ipaas.calls["integrations"] == 0

    text = ipaas_auth("doctor").stdout.splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("FAIL  company: "))
    assert "\\x0a" not in text[at] + text[at + 1]
    assert text[at + 1].startswith("      -> Choose one: `ipaas-auth profiles set demo")
    assert text[at + 2].strip() == f"{first}  Sandbox Company"
    assert text[at + 3].strip() == f"{second}  Evil\\x0aCo\\x1b[2J"
    assert text[at + 4].startswith("ok    GET companies: 2 companies")


def test_status_says_the_log_in_worked_and_a_company_must_be_chosen_exit_3(
    two_companies: SandboxServer,
) -> None:
    sandbox_profile(two_companies)
    first, second = company_ids(two_companies)
    two_companies.ipaas.data.companies[second] = EVIL
    out = ipaas_auth("status")
    assert out.returncode == 3, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert "Logged in     yes" in lines
    at = next(i for i, line in enumerate(lines) if line.startswith("Company       none chosen"))
    assert "ipaas-auth profiles set demo company_id=ID" in lines[at]
    assert lines[at + 1] == f"  {first}  Sandbox Company"
    assert lines[at + 2] == f"  {second}  Evil\\x0aCo\\x1b[2J"
    data = json.loads(ipaas_auth("status", "--json").stdout)
    assert data["logged_in"] is True and data["company"] is None
    assert data["companies"] == [
        {"id": first, "name": "Sandbox Company"},
        {"id": second, "name": EVIL},
    ]
    assert "company_id=ID" in data["problem"]
    assert ipaas_auth("integrations").returncode == 3  # every command: a person has to act
