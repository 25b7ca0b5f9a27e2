"""The pieces that keep a list of 100,000 rows fast and small: the filter, the column store,
the table's redraws, the filter box, and the background fetcher's rules."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from tests.console import sandbox_profile_toml, wait_loaded, write_profiles
from tui.app import create_app
from tui.clients.errors import ApiError
from tui.core.prefetch import Prefetcher
from tui.sandbox import SandboxServer
from tui.widgets.filter_input import FilterInput
from tui.widgets.filtering import IncrementalFilter
from tui.widgets.table_rows import ColumnRows
from tui.widgets.virtual_table import Column, VirtualTable

NAMES = [f"Generated Integration {n:05d}" for n in range(1, 201)] + ["Zoho Commerce"]


def test_filter_matches_narrows_and_grows() -> None:
    f = IncrementalFilter()
    f.reset([f"{name}\nid-{n}" for n, name in enumerate(NAMES)])
    assert f.matches("") == range(len(NAMES))  # everything: no list of numbers
    assert list(f.matches("ZOHO")) == [200]
    assert list(f.matches("integration 0001")) == list(range(9, 19))
    assert list(f.matches("integration 00010")) == [9]  # narrowed from the last matches
    assert list(f.matches("id-20")) == [20, *range(200, 201)]
    assert list(f.extend(["New zoho thing\nid-x", "Other\nid-y"])) == []
    assert list(f.matches("zoho")) == [200, 201]
    assert list(f.extend(["zoho again\nid-z"])) == [203]
    assert list(f.matches("zoho")) == [200, 201, 203]
    f.matches("")
    assert f.extend(["more\nid-w"]) == range(204, 205)
    assert f.matches("") == range(205)


def test_column_rows_behave_like_a_list_of_tuples() -> None:
    rows = ColumnRows(3, [("a", "b", "c"), ("d", "e")])
    rows.extend([("g", "h", "i")])
    assert list(rows) == [("a", "b", "c"), ("d", "e", ""), ("g", "h", "i")]
    rows[1] = ("D", "E", "F")
    assert rows[1] == ("D", "E", "F") and rows[-1] == ("g", "h", "i")
    assert rows[0:2] == [("a", "b", "c"), ("D", "E", "F")]
    assert len(rows) == 3


def test_a_sparse_column_stores_only_the_cells_that_differ_from_its_default() -> None:
    rows = ColumnRows(2, [("a", "…"), ("b", "2"), ("c", "…")], sparse={1: "…"})
    assert list(rows) == [("a", "…"), ("b", "2"), ("c", "…")]
    rows.extend([("d", "…"), ("e", "5")])
    rows[2] = ("C", "3")
    rows[1] = ("B", "…")  # back to the default: no longer stored
    assert list(rows) == [("a", "…"), ("B", "…"), ("C", "3"), ("d", "…"), ("e", "5")]
    assert rows.stored(1) == 2 and rows.stored(0) == 5  # "3" and "5" only
    assert rows.column(0) == ["a", "B", "C", "d", "e"]
    with pytest.raises(IndexError):
        rows[5]


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield FilterInput(id="filter")
        yield VirtualTable([Column("Name"), Column("Id", 8)])

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_rows([str(n) for n in range(len(NAMES))], [(n, "x") for n in NAMES])


async def test_the_table_redraws_only_when_the_rows_on_screen_change() -> None:
    app = Host()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.show(list(range(len(NAMES))))  # after the layout: the table knows its width
        await pilot.pause()
        drawn: list[int] = []
        draw = table.render_line
        table.render_line = lambda y: (drawn.append(y), draw(y))[1]  # type: ignore[method-assign]
        await pilot.pause()
        assert drawn == []  # the first frame is drawn
        table.show(list(range(len(NAMES))))  # the same rows on screen (every row matches)
        await pilot.pause()
        assert drawn == []
        table.show([200, 3])  # other rows
        await pilot.pause()
        assert drawn and table.visible_keys() == ["200", "3"]
        drawn.clear()
        table.append_rows(["new"], [("New", "y")], [len(NAMES)])
        await pilot.pause()
        assert table.visible_keys() == ["200", "3", "new"]
        table.update_row("3", ("Three", "z"))
        assert table.rows[3] == ("Three", "z")
        assert table.rows[table.shown[1]][0] == "Three"


async def test_typing_in_the_filter_box_lays_nothing_out_again() -> None:
    """Textual's Input asks for a layout of the whole screen at every key; the filter box
    only repaints itself (the measured CPU a keystroke costs halved)."""
    app = Host()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        layouts = 0

        def counted(_screen: Screen[object]) -> None:
            nonlocal layouts
            layouts += 1

        app.screen.screen_layout_refresh_signal.subscribe(app.screen, counted, immediate=True)
        app.query_one(FilterInput).focus()
        await pilot.pause()
        layouts = 0
        await pilot.press(*"zoho")
        await pilot.pause()
        assert app.query_one(Input).value == "zoho"
        assert layouts == 0


async def test_prefetcher_limits_skips_cancels_and_caches() -> None:
    started: list[str] = []
    gates: dict[str, asyncio.Future[str]] = {}
    results: list[tuple[str, str]] = []

    async def fetch(key: str) -> str:
        started.append(key)
        gates[key] = asyncio.get_running_loop().create_future()
        return await gates[key]

    prefetch: Prefetcher[str] = Prefetcher(fetch, lambda k, v: results.append((k, v)), limit=2)
    prefetch.want(["a", "b", "c", "d"])
    await asyncio.sleep(0)
    assert started == ["a", "b"] and prefetch.in_flight == 2
    gates["a"].set_result("A")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert results == [("a", "A")] and started == ["a", "b", "c"]
    prefetch.want(["x", "a"])  # b, c scrolled away: cancelled; d: skipped; a: cached
    await asyncio.sleep(0)
    assert gates["b"].cancelled() and gates["c"].cancelled()
    assert started == ["a", "b", "c", "x"]
    gates["x"].set_exception(ApiError("gone"))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    prefetch.want(["x", "a"])  # a failure is not asked again
    await asyncio.sleep(0)
    assert started == ["a", "b", "c", "x"] and prefetch.in_flight == 0
    assert prefetch.cache == {"a": "A"}


async def test_the_list_is_filtered_as_the_filter_changes_not_a_frame_later(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        table = app.screen.query_one(VirtualTable)
        assert len(table.shown) > 1
        app.screen.query_one(FilterInput).value = "zoho"
        # No await in between: no message was handled, no frame drawn.
        assert [table.rows[i][0] for i in table.shown] == ["Zoho Commerce"]
