"""Keys typed ahead (tui/typeahead.py) on a small app with the console's hook: a held key goes
on however the screen becomes ready, also by a path the type-ahead does not name (a widget
that ends mounting on its own), and by the deadlines alone on a screen where nothing else
happens. Nothing polls, so a path missed would strand the keys for good: these would time
out. The console's own bursts are in tests/screens/test_console_dialogs.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input

from tests.console import burst
from tui import typeahead
from tui.typeahead import FOCUS_GRACE, KeyWait, TypeAheadApp


async def until(condition: Callable[[], object], what: str, timeout: float = 15.0) -> None:
    """tests.console.wait_for without the pilot: its pause posts a message to every widget of
    the screen (each would wake the held keys, hiding a wake-up missed), and waits for a widget
    stuck mounting, which never takes it."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


class Host(TypeAheadApp):
    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


class SlowToMount(Widget):
    """A widget whose mounting ends when the test says (outside any Textual message)."""

    def __init__(self, gate: asyncio.Event) -> None:
        super().__init__()
        self.gate = gate

    async def on_mount(self) -> None:
        await self.gate.wait()


class Form(Screen[None]):
    BINDINGS = [Binding("f2", "mark", "Mark")]

    def __init__(self) -> None:
        super().__init__()
        self.marked = False

    def compose(self) -> ComposeResult:
        field = Input(id="field")
        field.cursor_blink = False  # a quiet screen: no message of its own wakes held keys
        yield field

    def action_mark(self) -> None:
        self.marked = True


async def test_keys_held_while_a_widget_mounts_go_on_once_it_has_mounted() -> None:
    gate = asyncio.Event()
    form = Form()
    app = Host(form)
    async with app.run_test() as pilot:
        field = form.query_one(Input)
        await until(lambda: app.focused is field, "the field focused")
        form.mount(SlowToMount(gate))  # not awaited: the screen is half built meanwhile
        burst(pilot, "a", "b")
        await until(lambda: len(app.type_ahead.held) == 2, "the keys held")
        gate.set()
        await until(lambda: field.value == "ab", "the keys typed")
        assert not app.type_ahead.held


async def test_keys_held_by_a_wait_that_never_ends_go_on_at_its_limit() -> None:
    """A save that hangs: the keys behind it go on after the wait's limit, on a screen where
    nothing else happens (a one-shot timer at the deadline, not a poll)."""
    form = Form()
    app = Host(form)
    async with app.run_test() as pilot:
        field = form.query_one(Input)
        await until(lambda: app.focused is field, "the field focused")
        KeyWait(form, every_key=True, limit=0.5).on()
        started = time.monotonic()
        burst(pilot, "a", "b")
        await until(lambda: field.value == "ab", "the keys typed")
        assert time.monotonic() - started >= 0.5


async def test_a_wait_going_off_lets_the_held_keys_go_on_at_once() -> None:
    form = Form()
    app = Host(form)
    async with app.run_test() as pilot:
        field = form.query_one(Input)
        await until(lambda: app.focused is field, "the field focused")
        data = KeyWait(form)  # data on its way: keys bound on the screen still act
        data.on()
        burst(pilot, "a", "f2")
        await until(lambda: len(app.type_ahead.held) == 2, "the keys held")
        assert not form.marked  # f2 is behind a, in order
        data.off()
        await until(lambda: field.value == "a" and form.marked, "the keys in order")
        data.on()
        form.marked = False
        burst(pilot, "f2")  # nothing held: a key bound on the screen acts during the wait
        await until(lambda: form.marked, "f2 acting during the wait")
        data.off()


class Unfocused(Form):
    AUTO_FOCUS = ""  # focuses nothing, though its field could take the focus


async def test_a_screen_that_focuses_nothing_gets_its_keys_after_the_focus_grace() -> None:
    screen = Unfocused()
    app = Host(screen)
    async with app.run_test() as pilot:
        await until(lambda: app.screen is screen and screen.is_mounted, "the screen")
        started = time.monotonic()
        burst(pilot, "f2")
        await until(lambda: screen.marked, "f2 acting")
        assert time.monotonic() - started >= FOCUS_GRACE - 0.1
        assert app.focused is None


class Question(Screen[bool]):
    BINDINGS = [Binding("y", "dismiss(True)", "Yes")]

    def compose(self) -> ComposeResult:
        yield Button("Yes")


async def test_the_key_after_one_that_closes_a_dialog_acts_below_it_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """y closes the dialog, and f2 typed right after it acts on the screen below once y's trip
    has ended (the safety net for a trip cut short would never come here)."""
    monkeypatch.setattr(typeahead, "IN_FLIGHT_LIMIT", 600.0)
    form = Form()
    app = Host(form)
    async with app.run_test() as pilot:
        field = form.query_one(Input)
        await until(lambda: app.focused is field, "the field focused")
        answers: list[bool | None] = []
        question = Question()
        app.push_screen(question, callback=answers.append)
        await until(
            lambda: app.screen is question and app.focused not in (None, field), "the dialog"
        )
        burst(pilot, "y", "f2")
        await until(lambda: answers == [True] and form.marked, "y, then f2 below")
