"""A table's rows stored by column: a list of 100,000 rows without a tuple per row.

A row tuple costs 56 bytes plus a pointer a cell; a column list costs the pointer only, and
the strings are those the screen already holds (a name, an id, the shared "…"). A row is
built as a tuple only when it is drawn or asked for, i.e. for the few rows on screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload


class ColumnRows(Sequence[tuple[str, ...]]):
    """A growable sequence of rows of `width` cells each (shorter rows are padded with "")."""

    def __init__(self, width: int, rows: Iterable[Sequence[str]] = ()) -> None:
        self.width = width
        self._columns: list[list[str]] = [[] for _ in range(width)]
        self._length = 0
        self.extend(rows)

    def extend(self, rows: Iterable[Sequence[str]]) -> None:
        rows = [tuple(row) for row in rows] if not isinstance(rows, list) else rows
        for position, column in enumerate(self._columns):
            column.extend(row[position] if position < len(row) else "" for row in rows)
        self._length += len(rows)

    def column(self, position: int) -> Sequence[str]:
        """One column's cells, in row order (the list itself: read it, do not change it)."""
        return self._columns[position]

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        return tuple(column[index] for column in self._columns)

    def __setitem__(self, index: int, row: Sequence[str]) -> None:
        for position, column in enumerate(self._columns):
            column[index] = row[position] if position < len(row) else ""
