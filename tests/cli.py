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
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class Result:
    """The fields of subprocess.CompletedProcess that tests read."""

    returncode: int
    stdout: str
    stderr: str


class _Stdin(io.StringIO):
    """Standard input that is not a terminal, as a pipe is; `before_read` runs once, when the
    command first reads it (what someone else does while a command asks)."""

    def __init__(self, text: str, before_read: Callable[[], object] | None) -> None:
        super().__init__(text)
        self.before_read = before_read

    def isatty(self) -> bool:
        return False

    def readline(self, size: int | None = -1, /) -> str:
        if self.before_read is not None:
            before, self.before_read = self.before_read, None
            before()
        return super().readline(size)


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


def run_cli(
    *args: str,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    encoding: str | None = None,
    before_read: Callable[[], object] | None = None,
) -> Result:
    """`encoding`: standard output and error in that encoding (`ascii`, `latin-1`), strict and
    backslashreplace as Python sets them. `before_read` runs when the command first reads its
    standard input."""
    from tui.__main__ import main

    # Output to files, as `> out 2> err` gives: what writes to the descriptor itself (the
    # sandbox's request log) lands there too.
    with _output(encoding, "strict") as out, _output(encoding, "backslashreplace") as err:
        streams = (sys.stdin, sys.stdout, sys.stderr)
        sys.stdin, sys.stdout, sys.stderr = _Stdin(stdin, before_read), out, err
        try:
            with _environment(env or {}):
                try:
                    status = main(list(args))
                except SystemExit as exit_:  # argparse's usage errors and --help
                    status = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            sys.stdin, sys.stdout, sys.stderr = streams
        return Result(status, _written(out), _written(err))


def _output(encoding: str | None, errors: str) -> IO[str]:
    """A standard stream of `encoding` (UTF-8 unless given), as Python makes one."""
    return tempfile.TemporaryFile("w+", encoding=encoding or "utf-8", errors=errors)


def _written(stream: IO[str]) -> str:
    stream.flush()
    stream.seek(0)
    return stream.read()


# Bash, for the scripts that run `authenticate` as a real process reading the address to paste
# from the fifo on fd 3 (its stderr in auth.err, its pid in $pid): wait for the sign-in URL,
# accept it in the stand-in browser, paste the address it ends on, and wait for the command.
PASTE_THE_CONSENT = r"""
until grep -q 'oauth/v2/auth?' auth.err; do sleep 0.05; done
url=$(grep -o 'http[^ ]*oauth/v2/auth?[^ ]*' auth.err | head -n 1)
"$PYTHON" -c 'import sys; from tests.browser import consent; print(consent(sys.argv[1]))' \
    "$url" >&3
wait "$pid"
"""
