"""The redacted debug trace: a full Authenticate flow with tracing on leaves none of its
secrets in debug.log, yet the log shows every call; the redaction rules one by one."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.console import open_authenticate, stored_tokens, wait_tokens_shown, write_auth_profile
from tests.memory_keyring import MemoryKeyring
from tui import redaction
from tui.app import create_app
from tui.clients import trace
from tui.clients.http import new_async_client
from tui.sandbox import SandboxServer, demo

PASSWORD = "pw-Zq81-not-the-demo-one"


async def test_a_traced_authenticate_flow_leaves_no_secret_in_the_log(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    isolated_home: Path,
) -> None:
    monkeypatch.setenv("IPAAS_AUTH_DEBUG", "1")
    monkeypatch.setattr(demo, "IPAAS_PASSWORD", PASSWORD)  # a value we can grep for
    auth_sandbox.ipaas.data.users[demo.IPAAS_EMAIL].password = PASSWORD
    write_auth_profile(auth_sandbox, port)
    app = create_app([])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_tokens_shown(pilot, app)
        assert screen.flow.listener.outcome is not None
        code = screen.flow.listener.outcome.result().code  # type: ignore[union-attr]
        state = screen.flow.state
        await pilot.press("t")  # a refresh too: another token answer
        await pilot.pause()
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and tokens.refresh_token
    sessions = auth_sandbox.ipaas.sessions
    secrets = {
        "iPaaS password": PASSWORD,
        "client secret": demo.ZOHO_CLIENT_SECRET,
        "code": code,
        "state": state,
        "Zoho access token": tokens.access_token,
        "Zoho refresh token": tokens.refresh_token,
        **{f"iPaaS access token {i}": t for i, t in enumerate(sessions)},
        **{f"iPaaS refresh token {i}": s.refresh_token for i, s in enumerate(sessions.values())},
    }
    assert sessions and all(len(v) >= 6 for v in secrets.values())

    log = isolated_home / "debug.log"
    text = log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    for what, value in secrets.items():
        assert value not in text, f"the {what} is in debug.log"
    assert f"POST {auth_sandbox.url}/oauth/v2/token -> 200" in text
    assert f"POST {auth_sandbox.url}/" in text and "-> 200 OK in " in text
    assert "  > body: grant_type=authorization_code&client_id=" + demo.ZOHO_CLIENT_ID in text
    assert "client_secret=%5Bredacted%5D" in text and "code=%5Bredacted%5D" in text
    assert '"access_token": "[redacted]"' in text and "authorization: [redacted]" in text
    assert '"name": "AccessToken", "value": "[redacted]"' in text  # the push to iPaaS.com


async def test_no_trace_when_off(sandbox: SandboxServer, isolated_home: Path) -> None:
    async with new_async_client(verify=False) as http:
        assert (await http.get(sandbox.url + "/nowhere")).status_code == 404
    assert not (isolated_home / "debug.log").exists()


async def test_bodies_are_still_read_whole_and_capped_while_tracing(
    sandbox: SandboxServer, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.clients.http import send_capped

    monkeypatch.setenv("IPAAS_AUTH_DEBUG", "1")
    async with new_async_client(verify=False) as http:
        answer = await send_capped(
            http, "GET", sandbox.url + "/oauth/v2/auth?client_id=x", what="the sandbox"
        )
    assert answer.status_code == 400 and "Invalid client" in answer.text  # untouched
    text = (isolated_home / "debug.log").read_text()
    assert "-> 400 Bad Request" in text and "bytes of text/html, not shown)" in text
    assert "Invalid client" not in text


def test_redaction_rules() -> None:
    nested = {
        "email_address": "a@b.c",
        "password": "p1",
        "tracking_guid": None,
        "data": {"items": [{"refresh_token": "r1", "token_type": "Bearer", "expires_in": 3600}]},
        "settings": {"Client Secret": "s1", "Client ID": "1000.ID"},
        "custom_fields": [{"key": "ApiKey", "value": "k1"}, {"key": "Region", "value": "eu"}],
        "persistent_data": [{"name": "RefreshToken", "value": "r2", "expiration_date_time": None}],
        "code": 0,
        "message": "see 1000.0123456789abcdef0123.0123456789abcdef0123 here",
    }
    shown = redaction.redact_json(nested)
    dumped = json.dumps(shown)
    for secret in ("p1", "r1", "s1", "k1", "r2", "0123456789abcdef0123"):
        assert f'"{secret}"' not in dumped and secret not in dumped.replace("1000.ID", "")
    assert shown["email_address"] == "a@b.c" and shown["code"] == 0
    assert shown["data"]["items"][0]["token_type"] == "Bearer"
    assert shown["custom_fields"][1]["value"] == "eu"
    assert shown["settings"]["Client ID"] == "1000.ID"

    url = redaction.redact_url(
        "https://u:pw@accounts.zoho.com/oauth/v2/token/revoke?token=t1&state=s&x=1&code=c"
    )
    assert url == (
        "https://accounts.zoho.com/oauth/v2/token/revoke?"
        "token=%5Bredacted%5D&state=%5Bredacted%5D&x=1&code=%5Bredacted%5D"
    )
    headers = dict(
        line.split(": ", 1)
        for line in trace.redact_headers(
            [
                ("Authorization", "Zoho-oauthtoken abc"),
                ("Cookie", "a=b"),
                ("Set-Cookie", "sid=1"),
                ("X-Api-Key", "k"),
                ("Location", "http://localhost:1/callback?code=c&state=s&location=eu"),
                ("Content-Type", "application/json"),
            ]
        )
    )
    assert headers["authorization"] == headers["cookie"] == headers["set-cookie"] == "[redacted]"
    assert headers["x-api-key"] == "[redacted]" and headers["content-type"] == "application/json"
    assert "code=%5Bredacted%5D" in headers["location"] and "location=eu" in headers["location"]
    form = trace.redact_body(
        b"grant_type=refresh_token&client_secret=s&refresh_token=r",
        "application/x-www-form-urlencoded",
    )
    assert form == (
        "grant_type=refresh_token&client_secret=%5Bredacted%5D&refresh_token=%5Bredacted%5D"
    )
    long = trace.redact_body(json.dumps({"x": "y" * 10_000}).encode(), "application/json")
    assert len(long) < trace.MAX_BODY_SHOWN + 100 and "more characters" in long


def test_debug_flag_and_an_error_naming_the_log(tmp_path: Path, isolated_home: Path) -> None:
    """`--debug` before the sub-command; a command's error names the log file."""
    (isolated_home).mkdir(parents=True, exist_ok=True)
    (isolated_home / "profiles.toml").write_text(
        'default = "x"\n[profiles.x]\nenvironment = "custom"\napi_url = "http://127.0.0.1:9"\n'
        'portal_url = "http://127.0.0.1:9"\nemail = "a@b.c"\n'
    )
    result = run_cli("--debug", "login", "x", "--no-verify")
    plain = run_cli("login", "x", "--no-verify")
    assert result.returncode != 0 and plain.returncode == result.returncode
    assert f"(HTTP details in {isolated_home / 'debug.log'})" in result.stderr
    assert "debug.log" not in plain.stderr


async def test_a_failed_sign_in_while_debugging_names_the_log_once(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
) -> None:
    from textual.widgets import Static

    from tests.console import wait_for

    monkeypatch.setenv("IPAAS_AUTH_DEBUG", "1")
    auth_sandbox.world.token_failure = (200, {"error": "invalid_client"})
    write_auth_profile(auth_sandbox, port)
    app = create_app([])
    hint = f"(HTTP details in {isolated_home / 'debug.log'})"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        error = screen.query_one("#auth-error", Static)
        await wait_for(pilot, lambda: hint in str(error.render()), "the hint")
        assert "data centre" in str(error.render())
        await wait_for(
            pilot, lambda: any(n.severity == "error" for n in app.toasts()), "the error toast"
        )
        toasts = [n.message for n in app.toasts() if n.severity == "error"]
        # A long toast may leave the hint to the error line it points at ("(below)").
        assert toasts and all(t.count(hint) <= 1 for t in toasts)
