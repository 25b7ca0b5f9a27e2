"""A table's rows stored by column: a list of 100,000 rows without a tuple per row.

A row tuple costs 56 bytes plus a pointer a cell; a column list costs the pointer only, and
the strings are those the screen already holds (a name, an id, the shared "…"). A row is
built as a tuple only when it is drawn or asked for, i.e. for the few rows on screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import overload


class ColumnRows(Sequence[tuple[str, ...]]):
    """A growable sequence of rows of `width` cells each (shorter rows are padded with "").

    A column with a default in `sparse` keeps only the cells that differ from it (a column of
    "…" filled in for the few rows on screen costs nothing for the other 100,000).
    """

    def __init__(
        self,
        width: int,
        rows: Iterable[Sequence[str]] = (),
        sparse: Mapping[int, str] | None = None,
    ) -> None:
        self.width = width
        self.sparse = dict(sparse or {})
        self._columns: list[list[str]] = [[] for _ in range(width)]
        self._changed: dict[int, dict[int, str]] = {p: {} for p in self.sparse}
        self._length = 0
        self.extend(rows)

    def extend(self, rows: Iterable[Sequence[str]]) -> None:
        rows = [tuple(row) for row in rows] if not isinstance(rows, list) else rows
        start = self._length
        for position, column in enumerate(self._columns):
            cells = (row[position] if position < len(row) else "" for row in rows)
            if position in self.sparse:
                default, changed = self.sparse[position], self._changed[position]
                for i, cell in enumerate(cells, start):
                    if cell != default:
                        changed[i] = cell
            else:
                column.extend(cells)
        self._length += len(rows)

    def column(self, position: int) -> Sequence[str]:
        """One (not sparse) column's cells, in row order (the list itself: do not change it)."""
        return self._columns[position]

    def stored(self, position: int) -> int:
        """How many cells column `position` keeps (a sparse one: only those off its default)."""
        if position in self.sparse:
            return len(self._changed[position])
        return len(self._columns[position])

    def _cell(self, position: int, index: int) -> str:
        if position in self.sparse:
            return self._changed[position].get(index, self.sparse[position])
        return self._columns[position][index]

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return tuple(self._cell(position, index) for position in range(self.width))

    def __setitem__(self, index: int, row: Sequence[str]) -> None:
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        for position, column in enumerate(self._columns):
            cell = row[position] if position < len(row) else ""
            if position not in self.sparse:
                column[index] = cell
            elif cell == self.sparse[position]:
                self._changed[position].pop(index, None)
            else:
                self._changed[position][index] = cell
