"""Input that is not what we expect is our own one-line error with its exit status, and a
value is checked when it is set or read, not when a request is built from it (issue 20)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from config.endpoints import parse_override
from config.errors import ProfileValueError
from config.paths import home_dir, profiles_path
from config.profile_keys import PROFILE_KEYS
from config.urls import base_url_problem
from tests.console import write_profiles
from tui.__main__ import main

ROOT = Path(__file__).parent.parent.parent


def one_line_error(capsys: pytest.CaptureFixture[str], *phrases: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ipaas-auth: "), err
    assert "unexpected error" not in err
    for phrase in phrases:
        assert phrase in err, err
    assert not list(home_dir().glob("crash-*.txt"))
    return err


# --- stdout closed ---------------------------------------------------------------------------


def test_a_closed_stdout_is_one_line_and_status_1_without_a_crash_report() -> None:
    """`ipaas-auth integrations >&-`: Python starts without sys.stdout; nothing is done."""
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -m tui integrations >&-', sys.executable],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    assert done.stderr.count("\n") == 1 and "standard output is closed" in done.stderr
    assert not list(home_dir().glob("crash-*.txt"))


@pytest.mark.parametrize("args", [["--version"], ["profiles", "keys"], ["status", "--json"]])
def test_no_command_runs_without_a_stdout(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", None)
    assert main(args) == 1
    one_line_error(capsys, "standard output is closed", "nothing was done")


# --- authenticate --timeout ------------------------------------------------------------------


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "0", "-1"])
def test_a_timeout_that_is_no_number_of_seconds_is_a_usage_error(
    seconds: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["authenticate", "sub", f"--timeout={seconds}"]) == 2
    one_line_error(capsys, f"--timeout {float(seconds):g} is not a number of seconds")


# --- values checked when set -----------------------------------------------------------------


def test_a_url_with_an_escape_is_refused_when_set_and_nothing_is_saved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["profiles", "set", "demo", "api_url=http://127.0.0.1:1/\x1b[2J"]) == 1
    one_line_error(
        capsys,
        "api_url 'http://127.0.0.1:1/\\x1b[2J' has a control character (\\x1b at position 20)",
    )
    assert not profiles_path().exists()


@pytest.mark.parametrize(
    ("assignment", "phrase"),
    [
        ("email=me@example.com\x1b[2J", "email 'me@example.com\\x1b[2J' has a control character"),
        ("company_id=ab\x00c", "company_id 'ab\\x00c' has a control character (\\x00"),
        ("access_token_name=Access\u202eToken", "control character (\\u202e"),
        ("api_url=http://api.example.com:99999", "Port out of range"),
        ("api_url=http://1.2.3.999", "not an IPv4 address"),
        ("api_url=http://[::g]/", "not a URL"),
        ("api_url=http://ex ample.com", "has a space at position 10"),
        ("portal_url=https://pörtal.example.com", "'ö' at position 10"),
        ("api_url=http://xn--n3h.net", "not a valid international (xn--) host name"),
        ("api_url=https://api.example.com/?a=1", "without ? or #"),
        ("api_url=http://h:0/", "the port must be 1-65535"),
    ],
)
def test_every_key_is_checked_when_set(
    assignment: str, phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profiles", "set", "demo", assignment]) == 1
    one_line_error(capsys, phrase)


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        (
            'api_url = "http://127.0.0.1:1/\\u001b[2J"',
            "has a control character (\\x1b at position 20)",
        ),
        ('email = "me@example.com\\u0007"', "has a control character (\\x07 at position 15)"),
        (
            '[profiles.demo.endpoints]\nintegrations = "GET /subscriptions/v2/Lookup/In\\u0000t"',
            "endpoints.integrations: '/subscriptions/v2/Lookup/In\\x00t' has \\x00 at position",
        ),
        (
            '[profiles.demo.endpoints]\nintegrations = "GET /subscriptions/v2/Lookup/In\\tt"',
            "has \\x09 at position",
        ),
        (
            '[profiles.demo.endpoints]\nintegrations = "GET /subscriptions/v2/Lookup/In#t"',
            "without a query (?) or a fragment (#)",
        ),
    ],
)
def test_a_hand_edited_bad_value_is_our_error_when_the_file_is_read(
    line: str, phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command for the profile said "unexpected error (InvalidURL)" and wrote a crash
    report; now the file is refused when read, naming the profile and the key."""
    write_profiles(f'default = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n{line}\n')
    assert main(["integrations"]) == 1
    one_line_error(capsys, "profiles.toml: profile 'demo', key", phrase)


# Values httpx refuses (InvalidURL, or worse, an idna error) when a request is built from them.
REFUSED_BY_HTTPX = [
    "http://127.0.0.1:1/\x1b[2J",
    "http://h/\x7f",
    "http://1.2.3.999/",
    "http://256.1.1.1",
    "http://[::g]/",
    "http://☃.net/",
    "http://xn--n3h.net/",
]


@pytest.mark.parametrize("value", REFUSED_BY_HTTPX)
def test_what_httpx_refuses_the_key_table_refuses_when_set(value: str) -> None:
    with pytest.raises((httpx.InvalidURL, ValueError)):
        httpx.Request("GET", httpx.URL(value).join("/sso/v2/Auth/Login"))
    assert base_url_problem("api_url", value)
    with pytest.raises(ProfileValueError):
        PROFILE_KEYS["api_url"].parse(value)


@pytest.mark.parametrize(
    "value",
    [
        "http://127.0.0.1:8900",
        "https://api.ipaas.com",
        "http://[::1]:8900/",
        "http://u:p@h.example/",
    ],
)
def test_ordinary_urls_are_accepted_and_httpx_agrees(value: str) -> None:
    assert base_url_problem("api_url", value) is None
    httpx.Request("GET", value.rstrip("/") + "/sso/v2/Auth/Login")


def test_an_override_with_a_nul_is_refused_and_httpx_would_have_refused_it_later() -> None:
    with pytest.raises(httpx.InvalidURL):
        httpx.Request("GET", "http://127.0.0.1:8900/subscriptions/v2/Lookup/In\x00t")
    with pytest.raises(ValueError, match="has \\\\x00 at position"):
        parse_override("integrations", "GET /subscriptions/v2/Lookup/In\x00t")


def test_the_url_rules_do_not_import_httpx() -> None:
    """Profiles are read on the way to the console's first frame: no httpx for the check."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom config.profile_keys import PROFILE_KEYS\n"
            "PROFILE_KEYS['api_url'].parse('https://api.example.com')\n"
            "print('httpx' in sys.modules, 'idna' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ},
    )
    assert out.stdout.split() == ["False", "False"]


# The other way round: whatever the table accepts, httpx can build a request from.
host_parts = st.sampled_from(
    ["api", "example", "com", "1", "256", "0", "xn--", "xn--n3h", "a_b", "-", ".", "..", "é"]
)
hosts = (
    st.lists(host_parts, min_size=1, max_size=5).map("".join)
    | st.sampled_from(["127.0.0.1", "1.2.3.999", "[::1]", "[::g]", "[fe80::1%eth0]", "01.2.3.4"])
    | st.text(max_size=12)
)
ports = st.sampled_from(["", ":0", ":1", ":8900", ":65535", ":65536", ":x", ":"])
paths = st.lists(
    st.sampled_from(["/", "v1", "{x}", "%", "%zz", "\\", "?", "#", " ", "\t", "\x00", "é", "~"]),
    max_size=6,
).map("".join)
urls = st.builds(
    lambda scheme, user, host, port, path: f"{scheme}{user}{host}{port}{path}",
    st.sampled_from(["http://", "https://", "ftp://", "http:/", ""]),
    st.sampled_from(["", "u:p@", "@", "u@"]),
    hosts,
    ports,
    paths,
)


@settings(max_examples=300, deadline=None)
@given(urls)
@example("http://xn--n3h.net")
@example("http://[fe80::1%eth0]:8900/")
@example("http://[::1]v1")  # once accepted: urlsplit's host, not httpx's
def test_a_base_url_the_table_accepts_is_one_httpx_builds_requests_for(value: str) -> None:
    try:
        cleaned = PROFILE_KEYS["api_url"].parse(value)
    except ProfileValueError:
        return
    if not cleaned:  # no value: the environment's own URL
        return
    request = httpx.Request("GET", cleaned.rstrip("/") + "/sso/v2/Auth/Login")
    assert request.url.host


@settings(max_examples=300, deadline=None)
@given(paths.map(lambda path: "/" + path))
def test_an_endpoint_path_the_table_accepts_is_one_httpx_builds_requests_for(path: str) -> None:
    try:
        endpoint = parse_override("integrations", f"GET {path}")
    except ValueError:
        return
    request = httpx.Request("GET", "http://127.0.0.1:8900" + endpoint.path)
    assert request.url.path.startswith("/")
