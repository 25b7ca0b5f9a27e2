"""The virtual table: columns line up in terminal cells, whatever the cells hold."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from tests.hostile import ESCAPE, MARKUP, WIDE, actionable, screen_text
from tui.widgets.virtual_table import Column, VirtualTable, give_spare

NAMES = ["plain ascii", *WIDE, "日本語の統合です、" * 5, "🚀" * 20, *MARKUP, ESCAPE]


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("Name"), Column("Kind", 10), Column("Id", 6)])

    def on_mount(self) -> None:
        self.query_one(VirtualTable).set_rows(
            [str(i) for i in range(len(NAMES))], [(name, "NEXT", "ID") for name in NAMES]
        )


def cell_offset(line: str, text: str) -> int:
    """The terminal column where `text` starts on the line."""
    return cell_len(line[: line.index(text)])


async def test_wide_names_keep_the_next_columns_in_place() -> None:
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        lines = [table.render_line(y).text for y in range(len(NAMES) + 1)]
        header, rows = lines[0], lines[1:]
        kind, ident = cell_offset(header, "Kind"), cell_offset(header, "Id")
        for name, line in zip(NAMES, rows, strict=True):
            assert cell_offset(line, "NEXT") == kind, (name, line)
            assert cell_offset(line, "ID") == ident, (name, line)
            assert cell_len(line) == 60, (name, line)
        assert rows[0].startswith("plain ascii ")
        assert rows[3].startswith("日本語の統合です、日本語") and "…" in rows[3]  # cropped in cells
        for markup in MARKUP:
            assert any(line.startswith(markup) for line in rows)
        assert any(line.startswith("esc\\x1b[2Jcape") for line in rows)  # no raw escape
        assert actionable(app) == []


def test_spare_cells_go_to_the_columns_they_would_cut() -> None:
    """The subscriptions list at 120 columns: Name (flexible) 52 cells for names of 28,
    Description 30 for descriptions of 43, Id 36 for ids of 4. The name gives first; the total
    stays the same (nothing pushed off screen); a hidden column (0) stays hidden."""
    assert give_spare([52, 30, 36], [28, 43, 4], [True, False, False]) == [39, 43, 36]
    # Not enough spare: what there is, in column order.
    assert give_spare([10, 10, 10], [12, 15, 5], [True, False, False]) == [12, 13, 5]
    assert give_spare([40, 0, 20], [10, 50, 30], [True, False, False]) == [30, 0, 30]
    assert give_spare([40, 10], [10, 5], [True, False]) == [40, 10]  # nothing cut


class Kinds(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable([Column("Name"), Column("Kind", 4), Column("Id", 20)])

    def on_mount(self) -> None:
        self.query_one(VirtualTable).set_rows(["1", "2"], [("a", "日本語", "ID"), ("b", "x", "ID")])


async def test_a_column_is_widened_by_the_cells_its_text_takes_not_its_characters() -> None:
    """Three CJK characters take six cells: measured in characters, "日本語" would seem to fit
    the Kind column's four and be cut."""
    app = Kinds()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        header, first, second = (table.render_line(y).text for y in range(3))
        assert "日本語" in first and "…" not in first, first
        kind = cell_offset(header, "Kind")
        assert cell_offset(first, "日本語") == cell_offset(second, "x") == kind
        assert cell_offset(first, "ID") == cell_offset(header, "Id") == 40 - 20
        assert cell_len(first) == cell_len(header) == 40


async def test_a_row_whose_new_cells_move_the_columns_repaints_them_all() -> None:
    """Details arriving for one row (integrations' Authorization) may widen its column: the
    header and the other rows move with it, not only the row that changed."""
    app = Kinds()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        table.update_row("2", ("b", "ひらがなです", "ID"))  # 12 cells: the Name column gives
        await pilot.pause()
        header, first, second = screen_text(app).splitlines()[:3]
        assert "ひらがなです" in second and "…" not in second, second
        kind = cell_offset(header, "Kind")
        assert cell_offset(first, "日本語") == cell_offset(second, "ひらがなです") == kind
