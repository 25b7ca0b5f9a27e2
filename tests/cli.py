"""Run `ipaas-auth ARGS` as a script would, in this process: `main(argv)` with its own standard
input, output and error, and environment variables for the call only. What a test sees is what
a subprocess would give (exit status, stdout, stderr), without a new interpreter's start-up
for each call. Tests where the process itself is the point (signals, a closed stdout, start-up
imports) spawn one instead."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """The fields of subprocess.CompletedProcess that tests read."""

    returncode: int
    stdout: str
    stderr: str


class _Stdin(io.StringIO):
    """Standard input that is not a terminal, as a pipe is."""

    def isatty(self) -> bool:
        return False


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """os.environ with `values` for the call; anything the call set is undone after it."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _encoded(encoding: str, errors: str) -> io.TextIOWrapper:
    """A standard stream of `encoding`, as Python makes one (PYTHONIOENCODING, the locale)."""
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors, write_through=True)


def _text(stream: io.TextIOBase) -> str:
    if isinstance(stream, io.TextIOWrapper):
        stream.flush()
        buffer = stream.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(stream.encoding)
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def run_cli(
    *args: str,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Result:
    """`encoding`: standard output and error in that encoding (`ascii`, `latin-1`), strict and
    backslashreplace as Python sets them; the result is their bytes decoded."""
    from tui.__main__ import main

    out: io.TextIOBase = io.StringIO() if encoding is None else _encoded(encoding, "strict")
    err: io.TextIOBase = (
        io.StringIO() if encoding is None else _encoded(encoding, "backslashreplace")
    )
    streams = (sys.stdin, sys.stdout, sys.stderr)
    sys.stdin, sys.stdout, sys.stderr = _Stdin(stdin), out, err
    try:
        with _environment(env or {}):
            try:
                status = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors and --help
                status = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
    return Result(status, _text(out), _text(err))
