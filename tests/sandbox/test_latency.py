"""The sandbox's latency: every answer, iPaaS.com's and Zoho's, waits first, each in its own
request's thread (no timed assertion: the wait is a function the test holds)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.cli import run_cli
from tui.connection import open_target, sandbox_profile
from tui.sandbox import demo, start_sandbox
from tui.sandbox.settings import SandboxSettingError, options_from_env, start_options

LOGIN = {"email_address": demo.IPAAS_EMAIL, "password": demo.IPAAS_PASSWORD}


def test_every_answer_waits_the_latency_first() -> None:
    waits: list[float] = []
    with start_sandbox(integrations=1, latency=0.15, sleep=waits.append, extra_dcs=["eu"]) as box:
        assert httpx.post(box.url + "/sso/v2/Auth/Login", json=LOGIN).status_code == 200
        assert httpx.get(box.url + "/oauth/v2/auth").status_code == 400  # Zoho's side
        assert httpx.get(box.dc_url("eu") + "/oauth/v2/auth").status_code == 400
        assert httpx.get(box.url + "/sandbox/v1/info").json()["latency_ms"] == 150
    assert waits == [0.15] * 4


def test_without_latency_nothing_waits() -> None:
    waits: list[float] = []
    with start_sandbox(integrations=1, sleep=waits.append) as box:
        assert httpx.post(box.url + "/sso/v2/Auth/Login", json=LOGIN).status_code == 200
    assert waits == []


def test_a_waiting_answer_does_not_hold_up_another_request() -> None:
    """The first request's wait is held open until the second has been answered: with one
    wait for the whole server, the second would never be answered and the test would hang."""
    first_waiting, second_answered = threading.Event(), threading.Event()
    calls = 0
    lock = threading.Lock()

    def sleep(_: float) -> None:
        nonlocal calls
        with lock:
            calls += 1
            mine = calls
        if mine == 1:
            first_waiting.set()
            assert second_answered.wait(20), "the second request was held up"

    with (
        start_sandbox(integrations=1, latency=0.5, sleep=sleep) as box,
        ThreadPoolExecutor(1) as pool,
    ):
        first = pool.submit(httpx.post, box.url + "/sso/v2/Auth/Login", json=LOGIN)
        assert first_waiting.wait(20)
        second = httpx.post(box.url + "/sso/v2/Auth/Login", json=LOGIN)
        second_answered.set()
        assert second.status_code == first.result(20).status_code == 200


def test_the_consoles_own_sandbox_takes_it_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert options_from_env({"IPAAS_AUTH_SANDBOX_LATENCY": "150"})["latency"] == 0.15
    monkeypatch.setenv("IPAAS_AUTH_SANDBOX_LATENCY", "25")
    target = open_target(sandbox_profile())
    try:
        assert target.sandbox is not None and target.sandbox.latency == 0.025
    finally:
        target.close()


@pytest.mark.parametrize("value", ["-1", "fast", "1.5", "10001"])
def test_a_latency_that_is_not_whole_milliseconds_says_what_to_use(value: str) -> None:
    with pytest.raises(SandboxSettingError, match="whole number of milliseconds from 0 to"):
        options_from_env({"IPAAS_AUTH_SANDBOX_LATENCY": value})


def test_the_flag_is_checked_before_anything_starts() -> None:
    values = {"custom_fields": "dict", "integrators_read": "on"}
    assert start_options({**values, "latency": 150})["latency"] == 0.15
    out = run_cli("sandbox", "--latency", "-5")
    assert out.returncode == 1
    assert "--latency must be from 0 to 10000 milliseconds, not -5." in out.stderr
