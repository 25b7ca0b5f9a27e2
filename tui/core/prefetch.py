"""Details of the rows a person is looking at, fetched in the background a few at a time.

A list of integrations carries names only; the authorization type and the versions need one
request per integration. Fetching them for 100,000 rows would take minutes and hammer the
server, so only the rows on screen are fetched, at most `limit` requests at a time, in the
order they are shown. Rows that scroll away before their turn are skipped, and requests still
running for them are cancelled. Each result is kept, so scrolling back costs nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from tui.clients.errors import ApiError

T = TypeVar("T")

# Requests at a time: a screen of rows (~40) in five waits for iPaaS.com, not ten (each wait a
# round trip, 100-250 ms from a jump host), and still a handful next to a browser's six per host.
DEFAULT_LIMIT = 8


class Prefetcher(Generic[T]):
    """`want(keys)` with the keys on screen; `on_result(key, value)` as each one arrives.

    Runs on the caller's event loop (no threads). A key whose request failed is not asked
    again until `forget()`: the row stays as it was, and opening it reports the error.
    """

    def __init__(
        self,
        fetch: Callable[[str], Awaitable[T]],
        on_result: Callable[[str, T], None],
        limit: int = DEFAULT_LIMIT,
    ) -> None:
        self._fetch = fetch
        self._on_result = on_result
        self.limit = limit
        self.cache: dict[str, T] = {}
        self.failed: set[str] = set()
        self._queue: list[str] = []
        self._running: dict[str, asyncio.Task[None]] = {}

    @property
    def in_flight(self) -> int:
        return len(self._running)

    def want(self, keys: Sequence[str]) -> None:
        """These keys are on screen now, in this order; any others are no longer wanted."""
        wanted = set(keys)
        for key, task in list(self._running.items()):
            if key not in wanted:
                task.cancel()
                del self._running[key]
        known = self.cache.keys() | self.failed | self._running.keys()
        self._queue = [k for k in keys if k not in known]
        self._start()

    def remember(self, key: str, value: T) -> None:
        """A value learnt another way (e.g. the row was opened)."""
        self.cache[key] = value

    def forget(self) -> None:
        """Drop every result and stop every request (the list is being loaded again)."""
        for task in self._running.values():
            task.cancel()
        self._running.clear()
        self._queue.clear()
        self.cache.clear()
        self.failed.clear()

    def _start(self) -> None:
        while self._queue and len(self._running) < self.limit:
            key = self._queue.pop(0)
            self._running[key] = asyncio.get_running_loop().create_task(self._one(key))

    async def _one(self, key: str) -> None:
        try:
            value = await self._fetch(key)
        except ApiError:
            self.failed.add(key)
        else:
            self.cache[key] = value
            self._on_result(key, value)
        finally:
            if self._running.get(key) is asyncio.current_task():
                del self._running[key]
                self._start()
