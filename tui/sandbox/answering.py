"""Requests being answered by a sandbox server, counted so that a stop can wait for them:
a request's log line is written after its answer has left, and the client that got the
answer may stop the sandbox at once (the line was lost when the log closed first)."""

from __future__ import annotations

import threading

ANSWERS_FINISH_WITHIN = 2.0  # seconds a stop waits for requests being answered


class Answering:
    """How many requests are being answered (between their first byte read and their log
    line), so that a stop can wait for them; idle keep-alive connections do not count."""

    def __init__(self) -> None:
        self._count = 0
        self._changed = threading.Condition()

    def __enter__(self) -> None:
        with self._changed:
            self._count += 1

    def __exit__(self, *exc: object) -> None:
        with self._changed:
            self._count -= 1
            self._changed.notify_all()

    def wait_none(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout)
