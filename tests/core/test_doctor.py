"""`ipaas-auth doctor`: as a script runs it (the command in-process, tests/cli.py) against a
sandbox on loopback, and the layer's checks where the order of events or a local TLS server
matters."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from tests.clients.test_tls_and_proxy import https_server  # noqa: F401  (a fixture)
from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile, zoho_version
from tests.console import write_profiles
from tui.core.checks import Check
from tui.core.doctor import diagnose
from tui.core.network_checks import network_checks, route_to
from tui.sandbox import SandboxServer, demo

GETS = (
    "companies",
    "change_company",
    "integrations",
    "integration",
    "integration_edit",
    "subscriptions",
)
WRITES = ("update_integration", "update_version", "update_subscription", "persistent_data")


def by_name(report: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {c["name"]: c for c in report["checks"]}


def test_all_ok_against_the_sandbox_exits_0_with_every_check_in_json(
    sandbox: SandboxServer,
) -> None:
    sandbox_profile(sandbox)
    out = ipaas_auth("doctor", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["profile"] == "demo"
    checks = by_name(report)
    for name in ("profile", "secret store", "proxy", "DNS", "TCP", "TLS", "clock", "log-in"):
        assert name in checks, name
    for name in ("company", *(f"GET {n}" for n in (*GETS, "subscription"))):
        assert checks[name]["status"] == "ok", checks[name]
    assert all(set(c) == {"name", "status", "detail", "fix"} for c in report["checks"])
    assert not [c for c in report["checks"] if c["status"] == "failure"]
    assert checks["TLS"]["detail"] == "not used (http)"
    assert "127.0.0.1" in checks["DNS"]["detail"] and "127.0.0.1" in checks["TCP"]["detail"]
    assert "/subscriptions/v2/Integration/{integration_id}" in checks["GET integration"]["detail"]
    edit = checks["GET integration_edit"]["detail"]
    assert "/integrators/v2/Integration/{integration_id}" in edit and "OAuth fields" in edit
    assert checks["POST login"]["status"] == "ok"  # the log-in exercised it
    for name in ("update_integration", "update_version", "update_subscription"):
        check = checks[f"PUT {name}"]
        assert check["status"] == "warning" and "assumed, not checked" in check["detail"]
    assert "documented, not checked" in checks["POST persistent_data"]["detail"]
    assert "--check-writes" in checks["PUT update_version"]["fix"]
    assert sandbox.ipaas.calls["update_version"] == 0  # read-only

    text = ipaas_auth("doctor")
    assert text.returncode == 0, text.stderr
    assert "ok    GET integrations: " in text.stdout
    assert text.stdout.rstrip().endswith("0 failed, 4 warnings, profile demo"), text.stdout


def test_a_missing_get_route_fails_naming_the_paths_and_the_override(
    sandbox: SandboxServer,
) -> None:
    sandbox_profile(sandbox)
    sandbox.ipaas.disable("integration")
    sandbox.ipaas.hide("integration_edit")
    out = ipaas_auth("doctor", "--json")
    assert out.returncode == 1, out.stderr
    checks = by_name(json.loads(out.stdout))
    check = checks["GET integration"]
    assert check["status"] == "failure"
    assert "'integration'" in check["detail"]
    assert "/subscriptions/v2/Integration/{integration_id} (HTTP 404)" in check["detail"]
    assert "[profiles.demo.endpoints]" in check["fix"]
    assert 'integration = "GET /subscriptions/v2/Integration/{integration_id}"' in check["fix"]
    edit = checks["GET integration_edit"]
    assert edit["status"] == "failure"
    assert "/integrators/v2/Integration/{integration_id} (HTTP 404)" in edit["detail"]
    assert "saving a version is refused" in edit["detail"]
    text = ipaas_auth("doctor")
    assert text.returncode == 1
    assert "FAIL  GET integration: no route" in text.stdout


def test_check_writes_says_so_first_then_saves_nothing_new(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    integration = sandbox.ipaas.data.integrations[sandbox.ipaas.data.zoho_integration_id]
    integration["oauth_authorization_type_id"] = 2
    before = json.dumps(zoho_version(sandbox), sort_keys=True)
    out = ipaas_auth("doctor", "--check-writes", "zoho", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "--check-writes: saving version" in out.stderr
    assert "back exactly as read" in out.stderr
    checks = by_name(json.loads(out.stdout))
    assert checks["PUT update_version"]["status"] == "ok"
    assert "saved unchanged" in checks["PUT update_version"]["detail"]
    assert "authorization type 2 saved unchanged" in checks["PUT update_integration"]["detail"]
    assert "assumed, not checked" in checks["PUT update_subscription"]["detail"]
    assert json.dumps(zoho_version(sandbox), sort_keys=True) == before
    assert integration["oauth_authorization_type_id"] == 2
    assert sandbox.ipaas.calls["update_version"] == 1
    assert sandbox.ipaas.calls["update_integration"] == 1


async def test_check_writes_with_the_fallback_read_sends_nothing_and_says_why() -> None:
    from tui.sandbox import start_sandbox
    from tui.sandbox.clock import FakeClock

    with start_sandbox(
        clock=FakeClock(), integrations=1, subscriptions=0, integrators_read=False
    ) as server:
        zoho = server.ipaas.data.integrations[server.ipaas.data.zoho_integration_id]
        zoho["versions"][0]["oauth_url_template"] = "https://accounts.zoho.com/oauth/v2/auth"
        before = json.dumps(zoho, sort_keys=True)
        sandbox_profile(server)
        report = await diagnose(None, check_writes="zoho")
        checks = {c.name: c for c in report.checks}
        version = checks["PUT update_version"]
        assert version.status == "warning" and "not checked" in version.detail
        assert "oauth_url_template" in version.detail
        typed = checks["PUT update_integration"]
        assert typed.status == "warning" and "could not be confirmed" in typed.detail
        assert [m for m, _ in server.ipaas.requests if m == "PUT"] == []
        assert json.dumps(zoho, sort_keys=True) == before


async def test_check_writes_announces_before_the_first_write(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    seen: list[tuple[str, int]] = []
    calls = sandbox.ipaas.calls
    report = await diagnose(
        None,
        check_writes="zoho",
        before_write=lambda text: seen.append(
            (text, calls["update_version"] + calls["update_integration"])
        ),
    )
    assert not report.failed, report.checks
    assert len(seen) == 1 and seen[0][1] == 0  # nothing written when it was said
    assert "/Version/{version_id}" in seen[0][0]
    assert calls["update_version"] == 1 and calls["update_integration"] == 1


def test_without_credentials_a_warning_and_the_gets_need_a_log_in(sandbox: SandboxServer) -> None:
    write_profiles(
        f'secret_storage = "file"\n[profiles.acme]\nenvironment = "staging"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "{sandbox.url}"\n'
    )
    out = ipaas_auth("doctor", "--profile", "acme", "--json")
    assert out.returncode == 0, out.stdout + out.stderr  # warnings only
    checks = by_name(json.loads(out.stdout))
    assert checks["log-in"]["status"] == "warning"
    assert "ipaas-auth login acme" in checks["log-in"]["fix"]
    assert "company" not in checks
    for name in GETS:
        assert checks[f"GET {name}"]["status"] == "warning"
        assert "needs a log-in" in checks[f"GET {name}"]["detail"]
    assert sandbox.ipaas.calls["integrations"] == 0
    with_password = ipaas_auth(
        "doctor", "--profile", "acme", "--json", env={"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD}
    )
    login = by_name(json.loads(with_password.stdout))["log-in"]
    assert login["status"] == "ok" and "IPAAS_AUTH_PASSWORD" in login["detail"]


def test_a_profile_that_does_not_load_is_one_failure() -> None:
    write_profiles('[profiles.acme]\nenvironment = "moon"\n')
    out = ipaas_auth("doctor", "--profile", "acme", "--json")
    assert out.returncode == 1
    (check,) = json.loads(out.stdout)["checks"]
    assert check["name"] == "profile" and check["status"] == "failure"
    assert "moon" in check["detail"]


async def test_a_self_signed_certificate_fails_tls_with_a_fix_naming_ssl_cert_file(
    https_server: tuple[str, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, cert = https_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    checks: list[Check] = []
    await network_checks(url, checks.append)
    tls = next(c for c in checks if c.name == "TLS")
    assert tls.status == "failure", tls
    assert "SSL_CERT_FILE" in tls.fix
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # what the fix says to do
    trusted: list[Check] = []
    await network_checks(url, trusted.append)
    assert next(c for c in trusted if c.name == "TLS").status == "ok"


async def test_a_proxy_is_named_and_dns_and_tcp_go_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    proxy = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = proxy.sockets[0].getsockname()[1]
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:pw@127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        checks: list[Check] = []
        await network_checks("https://api.example.invalid", checks.append)
    finally:
        proxy.close()
    named = {c.name: c for c in checks}
    assert "HTTPS_PROXY=http://user:***@127.0.0.1" in named["proxy"].detail
    assert "pw" not in named["proxy"].detail
    assert named["DNS"].status == "ok" and "the proxy 127.0.0.1" in named["DNS"].detail
    assert named["TCP"].status == "ok" and f"127.0.0.1:{port}" in named["TCP"].detail
    assert "through the proxy" in named["TLS"].detail
    monkeypatch.setenv("NO_PROXY", ".example.invalid")
    assert route_to("https://api.example.invalid").proxy_url == ""


def test_an_unreachable_api_fails_tcp_and_the_gets_say_why_they_wait(port: int) -> None:
    write_profiles(
        f'secret_storage = "file"\n[profiles.acme]\nenvironment = "staging"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "http://127.0.0.1:{port}"\n'
    )
    out = ipaas_auth("doctor", "--profile", "acme", "--json")
    assert out.returncode == 1, out.stderr
    checks = by_name(json.loads(out.stdout))
    assert checks["TCP"]["status"] == "failure" and f"127.0.0.1:{port}" in checks["TCP"]["detail"]
    assert "firewall" in checks["TCP"]["fix"]
    assert "log-in" not in checks  # nothing to log in to
    assert "cannot be reached" in checks["GET integrations"]["detail"]


def test_every_assumed_write_has_a_fix_line(sandbox: SandboxServer) -> None:
    sandbox_profile(sandbox)
    for args in (("doctor", "--json"), ("doctor", "--check-writes", "zoho", "--json")):
        out = ipaas_auth(*args)
        assert out.returncode == 0, out.stdout + out.stderr
        checks = by_name(json.loads(out.stdout))
        for name in WRITES:
            check = checks[next(n for n in checks if n.endswith(f" {name}"))]
            if "assumed, not checked" in check["detail"]:
                assert check["fix"], check
        fix = checks["PUT update_subscription"]["fix"]
        assert 'update_subscription = "PUT /' in fix and "[profiles.demo.endpoints]" in fix
    text = ipaas_auth("doctor").stdout.splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("WARN  PUT update_subscription"))
    assert text[at + 1].startswith("      -> Nothing to do now: ipaas-auth does not write it yet")
