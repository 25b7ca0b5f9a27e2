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

    def extend(self, texts: Sequence[str]) -> list[int]:
        """Add texts at the end (a list growing as its pages arrive); the indices of those
        matching the current query, which now also belong to its matches."""
        start = len(self._haystacks)
        self._haystacks.extend(text.casefold() for text in texts)
        needle = self._last_query  # "" matches everything
        new = [i for i in range(start, len(self._haystacks)) if needle in self._haystacks[i]]
        self._last_matches.extend(new)
        return new

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
