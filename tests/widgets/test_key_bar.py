"""The key bar: fitting keys into the width, following focus, clicks and tooltips."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Input

from tests.console import wait_for
from tui.widgets.key_bar import KeyBar, KeyItem, fit_items


def item(key: str, description: str, action: str = "") -> KeyItem:
    return KeyItem(key, action or description.lower(), key, description, description, True)


ITEMS = [item("a", "Alpha"), item("b", "Bravo"), item("c", "Charlie"), item("?", "Help", "help")]


def line(placed: list) -> str:  # type: ignore[type-arg]
    """The text of the placed items, lines joined with "|"."""
    text = ""
    for p in placed:
        if text and p.start == 0:
            text += "|"
        text += p.key_text + p.description_text
    return text


def test_roomy_when_everything_fits() -> None:
    assert line(fit_items(ITEMS, 80)) == " a Alpha  b Bravo  c Charlie  ? Help "


def test_tight_before_dropping_anything() -> None:
    roomy = len(line(fit_items(ITEMS, 80)))
    tight = fit_items(ITEMS, roomy - 1)
    assert line(tight) == "a Alpha b Bravo c Charlie ? Help "
    assert [p.item for p in tight] == ITEMS


def test_a_second_line_before_dropping_anything() -> None:
    placed = fit_items(ITEMS, 25)
    assert line(placed) == "a Alpha b Bravo |c Charlie ? Help "
    assert [p.item for p in placed] == ITEMS and [p.line for p in placed] == [0, 0, 1, 1]
    assert all(p.end <= 25 for p in placed)


def test_dropped_keys_are_marked_and_help_stays() -> None:
    placed = fit_items(ITEMS, 25, max_lines=1)
    assert line(placed) == "a Alpha b Bravo … ? Help "
    assert placed[-1].item == ITEMS[-1]
    assert placed[-2].item is None  # the "…" marker
    assert line(fit_items(ITEMS, 24, max_lines=1)) == "a Alpha … ? Help "
    assert line(fit_items(ITEMS, 12)) == "a Alpha … |? Help "
    assert line(fit_items(ITEMS, 3)) == "… ? Help "  # even when nothing else fits


def test_columns_match_the_text() -> None:
    for width in (80, 25):
        placed = fit_items(ITEMS, width)
        lines = line(placed).split("|")
        for p in placed:
            assert lines[p.line][p.start : p.end] == p.key_text + p.description_text


class Demo(App[None]):
    BINDINGS = [
        Binding("x", "press('x')", "Ex", tooltip="Press x"),
        Binding("y", "press('y')", "Why", tooltip="Press y"),
        Binding("z", "hidden", "Hidden", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Button("button")
        yield Input(id="input")
        yield KeyBar()

    def action_press(self, key: str) -> None:
        self.pressed.append(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if parameters == ("y",):
            return None  # shown, but disabled
        return True


def bar_text(app: Demo) -> str:
    """What the bar last painted (not a fresh render: the bar must repaint by itself)."""
    return app.query_one(KeyBar).render_line(0).text


async def test_the_bar_shows_the_focus_chain_and_follows_focus() -> None:
    app = Demo()
    async with app.run_test(size=(100, 10)) as pilot:
        app.query_one(Button).focus()
        await pilot.pause()
        text = bar_text(app)
        assert "x Ex" in text and "y Why" in text and "^p palette" in text
        assert "Hidden" not in text
        app.query_one(Input).focus()
        await pilot.pause()
        assert "x Ex" not in bar_text(app)  # typing x now types it: the bar must not offer it
        app.query_one(Button).focus()
        await pilot.pause()
        assert "x Ex" in bar_text(app)


async def test_click_presses_the_key_and_disabled_keys_do_nothing() -> None:
    app = Demo()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        placed, palette = bar.layout_lines(bar.size.width)
        by_key = {p.item.key: p for p in placed if p.item}
        await pilot.click(KeyBar, offset=(by_key["x"].start + 1, 0))
        await pilot.click(KeyBar, offset=(by_key["y"].start + 1, 0))
        await pilot.pause()
        assert app.pressed == ["x"]
        assert palette is not None and palette.start + len(palette.key_text) == bar.size.width


async def test_hover_shows_the_tooltip_of_the_key_under_the_mouse() -> None:
    app = Demo()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        placed, _ = bar.layout_lines(bar.size.width)
        by_key = {p.item.key: p for p in placed if p.item}
        await pilot.hover(KeyBar, offset=(by_key["y"].start + 1, 0))
        assert bar.tooltip == "Press y"
        assert bar.hovered == placed.index(by_key["y"])
        await pilot.hover(KeyBar, offset=(bar.size.width - 30, 0))  # between keys
        assert bar.tooltip is None and bar.hovered is None


class Crowded(App[None]):
    """More keys than one line of 50 columns holds; the Input takes the letter keys."""

    BINDINGS = [Binding(k, f"press('{k}')", f"Action {k}") for k in "abcdef"]

    def compose(self) -> ComposeResult:
        yield Button("button")
        yield Input()
        yield KeyBar()

    def action_press(self, key: str) -> None:
        self.bell()


async def test_a_second_line_comes_and_goes_with_the_keys() -> None:
    app = Crowded()
    async with app.run_test(size=(50, 12)) as pilot:
        app.query_one(Button).focus()
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert bar.size.height == 2
        lines = [bar.render_line(y).text for y in range(2)]
        assert "a Action a" in lines[0] and "f Action f" in lines[1]
        assert lines[1].rstrip().endswith("^p palette")
        app.query_one(Input).focus()  # typing letters now: their keys leave the bar
        await pilot.pause()
        await pilot.pause()
        assert bar.size.height == 1
        assert "Action" not in bar.render_line(0).text


async def test_notifications_stay_above_both_lines() -> None:
    app = Crowded()
    async with app.run_test(size=(50, 12), notifications=True) as pilot:
        app.query_one(Button).focus()
        await pilot.pause()
        app.notify("Saved.")
        await wait_for(pilot, lambda: app.screen.query("Toast"), "the notification on screen")
        toasts = app.screen.query("Toast")
        bar = app.query_one(KeyBar)
        assert bar.size.height == 2
        assert all(t.region.bottom <= bar.region.y for t in toasts)


class Wide(App[None]):
    """Labels of two-cell characters before an ASCII one."""

    BINDINGS = [
        Binding("x", "press('x')", "日本語の統合"),
        Binding("y", "press('y')", "🚀🚀 Rocket"),
        Binding("z", "press('z')", "Zed"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def action_press(self, key: str) -> None:
        self.pressed.append(key)


async def test_wide_labels_do_not_shift_the_click_targets() -> None:
    from rich.cells import cell_len

    app = Wide()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        drawn = bar_text(app)
        for key, label in (("z", "Zed"), ("y", "Rocket"), ("x", "日本語")):
            cell = cell_len(drawn[: drawn.index(f" {key} ")]) + 1  # where the key is drawn
            await pilot.click(KeyBar, offset=(cell, 0))
            await pilot.pause()
            assert app.pressed[-1:] == [key], (key, label, drawn)
        bar = app.query_one(KeyBar)
        _placed, palette = bar.layout_lines(bar.size.width)
        assert palette is not None and palette.end == bar.size.width == cell_len(drawn)
