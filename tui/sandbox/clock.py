"""A clock the sandbox reads, so tests can move time instead of sleeping."""

from __future__ import annotations

import threading
import time


class Clock:
    def now(self) -> float:
        return time.time()


class FakeClock(Clock):
    """Starts at the real time and moves only when told to."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
