"""Failures a user can cause are one line on stderr and an exit status, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.paths import home_dir
from tests.cli import Result, run_cli
from tests.console import write_profiles
from tui.sandbox import SandboxServer, demo

ROOT = Path(__file__).parent.parent.parent


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Result:
    return run_cli(*args, stdin=stdin, env=env)


def assert_one_line(result: Result, status: int, *phrases: str) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == status, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("ipaas-auth: ")
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


def custom_profile(api_url: str) -> None:
    write_profiles(
        'secret_storage = "file"\n[profiles.acme]\nenvironment = "custom"\n'
        f'email = "{demo.IPAAS_EMAIL}"\napi_url = "{api_url}"\n'
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for connection in held:
            connection.close()
        server.close()


def test_wrong_password(sandbox: SandboxServer) -> None:
    custom_profile(sandbox.url)
    assert_one_line(run("login", "acme", stdin="not-it\n"), 1, "refused the login")


def test_login_against_a_closed_port() -> None:
    custom_profile(f"http://127.0.0.1:{closed_port()}")
    assert_one_line(run("login", "acme", stdin="pw\n"), 1, "Cannot reach iPaaS.com", "check")


def test_login_against_a_server_that_never_answers(
    silent_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.clients.http
    import tui.clients.ipaas_requests

    for module in (tui.clients.http, tui.clients.ipaas_requests):  # a 1 s wait, not 20 s
        monkeypatch.setattr(module, "REQUEST_TIMEOUT", 1.0)
    custom_profile(f"http://127.0.0.1:{silent_server}")
    result = run("login", "acme", stdin="pw\n")
    assert_one_line(result, 1, "did not answer")


@pytest.mark.parametrize("bundle", ["missing", "garbage"])
def test_a_bad_ssl_cert_file(bundle: str, tmp_path: Path, silent_server: int) -> None:
    path = tmp_path / "ca.pem"
    if bundle == "garbage":
        path.write_text("this is not a certificate\n")
    custom_profile(f"https://127.0.0.1:{silent_server}")
    result = run("login", "acme", stdin="pw\n", env={"SSL_CERT_FILE": str(path)})
    assert_one_line(result, 1, f"SSL_CERT_FILE={path} cannot be used", "unset it")


def test_a_garbage_profiles_toml() -> None:
    write_profiles("[profiles.a\nthis is = = not toml\x00")
    for args in (["profiles", "list"], ["login", "a"], ["--profile", "a"]):
        result = run(*args)
        assert "Traceback" not in result.stderr
        assert result.returncode in (1, 2)
        if result.returncode == 1:
            assert_one_line(result, 1, "profiles.toml", "nothing was changed")


def test_an_unexpected_error_is_one_line_and_a_crash_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.commands.profiles

    def boom(args: object) -> int:
        raise RuntimeError("internal state went wrong")

    monkeypatch.setattr(tui.commands.profiles, "run_profiles", boom)
    result = run("profiles", "set", "a", "email=x@example.com")
    assert_one_line(result, 1, "unexpected error (RuntimeError)", "send that file")
    reports = list(home_dir().glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in result.stderr
    text = reports[0].read_text()
    assert "Traceback" in text and "internal state went wrong" in text
    assert "ipaas-auth 0." in text and "argv: profiles set a email=x@example.com" in text


def test_the_console_refuses_to_start_without_a_terminal() -> None:
    result = run("--sandbox")  # stdin and stdout are pipes here
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "needs a terminal" in result.stderr
    assert result.stdout == ""


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    """`ipaas-auth profiles keys | head -1`: the pipe closes; no traceback, SIGPIPE's status."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui", "profiles", "keys"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and done.stderr == "", done.stderr
    assert done.returncode == 141


def test_a_named_profile_is_not_replaced_by_the_sandbox_when_there_is_no_file() -> None:
    """No profiles.toml opens the built-in sandbox, but only when no profile is named: a
    typo'd or missing --profile used to report the sandbox's status with exit 0."""
    assert not (home_dir() / "profiles.toml").exists()
    result = run("--profile", "nosuch", "status")
    assert_one_line(result, 1, "No profile 'nosuch'", "ipaas-auth profiles set nosuch")
    by_env = run("status", env={"IPAAS_AUTH_PROFILE": "nosuch"})
    assert_one_line(by_env, 1, "No profile 'nosuch'")
