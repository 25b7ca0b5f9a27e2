"""Input that never ends, for the readers' caps: a stream that counts what was read from it,
and a named pipe whose writer counts what it could write. Both stop on their own past a hard
limit, so a reader without a cap ends (and fails its test) instead of filling memory."""

from __future__ import annotations

import contextlib
import io
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HARD_STOP = 64 * 1024 * 1024  # more than any cap: a reader that gets this far has none


class EndlessStream(io.RawIOBase):
    """`pattern` repeated (up to HARD_STOP), counting the bytes handed out."""

    def __init__(self, pattern: bytes = b"\0", stop: int = HARD_STOP) -> None:
        super().__init__()
        self.pattern = pattern or b"\0"
        self.stop = stop
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), self.stop - self.consumed)
        if size <= 0:
            return 0
        start = self.consumed % len(self.pattern)  # the pattern goes on where it stopped
        repeats = self.pattern * ((start + size) // len(self.pattern) + 1)
        buffer[:size] = repeats[start : start + size]
        self.consumed += size
        return size


class Counted(io.RawIOBase):
    """Another stream, read through, counting the bytes read from it."""

    def __init__(self, inner: IO[bytes]) -> None:
        super().__init__()
        self.inner = inner
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.consumed += len(data)
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def endless_stdin(
    pattern: bytes = b"\0", stop: int = HARD_STOP
) -> tuple[io.TextIOWrapper, EndlessStream]:
    """A stand-in for sys.stdin over an endless stream (its `.buffer` is what we read)."""
    raw = EndlessStream(pattern, stop)
    return io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8"), raw


@dataclass
class Written:
    bytes: int = 0


@contextlib.contextmanager
def endless_fifo(path: Path, pattern: bytes = b"#" * 4096) -> Iterator[Written]:
    """A named pipe at `path` whose writer writes `pattern` until the reader closes it (or
    HARD_STOP); `bytes` is what it wrote, at most the pipe's buffer more than was read."""
    os.mkfifo(path)
    written = Written()

    def write() -> None:
        with contextlib.suppress(OSError), open(path, "wb", buffering=0) as pipe:
            while written.bytes < HARD_STOP:
                written.bytes += pipe.write(pattern)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield written
    finally:
        # A reader that refused the pipe never opened it: open it so the writer's open
        # returns, and close it so its next write fails and it stops.
        for _ in range(100):
            with contextlib.suppress(OSError):
                os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
            writer.join(0.1)
            if not writer.is_alive():
                break
        assert not writer.is_alive(), "the pipe's writer did not stop"
