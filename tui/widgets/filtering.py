"""Incremental substring filtering: a longer query searches only the previous matches."""

from __future__ import annotations

from collections.abc import Sequence


class IncrementalFilter:
    def __init__(self) -> None:
        self._haystacks: list[str] = []
        self._last_query = ""
        self._last_matches: list[int] = []

    def reset(self, texts: Sequence[str]) -> None:
        self._haystacks = [text.casefold() for text in texts]
        self._last_query = ""
        self._last_matches = list(range(len(self._haystacks)))

    def matches(self, query: str) -> list[int]:
        """Indices of the texts containing `query` (case-insensitive), in their order."""
        needle = query.casefold().strip()
        if not needle:
            result = list(range(len(self._haystacks)))
        elif self._last_query and needle.startswith(self._last_query):
            result = [i for i in self._last_matches if needle in self._haystacks[i]]
        else:
            result = [i for i, text in enumerate(self._haystacks) if needle in text]
        self._last_query, self._last_matches = needle, result
        return result
