"""The sandbox's one-line-per-request log, which never makes a request wait for its output.

Writing each line from the request thread froze the whole sandbox once nobody read its stdout:
a pipe holds ~64 KiB (~1,300 lines) and then every write blocks. Here request threads only put
lines in a bounded queue; one daemon thread writes them out. When the queue is full a line is
dropped and counted, and the count is written as soon as the output moves again.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable

from config.controls import printable

DEFAULT_CAPACITY = 1024


class RequestLog:
    """Call it with a line; `close` writes what is queued (waiting at most `timeout`)."""

    def __init__(self, write: Callable[[str], None], capacity: int = DEFAULT_CAPACITY) -> None:
        self._write = write
        self._queue: queue.Queue[str | None] = queue.Queue(capacity)
        self._lock = threading.Lock()
        self.dropped = 0  # lines dropped since the log started
        self._unreported = 0  # dropped lines not yet mentioned in the output
        self._thread = threading.Thread(target=self._drain, name="sandbox-log", daemon=True)
        self._thread.start()

    def __call__(self, line: str) -> None:
        try:
            self._queue.put_nowait(line)
        except queue.Full:
            with self._lock:
                self.dropped += 1
                self._unreported += 1

    def _drain(self) -> None:
        while True:
            line = self._queue.get()
            with self._lock:
                unreported, self._unreported = self._unreported, 0
            try:
                if unreported:
                    self._write(f"({unreported} log lines dropped: the output was not read)")
                if line is None:
                    return
                self._write(printable(line))
            except (OSError, ValueError):  # output closed: nothing more can be written
                return

    def close(self, timeout: float = 1.0) -> None:
        """Let the queued lines out, unless the output stays blocked for `timeout` seconds."""
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)


def fd_writer(fd: int) -> Callable[[str], None]:
    """Write lines straight to a file descriptor: no Python buffer or lock is held while the
    write blocks, so a stuck log thread cannot hang the interpreter's exit."""

    def write(line: str) -> None:
        data = (line + "\n").encode("utf-8", "replace")
        while data:
            data = data[os.write(fd, data) :]

    return write
