"""Keys typed ahead are kept, not lost: a key that arrives while the screen it is meant for is
still opening (not mounted, nothing focused yet) or still fetching its data waits, and is
replayed in order once the screen is ready.

Textual hands each key to whatever is focused at that instant, while screens open, focus moves
and data arrives in later messages; a fast typist's (or a paste's) keys would land in the
screen being left, or nowhere. Keys bound on the screen or the app (Escape, q, r, i, s, o)
are never held back by loading data: the way out must always work.

What a screen's keys wait for is said by the screen, with a `KeyWait`: the data they act on,
or a short write. A key also waits until the key delivered before it has made its way
through the focused widget and its ancestors to the app (which checks the screen's
bindings). Else a priority
binding (ctrl+s, Enter in a list) runs as its key arrives, before the keys ahead of it: "p
ctrl+s" typed at once saved before the preset was applied ("Nothing to save"); and a key
reaches a dialog that the key before it is closing, and is lost with it ("y Escape Escape s").
Keys typed by hand arrive after that trip has ended: only bursts wait, for a few messages.

The app offers every key here first (Textual has no other place that sees a key before it is
dispatched), and held keys are looked at again every POLL seconds while any is held: a
screen becomes ready through many paths (mounted, focused, data shown, a dialog closed), and
an event missed among them would strand the keys for good; the timer stops when none is held.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual import events
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

from tui import textual_internals as internals

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

POLL = 0.02  # seconds between looks at a screen that is not ready yet
FOCUS_GRACE = 2.0  # a mounted screen that focuses nothing gets its keys after this long
IN_FLIGHT_LIMIT = 5.0  # a key still on its way after this long stops holding (a safety net only)


_waits: WeakKeyDictionary[Screen[object], list[KeyWait]] = WeakKeyDictionary()


class KeyWait:
    """Something a screen's keys typed ahead wait for while it is on.

    `every_key=False` (data on its way): keys bound on the screen or the app still act at once.
    `every_key=True` with a `limit` in seconds (a short write whose result decides what the
    next keys mean, such as a save): every key waits, for `limit` at most, so the way out
    still works when the network hangs."""

    def __init__(
        self, screen: Screen[object], every_key: bool = False, limit: float | None = None
    ) -> None:
        self.every_key = every_key
        self.limit = limit
        self._since: float | None = None
        _waits.setdefault(screen, []).append(self)

    def on(self) -> None:
        self._since = time.monotonic()

    def off(self) -> None:
        self._since = None

    @property
    def active(self) -> bool:
        if self._since is None:
            return False
        return self.limit is None or time.monotonic() - self._since < self.limit


def waits_of(screen: Screen[object]) -> list[KeyWait]:
    """The waits of `screen` that hold keys now."""
    return [wait for wait in _waits.get(screen, ()) if wait.active]


class TypeAhead:
    def __init__(self, app: App[object], deliver: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.deliver = deliver  # hands a key on as Textual would have
        self.held: list[events.Key] = []
        self._timer: Timer | None = None
        self._seen: tuple[Screen[object], float] | None = None
        # Keys delivered whose way up to the app has not ended yet: where each one's marker is.
        self._in_flight: dict[int, tuple[MessagePump, float]] = {}
        self._next_mark = 0

    def ready_for(self, key: events.Key) -> bool:
        screen = self.app.screen
        if not screen.is_mounted or not all(w.is_mounted for w in screen.walk_children(Widget)):
            return False  # still composing: a key now could open a screen over a half-built one
        if screen.focused is None and screen.focus_chain and self._age(screen) < FOCUS_GRACE:
            return False  # auto-focus has not happened yet
        if self._key_in_flight():
            return False  # would act before the key typed ahead of it, or be lost with it
        waits = waits_of(screen)
        if any(wait.every_key for wait in waits):
            return False
        return not waits or self._bound(screen, key.key)

    def _key_in_flight(self) -> bool:
        """A key delivered before is still on its way up. A key whose way was cut (the widget
        it was at was removed with its screen) never arrives: it stops holding at once, as
        does, under a very slow machine only, one still travelling after IN_FLIGHT_LIMIT."""
        now = time.monotonic()
        for mark, (node, since) in list(self._in_flight.items()):
            cut = node is not self.app and not node.is_attached
            if cut or now - since > IN_FLIGHT_LIMIT:
                del self._in_flight[mark]
        return bool(self._in_flight)

    def target(self) -> MessagePump:
        """Where the app forwards a key now (as Textual's App.on_event does)."""
        return self.app.focused or self.app.screen

    def delivering(self) -> int:
        """A key is being delivered: the keys behind it that would overtake it wait."""
        self._next_mark += 1
        self._in_flight[self._next_mark] = (self.app.screen, time.monotonic())
        return self._next_mark

    def delivered(self, mark: int, target: MessagePump) -> None:
        """Follow a key just forwarded to `target` on its way up (the widget, its ancestors,
        the app, which checks the other bindings): a marker queued behind it at each step
        ends when the key has been handled."""
        self._follow(mark, target, queue=True)

    def _follow(self, mark: int, node: MessagePump, queue: bool = False) -> None:
        if mark not in self._in_flight:
            return
        since = self._in_flight[mark][1]
        if queue:
            self._in_flight[mark] = (node, since)
            if not node.call_later(self._follow, mark, node):
                del self._in_flight[mark]  # closed: the key will not go further
            return
        parent = internals.parent_of(node)
        if parent is None:
            del self._in_flight[mark]
            if not self._in_flight and self.held:
                self.app.call_later(self.replay)  # at once, not at the next poll
            return
        self._follow(mark, parent, queue=True)

    def _age(self, screen: Screen[object]) -> float:
        """Seconds since this screen was first seen current."""
        if self._seen is None or self._seen[0] is not screen:
            self._seen = (screen, time.monotonic())
        return time.monotonic() - self._seen[1]

    def _bound(self, screen: Screen[object], key: str) -> bool:
        """A key of the screen's or the app's own (not a priority key such as Enter, which
        acts on the data)."""
        bindings = [*internals.bindings_for(screen, key), *internals.bindings_for(self.app, key)]
        return any(not binding.priority for binding in bindings)

    async def offer(self, key: events.Key) -> bool:
        """True when the key was held (the caller must not deliver it)."""
        if not self.held and self.ready_for(key):
            # The caller forwards the key once this returns: follow it from the app's next turn.
            mark = self.delivering()
            self.app.call_later(self.delivered, mark, self.target())
            return False
        self.held.append(key)
        if self._timer is None:
            self._timer = self.app.set_interval(POLL, self.replay)
        return True

    async def replay(self) -> None:
        """Deliver held keys in order while the (possibly new) screen is ready for them."""
        while self.held and self.ready_for(self.held[0]):
            target = self.target()
            mark = self.delivering()
            await self.deliver(self.held.pop(0))
            self.delivered(mark, target)
        if not self.held and self._timer is not None:
            self._timer.stop()
            self._timer = None


def as_enter(key: events.Key) -> events.Key:
    """ctrl+j (a line feed) as the Enter it almost always is: Enter typed before the console
    has put the terminal in raw mode is turned into a line feed by the tty (ICRNL), and
    arrives as ctrl+j once the console reads it ("/zoho Enter Enter" typed right after
    launching only filtered). Some terminals and `tmux send-keys C-j` send it too."""
    enter = events.Key("enter", "\r")
    enter.time = key.time
    return enter
