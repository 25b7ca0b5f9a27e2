"""Listing rows built once and shared by every page of a listing, until the data changes.

Rebuilding and re-sorting the whole list for each 100-row page made listing everything grow
with the square of the count (107 s for 100,000 integrations).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Rows = list[dict[str, Any]]


class ListingCache:
    """Rows per listing key (e.g. "integrations by name"), valid while nothing changes.

    Adding or removing an item changes the count, which is checked on every use, so even a
    direct edit of the data's dicts is seen; a rename must call `invalidate`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rows: dict[str, tuple[int, Rows]] = {}
        self.builds = 0  # how many times a listing was built (the tests count them)

    def rows(self, key: str, count: int, build: Callable[[], Rows]) -> Rows:
        """The rows for `key`, built by `build` when missing or made for another `count`.

        Under the lock: the 8 pages a client asks for at once wait for one build.
        """
        with self._lock:
            cached = self._rows.get(key)
            if cached is None or cached[0] != count:
                cached = (count, build())
                self._rows[key] = cached
                self.builds += 1
            return cached[1]

    def invalidate(self) -> None:
        with self._lock:
            self._rows.clear()
