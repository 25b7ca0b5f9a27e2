"""Output that never fails for want of an encoding: standard output may be ASCII
(`PYTHONIOENCODING=ascii`, an old Windows console) or latin-1 (a pipe under such a locale), and
a server's names are any Unicode. A character the stream cannot encode is written as a `\\uXXXX`
(or `\\UXXXXXXXX`) escape, which also keeps a TOML export's strings valid; JSON is written in
ASCII then, so the document stays valid JSON. `emit` prints a command's result either way.
Standard library and config only: set up before any command.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from config.controls import printable

ESCAPE = "ipaas-auth-escape"  # the codecs error handler below
_SAMPLE = "\u2026\U0001f600"  # what a stream that can write any character can write


def _escape(error: UnicodeError) -> tuple[str, int]:
    """`é` -> `\\u00e9`, `😀` -> `\\U0001f600`: the escapes TOML and Python strings share."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(
        f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text
    ), error.end


codecs.register_error(ESCAPE, _escape)


def writes_any_character(stream: object) -> bool:
    """True when `stream` can write any character: a UTF encoding, or text kept in memory."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str):
        return True  # io.StringIO and the like hold text, not bytes
    try:
        _SAMPLE.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def escape_what_cannot_be_written() -> None:
    """Make standard output and error escape the characters their encoding lacks, instead of
    failing with UnicodeEncodeError half-way through a result."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not writes_any_character(stream):
            try:
                stream.reconfigure(errors=ESCAPE)
            except (ValueError, OSError):  # closed, or a stream that cannot change now
                continue


def write_json(data: Any, stream: TextIO | None = None) -> None:
    """One JSON document and a newline; pure ASCII when the stream cannot write everything."""
    import json

    out = sys.stdout if stream is None else stream
    json.dump(data, out, indent=2, ensure_ascii=not writes_any_character(out))
    out.write("\n")


def emit(args: Any, data: Any, lines: Iterable[str]) -> None:
    """One JSON document with --json, else the lines for people: each printed as one line,
    its control characters escaped (names and values in it are the server's text)."""
    if getattr(args, "json", False):
        write_json(data)  # ASCII where stdout cannot write every character
    else:
        for line in lines:
            print(printable(line))
    sys.stdout.flush()


def note(text: str) -> None:
    """A message for the person, on stderr so stdout stays the command's result; its lines'
    control characters escaped (it often quotes a server's or a file's text)."""
    print(printable(text, as_lines=True), file=sys.stderr, flush=True)
