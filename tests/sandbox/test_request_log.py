"""The sandbox's request log keeps every line, also the one of a request answered just before
the sandbox was stopped (a client that got its answer may stop the sandbox at once)."""

from __future__ import annotations

import time

import httpx
import pytest

from tui.sandbox import start_sandbox
from tui.sandbox.request_log import RequestLog


def test_a_request_answered_just_before_the_stop_is_still_logged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue_line = RequestLog.__call__

    def slow_thread(self: RequestLog, line: str) -> None:
        time.sleep(0.3)  # the answering thread, descheduled between its answer and its line
        queue_line(self, line)

    monkeypatch.setattr(RequestLog, "__call__", slow_thread)
    lines: list[str] = []
    sandbox = start_sandbox(log=lines.append)
    try:
        answer = httpx.get(sandbox.url + "/sandbox/v1/info", timeout=10)
        assert answer.status_code == 200
    finally:
        sandbox.stop()  # at once, as Ctrl+C after the last answer
    assert lines == ["GET /sandbox/v1/info -> 200"]
