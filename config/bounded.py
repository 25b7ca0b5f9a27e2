"""Reading files and streams from outside without trusting their size.

Every file or stream ipaas-auth reads goes through here with a cap: a file is read up to that
many bytes and no further, and a stream (standard input, a pipe) in chunks, refused as soon as
it goes past the cap, so `--from /dev/zero` or `- < /dev/zero` ends at once instead of filling
memory. A directory, a device or a socket is refused before a byte is read (it might never
end); a named pipe is refused too unless the caller reads streams (`pipes=True`).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from config.errors import ConfigError

CHUNK = 64 * 1024

# The error a reader raises: each store passes its own type (ProfilesFileError, ...).
ErrorType = Callable[[str], Exception]


class InputError(ConfigError):
    """A file or stream that is too large, not a file, or not text."""


def size_text(limit: int) -> str:
    """A cap in words: 64 KB, 1 MB (binary units, as the README lists them)."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit:,} bytes"


def read_file(
    path: Path, limit: int, *, error: ErrorType = InputError, pipes: bool = False
) -> bytes:
    """At most `limit` bytes of the file at `path`, or `error(message)`.

    Refused before reading: what `open_file` refuses, and a regular file larger than the cap;
    a pipe (with `pipes`) is refused once it goes past `limit` bytes. OSError
    (FileNotFoundError, EACCES) is the caller's to translate: each store says it its own way.
    """
    with open_file(path, error=error, pipes=pipes) as handle:
        status = os.fstat(handle.fileno())
        if stat.S_ISREG(status.st_mode) and status.st_size > limit:
            raise error(too_large(str(path), limit))
        return read_stream(handle, limit, str(path), error=error)


def open_file(path: Path, *, error: ErrorType = InputError, pipes: bool = False) -> IO[bytes]:
    """`path` opened for reading in binary if it is a regular file (or, with `pipes`, a named
    pipe); a directory, a device (/dev/zero), a socket or an unwanted pipe is `error`."""
    _check_kind(path, os.stat(path).st_mode, error, pipes)
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not pipes:
        # Never blocks on a FIFO swapped in since the stat; the fstat below refuses it.
        flags |= getattr(os, "O_NONBLOCK", 0)
    handle = open(os.open(path, flags), "rb")  # noqa: SIM115 - returned to the caller
    try:
        _check_kind(path, os.fstat(handle.fileno()).st_mode, error, pipes)
    except BaseException:
        handle.close()
        raise
    return handle


def _check_kind(path: Path, mode: int, error: ErrorType, pipes: bool) -> None:
    if stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode)):
        return
    if stat.S_ISDIR(mode):
        raise error(f"{path} is a directory, not a file; name the file itself.")
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a device or a socket"
    raise error(
        f"{path} is {kind}, not a regular file, and reading it might never end; "
        "name a regular file instead."
    )


def read_stream(stream: IO[Any], limit: int, name: str, *, error: ErrorType = InputError) -> bytes:
    """The whole of `stream` if it ends within `limit` bytes; `error(message)` as soon as it
    goes past (at most `limit` + 1 bytes are read, whatever the stream holds)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = _as_bytes(stream.read(min(CHUNK, limit + 1 - size)))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise error(too_large(name, limit))


def too_large(name: str, limit: int) -> str:
    return (
        f"{name} is larger than {size_text(limit)}, the most ipaas-auth reads from it; "
        "nothing past that was read. Check that it is the right file (or input)."
    )


def read_line(stream: IO[Any], limit: int) -> tuple[bytes, bool]:
    """One line of at most `limit` bytes, and whether it was whole. A longer line comes back
    cut at the cap (`False`); `skip_line` drops the rest of it. b"" at the end of the stream."""
    line = _as_bytes(stream.readline(limit + 1))
    if len(line) > limit:
        return line[:limit], False
    return line, True


def skip_line(stream: IO[Any], budget: int) -> int:
    """Read up to the end of the current line, at most `budget` bytes; the bytes read (more
    than `budget` when the line goes on past it: the caller stops reading then)."""
    read = 0
    while read <= budget:
        part = _as_bytes(stream.readline(min(CHUNK, budget + 1 - read)))
        read += len(part)
        if not part or part.endswith(b"\n"):
            return read
    return read


def decode_text(raw: bytes, name: str, *, error: ErrorType = InputError) -> str:
    """UTF-8 text, or `error` naming the first byte that is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{name} is not UTF-8 text (byte {exc.start} is not); is it the right file? "
            "Save it as UTF-8."
        ) from None


def standard_input() -> IO[Any]:
    """Standard input as bytes when it can be (its text layer would decode, and buffer, on
    its own terms)."""
    if sys.stdin is None:  # started with standard input closed (`<&-`): nothing to read
        return io.BytesIO()
    return getattr(sys.stdin, "buffer", sys.stdin)


def _as_bytes(chunk: bytes | str | None) -> bytes:
    if chunk is None:  # a non-blocking stream with nothing yet: treat as its end
        return b""
    return chunk.encode("utf-8", "surrogateescape") if isinstance(chunk, str) else chunk
