"""The frames the console writes to its terminal, recorded in this process: a Textual driver
(the public extension point, as `TEXTUAL_DRIVER` names one) that takes what the app writes,
instead of the headless driver of `run_test`, which writes nothing. A test reads which frames
were painted, in what order, and what each showed."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot

R = TypeVar("R")
_ROW = re.compile(r"\x1b\[(\d+);\d+H")  # a cursor move to (row, column), 1-based
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@dataclass(frozen=True)
class Frame:
    """One write to the terminal: the rows it drew and their text."""

    rows: frozenset[int]
    text: str

    def is_whole(self, height: int) -> bool:
        """Every row of the screen drawn (a full layout, not the update of a widget)."""
        return self.rows >= set(range(1, height + 1))


class RecordingDriver(HeadlessDriver):
    """Keeps every write; not headless, so the app paints as it would in a terminal."""

    writes: list[str]  # set per run by `run_recorded`

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        type(self).writes.append(data)


def frames(writes: list[str]) -> list[Frame]:
    """The writes that drew something (not the mode and pointer sequences around them)."""
    found = []
    for data in writes:
        rows = frozenset(int(row) for row in _ROW.findall(data))
        if rows:
            found.append(Frame(rows, _ESCAPE.sub("", data)))
    return found


async def run_recorded(
    app: App[R],
    script: Callable[[Pilot[R]], Awaitable[None]],
    size: tuple[int, int] = (80, 24),
    writes: list[str] | None = None,
) -> list[str]:
    """Run `app` as in a terminal of `size`, `script` driving it, until the script ends; the
    writes, in order, in `writes` as they happen when given. An exception in the script is
    raised here."""
    writes = [] if writes is None else writes
    driver = type("Recording", (RecordingDriver,), {"writes": writes})
    app.driver_class = driver
    failure: list[BaseException] = []

    async def drive(pilot: Pilot[R]) -> None:
        try:
            await script(pilot)
        except BaseException as exc:  # handed to the test after the app has closed
            failure.append(exc)
        finally:
            app.exit()

    await app.run_async(size=size, auto_pilot=drive)
    if failure:
        raise failure[0]
    return writes
