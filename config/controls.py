"""Characters that must never reach a terminal as they are: one set for the command line's
output, the console's text, its text fields and the template linter.

C0 controls (ESC starts an escape sequence, BEL rings, CR rewrites the line), DEL, C1 controls
(0x9b is a one-byte CSI), the line and paragraph separators, and the bidirectional overrides
and isolates, which reorder what follows them on the line. None takes a terminal cell
(`rich.cells.cell_len` is 0), so leaving one out of a drawn line moves nothing else.
"""

from __future__ import annotations

import re

_REST = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"  # DEL, C1, separators, bidi
CONTROLS = re.compile(f"[\x00-\x1f{_REST}]")
CONTROLS_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_REST}]")  # for text shown as lines


def escaped(char: str) -> str:
    """A control character written as Python writes it: \\x1b, \\u202e."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, as_lines: bool = False) -> str:
    """`text` with every control and layout-changing character written as an escape (\x1b,
    \r, \u202e), so a value cannot move the cursor, recolour the terminal or reorder the line.
    The one rule for every face: the command line's output, the console's text, the sandbox's
    log. `as_lines` keeps newlines (text drawn as several lines) and shows a tab as 4 spaces."""
    if as_lines:
        return CONTROLS_BUT_NEWLINE.sub(_drawn, str(text))
    return CONTROLS.sub(lambda match: escaped(match.group()), str(text))


def _drawn(match: re.Match[str]) -> str:
    char = match.group()
    return "    " if char == "\t" else escaped(char)


def without_controls(text: str) -> str:
    return CONTROLS.sub("", text)
