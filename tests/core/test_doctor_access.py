"""`ipaas-auth doctor`: a GET refused for lack of permission is reported per endpoint with its
own fix, an API key is checked without ChangeCompany, and `--subscription SUB` lists the names
that look like tokens (values masked). In-process, against the sandbox on loopback."""

from __future__ import annotations

import json

import pytest

from config.secrets import IPAAS_API_KEY, SERVICE
from tests.console import sandbox_profile_toml, staging_profile_toml, write_profiles
from tests.memory_keyring import MemoryKeyring
from tui.__main__ import main
from tui.core.checks import Check
from tui.core.doctor import diagnose
from tui.core.endpoint_checks import BUG_REPORT_FIX
from tui.sandbox import SandboxServer, demo
from tui.sandbox.routing import Request, Response, error

ACCESS_VALUE = "1000.access-secret-value-0001"
REFRESH_VALUE = "1000.refresh-secret-value-0002"


def refuse(request: Request) -> Response:
    return error(401, "Unauthorized")


def checks_of(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


async def test_a_get_refused_for_lack_of_permission_is_its_own_failure_with_its_fix(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    sandbox.ipaas.replace_handler("subscriptions", refuse)
    checks = checks_of((await diagnose(None)).checks)
    refused = checks["GET subscriptions"]
    assert refused.status == "failure"
    assert refused.detail.startswith(
        "no permission: iPaaS.com refused GET /subscriptions/v2/Subscriptions "
        "(list subscriptions) although the log-in is valid; the user needs the Integrator"
    )
    assert "View as Integrator" in refused.fix and refused.fix != BUG_REPORT_FIX
    assert checks["GET integrations"].status == "ok"  # per endpoint: the others still answer


async def test_an_api_key_is_checked_without_change_company(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(staging_profile_toml(sandbox))
    memory_keyring.set_password(SERVICE, f"acme:{IPAAS_API_KEY}", demo.IPAAS_API_KEY)
    sandbox.ipaas.replace_handler("integrations", refuse)
    checks = checks_of((await diagnose(None)).checks)
    assert checks["company"].status == "ok"
    assert "the API key's own company" in checks["company"].detail
    assert checks["GET change_company"].status == "warning"
    assert "never calls ChangeCompany" in checks["GET change_company"].detail
    assert checks["GET subscriptions"].status == "ok"
    refused = checks["GET integrations"]
    assert refused.detail == (
        "API key refused for GET /subscriptions/v2/Lookup/Integration (list integrations): "
        "expired, revoked, or without access to it"
    )
    assert "User/Role Management > API Keys" in refused.fix
    assert not [r for r in sandbox.ipaas.requests if "/ChangeCompany/" in r[1]]


def token_like_data(sandbox: SandboxServer) -> None:
    subscription = sandbox.ipaas.data.subscriptions[sandbox.ipaas.data.zoho_subscription_id]
    subscription["persistent_data"] = [
        {"name": "PollState", "value": "x", "expiration_date_time": None},
        {
            "name": "Zoho Access Token",
            "value": ACCESS_VALUE,
            "expiration_date_time": "2030-01-01T00:00:00Z",
        },
    ]
    subscription["settings"]["zoho_refresh_token"] = REFRESH_VALUE
    subscription["settings"]["OAuth State"] = ""


def test_subscription_names_that_look_like_tokens_suggest_the_profile_keys(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    token_like_data(sandbox)
    assert main(["doctor", "--subscription", "demo store"]) == 0
    out = capsys.readouterr().out
    assert ACCESS_VALUE not in out and REFRESH_VALUE not in out
    start = out.index("WARN  token names: ")
    lines = out[start:].splitlines()
    assert lines[0] == (
        f"WARN  token names: subscription {demo.ZOHO_SUBSCRIPTION_NAME} "
        f"({sandbox.ipaas.data.zoho_subscription_id}): 3 named like a token; the profile "
        "pushes the tokens as persistent data AccessToken and RefreshToken"
    )
    assert lines[1] == (
        "      -> If the integration reads the tokens under these names, use them: "
        "`ipaas-auth profiles set demo 'access_token_name=Zoho Access Token' "
        "refresh_token_name=zoho_refresh_token`. Found:"
    )
    assert lines[2:5] == [
        "         persistent data 'Zoho Access Token' = ••••••••0001  "
        "(expires 2030-01-01T00:00:00Z)",
        "         setting 'zoho_refresh_token' = ••••••••0002",
        "         setting 'OAuth State' = (empty)",
    ]

    assert (
        main(["doctor", "--json", "--subscription", sandbox.ipaas.data.zoho_subscription_id]) == 0
    )
    raw = capsys.readouterr().out
    assert ACCESS_VALUE not in raw and REFRESH_VALUE not in raw
    check = next(c for c in json.loads(raw)["checks"] if c["name"] == "token names")
    assert check["status"] == "warning"
    assert "'access_token_name=Zoho Access Token'" in check["fix"]
    assert "setting 'zoho_refresh_token' = ••••••••0002" in check["fix"]


def test_names_the_profile_already_uses_are_ok(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    subscription = sandbox.ipaas.data.subscriptions[sandbox.ipaas.data.zoho_subscription_id]
    subscription["persistent_data"] = [
        {"name": "AccessToken", "value": ACCESS_VALUE, "expiration_date_time": None},
        {"name": "RefreshToken", "value": REFRESH_VALUE, "expiration_date_time": None},
    ]
    assert main(["doctor", "--json", "--subscription", "demo store"]) == 0
    raw = capsys.readouterr().out
    check = next(c for c in json.loads(raw)["checks"] if c["name"] == "token names")
    assert check["status"] == "ok" and check["fix"] == ""
    assert "persistent data 'AccessToken' = ••••••••0001" in check["detail"]
    assert ACCESS_VALUE not in raw


def test_a_subscription_without_token_names_says_what_to_do(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    assert main(["doctor", "--json", "--subscription", "demo store"]) == 0
    check = next(
        c for c in json.loads(capsys.readouterr().out)["checks"] if c["name"] == "token names"
    )
    assert check["status"] == "warning"
    assert "no setting or persistent data is named like a token" in check["detail"]
    assert "profiles set demo access_token_name=" in check["fix"]


def test_an_unknown_subscription_fails_the_check(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    assert main(["doctor", "--json", "--subscription", "no such thing"]) == 1
    check = next(
        c for c in json.loads(capsys.readouterr().out)["checks"] if c["name"] == "token names"
    )
    assert check["status"] == "failure" and "No subscription is named" in check["detail"]
    assert "--subscription SUB" in check["fix"]
