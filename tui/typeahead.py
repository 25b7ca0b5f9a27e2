"""Keys typed ahead are kept, not lost: a key that arrives while the screen it is meant for is
still opening (not mounted, nothing focused yet) or still fetching its data waits, and goes on
in order once the screen is ready.

Textual hands each key to whatever is focused at that instant, while screens open, focus moves
and data arrives in later messages; a fast typist's (or a paste's) keys would land in the
screen being left, or nowhere. Keys bound on the screen or the app (Escape, q, r, i, s, o)
are never held back by loading data: the way out must always work.

What a screen's keys wait for is said by the screen, with a `KeyWait`: the data they act on,
or a short write. A key also waits until the key delivered before it has made its way
through the focused widget and its ancestors to the app (which checks the screen's
bindings). Else a priority binding (ctrl+s, Enter in a list) runs as its key arrives, before
the keys ahead of it: "p ctrl+s" typed at once saved before the preset was applied ("Nothing
to save"); and a key reaches a dialog that the key before it is closing, and is lost with it
("y Escape Escape s"). Keys typed by hand arrive after that trip has ended: only bursts wait,
for a few messages.

The one hook: the app offers each key it reads here before Textual dispatches it
(`TypeAheadApp.on_event`, a mixin of the console's App); Textual has no other place that sees
a key before it is handed to whatever is focused at that instant. Nothing polls. While a key
is held, it is looked at again when anything could have made the screen ready: a message the
current screen handles (its mounting, focus moving in it, a child mounted or removed, a worker
of its own ending), another screen becoming current (Textual's `screen_change_signal`), a
`KeyWait` going off, the key ahead of it ending its trip; and, for what ends by itself (the
focus grace, a `KeyWait`'s limit, a key's trip that takes too long), a one-shot timer at that
deadline.

Why a screen's data holds keys here rather than in the action that needs it: Textual runs
every binding's action in the app's own task, so an action awaiting data would hold the keys
behind it in order, but also everything else the app does meanwhile: the focus a new screen
asks for (`Widget.focus` goes through the app's queue, so keys would reach a screen with
nothing focused), the start-up that brings the data (`on_ready`), and the keys of a log-in
dialog the connection opens while it waits. An action that needs data it may not have yet
awaits it in a worker (`a` on a subscription), with a `KeyWait` on meanwhile.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary, WeakSet

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget

from tui import textual_internals as internals

if TYPE_CHECKING:
    from textual.timer import Timer

FOCUS_GRACE = 2.0  # a mounted screen that focuses nothing gets its keys after this long
IN_FLIGHT_LIMIT = 5.0  # a key still on its way after this long stops holding (a safety net only)
UNTIL_AN_EVENT = math.inf  # a hold that no deadline ends (only the screen getting ready)


_waits: WeakKeyDictionary[Screen[object], list[KeyWait]] = WeakKeyDictionary()
_type_aheads: WeakSet[TypeAhead] = WeakSet()  # woken when a KeyWait goes off


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
        for type_ahead in list(_type_aheads):  # one per app; the keys held may go on now
            type_ahead.wake()

    @property
    def until(self) -> float:
        """When this wait ends by itself (monotonic seconds); UNTIL_AN_EVENT without a limit."""
        if self._since is None:
            return -math.inf
        return UNTIL_AN_EVENT if self.limit is None else self._since + self.limit

    @property
    def active(self) -> bool:
        return self.until > time.monotonic()


def waits_of(screen: Screen[object]) -> list[KeyWait]:
    """The waits of `screen` that hold keys now."""
    return [wait for wait in _waits.get(screen, ()) if wait.active]


class TypeAhead:
    def __init__(self, app: App[Any], deliver: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.deliver = deliver  # hands a key on as Textual would have
        self.held: list[events.Key] = []
        self._seen: tuple[Screen[object], float] | None = None
        # Keys delivered whose way up to the app has not ended yet: where each one's marker is.
        self._in_flight: dict[int, tuple[MessagePump, float]] = {}
        self._next_mark = 0
        self._woken = False  # a replay is queued on the app
        self._listening: Screen[object] | None = None  # whose messages wake the held keys
        self._alarm: tuple[float, Timer] | None = None  # the one-shot timer at the next deadline
        _type_aheads.add(self)

    def holds(self, key: events.Key) -> float | None:
        """None when the current screen is ready for `key`; else until when the hold lasts
        by itself at most (monotonic seconds, UNTIL_AN_EVENT when only an event ends it)."""
        screen = self.app.screen
        if not screen.is_mounted or not all(w.is_mounted for w in screen.walk_children(Widget)):
            return UNTIL_AN_EVENT  # still composing: a key now could open a screen over it
        if screen.focused is None and screen.focus_chain:
            grace_ends = self._first_seen(screen) + FOCUS_GRACE
            if time.monotonic() < grace_ends:
                return grace_ends  # auto-focus has not happened yet
        in_flight = self._in_flight_until()
        if in_flight is not None:
            return in_flight  # would act before the key typed ahead of it, or be lost with it
        waits = waits_of(screen)
        holding = [w for w in waits if w.every_key or not self._bound(screen, key.key)]
        return min(wait.until for wait in holding) if holding else None

    def _in_flight_until(self) -> float | None:
        """While a key delivered before is still on its way up: when it stops holding. A key
        whose way was cut (the widget it was at was removed with its screen) never arrives:
        it stops holding at once, as does, under a very slow machine only, one still
        travelling after IN_FLIGHT_LIMIT."""
        now = time.monotonic()
        for mark, (node, since) in list(self._in_flight.items()):
            cut = node is not self.app and not node.is_attached
            if cut or now - since > IN_FLIGHT_LIMIT:
                del self._in_flight[mark]
        if not self._in_flight:
            return None
        return min(since for _, since in self._in_flight.values()) + IN_FLIGHT_LIMIT

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
                self.wake()
            return
        parent = internals.parent_of(node)
        if parent is None:
            del self._in_flight[mark]
            self.wake()
            return
        self._follow(mark, parent, queue=True)

    def _first_seen(self, screen: Screen[object]) -> float:
        """When this screen was first seen current."""
        if self._seen is None or self._seen[0] is not screen:
            self._seen = (screen, time.monotonic())
        return self._seen[1]

    def _bound(self, screen: Screen[object], key: str) -> bool:
        """A key of the screen's or the app's own (not a priority key such as Enter, which
        acts on the data)."""
        bindings = [*internals.bindings_for(screen, key), *internals.bindings_for(self.app, key)]
        return any(not binding.priority for binding in bindings)

    async def offer(self, key: events.Key) -> bool:
        """True when the key was held (the caller must not deliver it)."""
        if not self.held and self.holds(key) is None:
            # The caller forwards the key once this returns: follow it from the app's next turn.
            mark = self.delivering()
            self.app.call_later(self.delivered, mark, self.target())
            return False
        self.held.append(key)
        self.wake()
        return True

    def wake(self, *_: object) -> None:
        """Something may have made the screen ready: look at the held keys on the app's next
        turn (once, however many wake-ups come meanwhile)."""
        if self.held and not self._woken:
            self._woken = self.app.call_later(self.replay)

    async def replay(self) -> None:
        """Deliver held keys in order while the (possibly new) screen is ready for them; then
        listen for what may make it ready, or stop listening when none is held."""
        self._woken = False
        while self.held:
            until = self.holds(self.held[0])
            if until is not None:
                self._listen(until)
                return
            target = self.target()
            mark = self.delivering()
            await self.deliver(self.held.pop(0))
            self.delivered(mark, target)
        self._stop_listening()

    def _listen(self, until: float) -> None:
        screen = self.app.screen
        if self._listening is not screen:
            self._stop_listening()
            self.app.screen_change_signal.subscribe(self.app, self.wake, immediate=True)
            screen.message_signal.subscribe(self.app, self.wake, immediate=True)
            self._listening = screen
        if self._alarm is not None and self._alarm[0] != until:
            self._alarm[1].stop()
            self._alarm = None
        if self._alarm is None and until != UNTIL_AN_EVENT:
            delay = max(0.0, until - time.monotonic()) + 0.001  # just past the deadline
            self._alarm = (until, self.app.set_timer(delay, self._deadline))

    def _deadline(self) -> None:
        self._alarm = None  # it has rung: the next hold sets its own
        self.wake()

    def _stop_listening(self) -> None:
        if self._listening is not None:
            self.app.screen_change_signal.unsubscribe(self.app)
            self._listening.message_signal.unsubscribe(self.app)
            self._listening = None
        if self._alarm is not None:
            self._alarm[1].stop()
            self._alarm = None


class TypeAheadApp(App[None]):
    """The one hook into Textual's key dispatch (see the module's docstring): each key read
    from the terminal is offered to `type_ahead` before Textual hands it on; ctrl+j comes as
    Enter (`as_enter`)."""

    def __init__(self) -> None:
        super().__init__()
        self.type_ahead = TypeAhead(self, super().on_event)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            key = as_enter(event) if event.key == "ctrl+j" else event
            if await self.type_ahead.offer(key):
                return
            event = key
        await super().on_event(event)


def as_enter(key: events.Key) -> events.Key:
    """ctrl+j (a line feed) as the Enter it almost always is: Enter typed before the console
    has put the terminal in raw mode is turned into a line feed by the tty (ICRNL), and
    arrives as ctrl+j once the console reads it ("/zoho Enter Enter" typed right after
    launching only filtered). Some terminals and `tmux send-keys C-j` send it too."""
    enter = events.Key("enter", "\r")
    enter.time = key.time
    return enter
