"""The `authenticate` command's paste source: each line on standard input is tried as the
address the browser ended on, so consent can be given on another machine (as `rclone
authorize` and `gcloud --no-browser` allow)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from config.bounded import read_line, size_text, skip_line, standard_input

MAX_PASTE_LINE = 16 * 1024  # one pasted address: Zoho's redirect is a few hundred bytes
MAX_PASTED = 256 * 1024  # all of standard input read while waiting for the browser


def read_stdin_pastes(
    paste: Callable[[str], str], say: Callable[[str], None], loop: asyncio.AbstractEventLoop
) -> None:
    """Give each line on stdin to `paste` on the event loop; a line it refuses is reported
    with `say` and the wait goes on. A daemon thread: nothing waits for stdin once the sign-in
    is done."""

    def try_line(line: str) -> None:
        refused = paste(line)
        if refused:
            say(f"ipaas-auth: {refused}")

    def read() -> None:
        with _own_stdin() as stream:
            read_pastes(stream, lambda line: loop.call_soon_threadsafe(try_line, line), say)

    if sys.stdin is not None:
        threading.Thread(target=read, daemon=True).start()


def _own_stdin() -> contextlib.AbstractContextManager[IO[Any]]:
    """Standard input's file descriptor, duplicated and unbuffered, for the thread that waits
    on it: blocked in sys.stdin's buffered reader, it would hold that reader's lock, and
    Python aborts at exit when it closes sys.stdin ("could not acquire lock")."""
    try:
        return open(os.dup(sys.stdin.fileno()), "rb", buffering=0)
    except (AttributeError, OSError, ValueError):  # no descriptor (a test's stand-in)
        return contextlib.nullcontext(standard_input())


def read_pastes(
    stream: IO[Any], paste: Callable[[str], object], say: Callable[[str], None]
) -> None:
    """Give each non-blank line of `stream` to `paste`, until its end or MAX_PASTED bytes: a
    line longer than MAX_PASTE_LINE is skipped (not kept), and past MAX_PASTED (`- < /dev/zero`)
    the stream is read no further; `say` tells the person either."""
    left = MAX_PASTED
    while left > 0:
        line, whole = read_line(stream, MAX_PASTE_LINE)
        if not line:
            return
        left -= len(line)
        if not whole:
            left -= skip_line(stream, left)
            say(
                f"ipaas-auth: a pasted line longer than {size_text(MAX_PASTE_LINE)} was "
                "ignored; paste only the address your browser ended on."
            )
            continue
        if left < 0:  # this line went past the budget: stop here, without it
            break
        text = line.decode("utf-8", "replace").strip()
        if text:
            paste(text)
    say(
        f"ipaas-auth: standard input is read no further after {size_text(MAX_PASTED)}; finish "
        "the sign-in in the browser, or authenticate again and paste only the address."
    )
