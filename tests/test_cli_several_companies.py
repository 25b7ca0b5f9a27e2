"""The commands with a log-in that belongs to several companies and no company_id in the
profile: a choice the person makes, said on separate lines, with what to run (subprocesses
against a sandbox on loopback, as a script runs them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.test_cli_commands import ipaas_auth, sandbox_profile
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
