"""Incremental substring filtering: a longer query searches only the previous matches.

Sized for 100,000 rows: one case-folded string per row (the least a substring search over
rows needs), an empty query answered by a `range` (no list of 100,000 numbers), the same
query twice not searched twice, and a query that extends the last one searching only its
matches. The search itself is a list comprehension: the fastest pure-Python form measured
(map/compress and one joined string with `find` were slower for queries most rows match).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class IncrementalFilter:
    def __init__(self) -> None:
        self._haystacks: list[str] = []
        self._last_query = ""
        self._last_matches: Sequence[int] = range(0)

    def reset(self, texts: Iterable[str]) -> None:
        self._haystacks = [text.casefold() for text in texts]
        self._last_query = ""
        self._last_matches = range(len(self._haystacks))

    def extend(self, texts: Iterable[str]) -> Sequence[int]:
        """Add texts at the end (a list growing as its pages arrive); the indices of those
        matching the current query, which now also belong to its matches."""
        haystacks = self._haystacks
        start = len(haystacks)
        haystacks.extend(text.casefold() for text in texts)
        needle = self._last_query
        if not needle:  # everything matches: still a range
            self._last_matches = range(len(haystacks))
            return range(start, len(haystacks))
        new = [i for i in range(start, len(haystacks)) if needle in haystacks[i]]
        self._last_matches = [*self._last_matches, *new]
        return new

    def __len__(self) -> int:
        return len(self._haystacks)

    def matches(self, query: str) -> Sequence[int]:
        """Indices of the texts containing `query` (case-insensitive), in their order."""
        needle = query.casefold().strip()
        if needle == self._last_query:
            return self._last_matches
        haystacks = self._haystacks
        result: Sequence[int]
        if not needle:
            result = range(len(haystacks))
        elif self._last_query and needle.startswith(self._last_query):
            result = [i for i in self._last_matches if needle in haystacks[i]]
        else:
            result = [i for i, text in enumerate(haystacks) if needle in text]
        self._last_query, self._last_matches = needle, result
        return result
