"""What we write for someone else to read holds no secret: crash reports (argv, the exception's
message, the traceback) and the records of httpx's own loggers under a library user's root
DEBUG handler. One set of rules (tui.redaction) for these, the debug trace and the journal."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.paths import home_dir
from tests.browser import consent
from tests.sandbox.test_zoho_sandbox import CLIENT, REDIRECT, authorize_url, callback_params
from tui.__main__ import main
from tui.clients.http import new_async_client
from tui.clients.zoho import exchange_code, revoke
from tui.commands.failures import mask_argv
from tui.redaction import REDACTED, redact_message
from tui.sandbox import SandboxServer

ROOT = Path(__file__).parent.parent.parent
ZOHO_TOKEN = "1000.0123456789abcdef0123.fedcba9876543210fedc"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
PASSWORD = "hunter2-pass"


def test_argv_masks_by_meaning_and_hides_a_password_in_a_url() -> None:
    argv = [
        "profiles",
        "set",
        "a",
        f"password={PASSWORD}",
        "--api-key=abc",
        "client_secret=s3",
        "access_token_name=AccessToken",
        "refresh_token_field=Zoho",
        "token_type=Bearer",
        f"api_url=http://u:{PASSWORD}@host.example/",
        ZOHO_TOKEN,
        "email=x@y.z",
    ]
    assert mask_argv(argv) == [
        "profiles",
        "set",
        "a",
        f"password={REDACTED}",
        f"--api-key={REDACTED}",
        f"client_secret={REDACTED}",
        "access_token_name=AccessToken",
        "refresh_token_field=Zoho",
        "token_type=Bearer",
        "api_url=http://host.example/",
        REDACTED,
        "email=x@y.z",
    ]


def test_free_text_loses_urls_credentials_pairs_and_tokens_but_keeps_the_rest() -> None:
    text = (
        f"POST https://accounts.zoho.com/oauth/v2/token?refresh_token={ZOHO_TOKEN}&x=1 failed; "
        f"Authorization: Bearer {JWT}; {{'password': '{PASSWORD}', 'token_type': 'Bearer'}} "
        f"client_secret={PASSWORD}& at ipaas-at-AbCdEfGhIjKlMnOpQrStUv "
        f"[(b'Set-Cookie', b'sid={PASSWORD}'), (b'Content-Type', b'application/json')]"
    )
    shown = redact_message(text)
    for secret in (ZOHO_TOKEN, JWT, PASSWORD, "ipaas-at-AbCd"):
        assert secret not in shown, shown
    for kept in ("x=1", "'token_type': 'Bearer'", "b'application/json'", "accounts.zoho.com"):
        assert kept in shown, shown


def test_a_crash_report_holds_no_secret_from_argv_the_message_or_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"https://u:{PASSWORD}@accounts.zoho.com/oauth/v2/token/revoke?token={ZOHO_TOKEN}"

    def boom(args: object) -> int:
        refresh_token = ZOHO_TOKEN
        raise RuntimeError(f"POST {url} failed: {refresh_token=} password={PASSWORD} {JWT}")

    monkeypatch.setattr("tui.commands.profiles.run_profiles", boom)
    argv = ["profiles", "set", "a", f"api_url=http://u:{PASSWORD}@h/", "access_token_name=At"]
    assert main(argv) == 1
    assert "unexpected error (RuntimeError)" in capsys.readouterr().err
    [report] = home_dir().glob("crash-*.txt")
    text = report.read_text()
    assert "Traceback" in text and "RuntimeError" in text and "accounts.zoho.com" in text
    assert "api_url=http://h/" in text and "access_token_name=At" in text
    for secret in (PASSWORD, ZOHO_TOKEN, JWT):
        assert secret not in text, text


def test_the_crash_path_loads_neither_httpx_nor_textual() -> None:
    code = (
        "import sys, tui.commands.profiles as p\n"
        "def boom(args): raise RuntimeError('internal state went wrong')\n"
        "p.run_profiles = boom\n"
        "from tui.__main__ import main\n"
        "main(['profiles', 'list'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'textual')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert "send that file" in done.stderr and done.stdout.strip() == "[]", done


@pytest.fixture
def root_debug_records() -> Iterator[list[logging.LogRecord]]:
    """What a library user's `logging.basicConfig(level=logging.DEBUG)` would store."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    root = logging.getLogger()
    handler, level = Keep(logging.DEBUG), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


async def test_httpx_loggers_record_no_token_around_a_revoke(
    sandbox: SandboxServer, root_debug_records: list[logging.LogRecord]
) -> None:
    async with new_async_client(verify=False) as http:
        params = callback_params(consent(authorize_url(sandbox.url)))
        tokens = await exchange_code(
            http, sandbox.url, code=params["code"], redirect_uri=REDIRECT, **CLIENT
        )
        await revoke(http, tokens)
        # A URL of someone else's making, with a secret in its query: the filter hides it.
        await http.get(f"{sandbox.url}/nothing-here?access_token={tokens.access_token}&page=2")
    assert tokens.refresh_token not in sandbox.world.refresh_tokens
    messages = [f"{r.name}: {r.getMessage()}" for r in root_debug_records]
    assert any(m.startswith("httpx: HTTP Request: POST") for m in messages), messages
    assert any("page=2" in m for m in messages), messages
    for message in messages:
        for secret in (tokens.refresh_token, tokens.access_token, params["code"]):
            assert secret not in message, message


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        "a." * 100_000,
        "x=" * 100_000,
        "(b'" * 70_000,
        "'k': '" * 30_000,
        "http:" * 40_000,
        "Bearer " * 30_000,
    ],
    ids=lambda text: repr(text[:8]),
)
@pytest.mark.timeout(20)  # a guard against a hang, not a speed test
def test_free_text_redaction_ends_on_long_runs(text: str) -> None:
    """Runs of 100,000 near-matches: a pattern that backtracks (quadratic or worse) would not end
    within the guard; the bounded ones take milliseconds."""
    assert isinstance(redact_message(text), str)
