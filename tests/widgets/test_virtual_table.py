"""The virtual table: columns line up in terminal cells, whatever the cells hold."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from tests.hostile import ESCAPE, MARKUP, WIDE, actionable
from tui.widgets.virtual_table import Column, VirtualTable

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
