"""`ipaas-auth sandbox` run as a new user runs it: a real process, stopped with Ctrl+C; what
it refuses, in-process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.cli import run_cli
from tui.sandbox import demo
from tui.sandbox.server import SandboxError, check_loopback

ROOT = Path(__file__).parent.parent.parent


def test_sandbox_command_prints_urls_serves_and_stops_on_ctrl_c() -> None:
    """One process for every flag: the data, a second data centre, the redirect URIs, the
    token lifetime and the evidence settings, each in the banner and in what it serves."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tui",
            "sandbox",
            "--integrations",
            "10000",
            "--dc",
            "eu",
            "--redirect-uri",
            "http://localhost:9000/cb",
            "--token-lifetime",
            "1",
            "--integrators-read",
            "off",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().rstrip("\n")]
        while lines[-1] != "Press Ctrl+C to stop.":
            lines.append(process.stdout.readline().rstrip("\n"))
        match = re.search(r"at (http://127\.0\.0\.1:\d+)", lines[0])
        assert match, lines
        url = match.group(1)
        assert "Zoho data centre eu at http://127.0.0.1:" in lines[1]
        assert f"{demo.IPAAS_EMAIL} / {demo.IPAAS_PASSWORD}" in lines[2]
        assert f"{demo.ZOHO_CLIENT_ID} / {demo.ZOHO_CLIENT_SECRET}" in lines[3]
        assert "http://localhost:9000/cb" in lines[4]
        settings = [line.strip() for line in lines]
        assert any(
            line.startswith("custom_fields") and "a dict" in line and "--custom-fields" in line
            for line in settings
        ), lines
        assert any(
            line.startswith("integrators read") and "missing route (404" in line
            for line in settings
        ), lines
        login = httpx.post(
            url + "/sso/v2/Auth/Login",
            json={"email_address": demo.IPAAS_EMAIL, "password": "sandbox"},
        )
        assert login.status_code == 200
        # --token-lifetime 1: the token expires a second after the log-in (a token used after
        # its expiry is refused: the sandbox's rule, tested on its fake clock).
        expires = datetime.fromisoformat(login.json()["access_token_expiration"])
        assert expires - datetime.now(UTC) < timedelta(seconds=30)
        info = httpx.get(url + "/sandbox/v1/info").json()
        assert (info["integrators_read"], info["custom_fields"]) == (False, "dict")
        answer = httpx.get(f"{url}/integrators/v2/Integration/{demo.FIRST_INTEGRATION_ID}")
        assert (answer.status_code, answer.content) == (404, b"")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Stopping the sandbox." in err
    assert "POST /sso/v2/Auth/Login -> 200" in out


def test_sandbox_refuses_a_non_loopback_address() -> None:
    result = run_cli("sandbox", "--host", "0.0.0.0")
    assert result.returncode == 1
    assert "not a loopback address" in result.stderr
    assert result.stderr.count("\n") == 1


def test_loopback_check() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"):
        check_loopback(host)
    for host in ("0.0.0.0", "10.0.0.1", "::", "example.com"):
        with pytest.raises(SandboxError):
            check_loopback(host)


def test_busy_port_is_a_clear_error() -> None:
    from tui.sandbox import start_sandbox

    with start_sandbox() as first:
        port = first.url.rsplit(":", 1)[1]
        result = run_cli("sandbox", "--port", port)
    assert result.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="POSIX: a signal to one thread")
def test_ctrl_c_stops_it_whichever_thread_the_signal_lands_on() -> None:
    """The kernel gives a process's SIGINT to any of its threads. One that lands on a server
    thread left the main thread asleep for good: Ctrl+C did nothing (and on Windows a wait
    without a timeout never sees Ctrl+C). In-process, the signal sent to a thread of its own."""
    import threading

    from tui.commands.sandbox import wait_for_ctrl_c

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    main = threading.main_thread().ident
    rescued: list[bool] = []

    def main_thread_asleep() -> bool:
        """The main thread sleeps in the command's wait for Ctrl+C (not in a thread's start, say).
        A signal sent before would be seen at the main thread's next line, whichever thread
        took it."""
        frame, names = sys._current_frames().get(main or 0), []
        while frame is not None:
            names.append(frame.f_code.co_name)
            frame = frame.f_back
        return names[:1] == ["wait"] and [n for n in names if n != "wait"][:1] == [
            wait_for_ctrl_c.__name__
        ]

    def interrupt_from_another_thread() -> None:
        deadline = time.monotonic() + 30
        while not main_thread_asleep() and time.monotonic() < deadline:
            time.sleep(0.01)
        # Three tries: Python can lose a KeyboardInterrupt raised inside a garbage collector's
        # callback (a library's), which is no fault of the sandbox.
        for _ in range(3):
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            if stopped.wait(10):  # a guard, not a pause: the test ends when the sandbox stops
                return
        rescued.append(True)  # it never stopped: end the test with a failure
        signal.pthread_kill(main or 0, signal.SIGINT)

    stopped = threading.Event()
    other = threading.Thread(target=interrupt_from_another_thread, daemon=True)
    other.start()
    try:
        result = run_cli("sandbox", "--port", "0")
    finally:
        stopped.set()
        other.join(5)
        signal.signal(signal.SIGINT, previous)
    assert not rescued, "Ctrl+C delivered to a thread other than the main one did not stop it"
    assert result.returncode == 0
    assert "Stopping the sandbox." in result.stderr
