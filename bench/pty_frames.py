"""Time from spawning a program in a real pseudo-terminal to the first frame showing some text.

What a user sees: the program writes escape sequences to a terminal; the clock stops when the
text it draws, with the escape sequences taken out, first contains the marker. No headless
driver, no idle wait: the same method for every program measured.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence

ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class NeverDrawn(RuntimeError):
    """The marker did not appear in time; carries what the terminal showed."""


def open_pty_process(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    size: tuple[int, int] = (120, 40),
    cwd: str | None = None,
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `argv` on a new pseudo-terminal of `size`; the process and the master end."""
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,
    )
    os.close(slave)
    return process, master


def time_to_text(
    argv: Sequence[str],
    marker: str,
    env: Mapping[str, str],
    *,
    size: tuple[int, int] = (120, 40),
    timeout: float = 60.0,
    cwd: str | None = None,
    linger: float = 0.0,
) -> float:
    """Seconds from spawn until `marker` has been drawn; the program is then killed (after
    `linger` seconds more, e.g. to let it write a file)."""
    wanted = marker.encode()
    seen = bytearray()
    start = time.perf_counter()
    process, master = open_pty_process(argv, env, size=size, cwd=cwd)
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise NeverDrawn(
                    f"{marker!r} never drawn by {argv}; the terminal showed:\n"
                    + ESCAPES.sub(b"", bytes(seen)).decode("utf-8", "replace")[-2000:]
                )
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the program ended and the terminal closed
                chunk = b""
            if not chunk:
                raise NeverDrawn(f"{argv} ended before drawing {marker!r}")
            seen += chunk
            if wanted in ESCAPES.sub(b"", bytes(seen)):
                drawn = time.perf_counter() - start
                time.sleep(linger)
                return drawn
    finally:
        _end(process)
        os.close(master)


def _end(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
