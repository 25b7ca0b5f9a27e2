"""Outside text made safe to print on a terminal: one helper for every line the CLI prints.

A value from profiles.toml, a server or an exception could hold ESC, BEL, CR or a C1 control
(or a bidi override) and so move the cursor, recolour the terminal or hide text. Each such
character is shown escaped, as Python's repr would (`\\x1b`), and everything else as is.
"""

from __future__ import annotations

from collections.abc import Iterable

from config.controls import printable


def printable_lines(lines: Iterable[object]) -> str:
    """Several lines joined by newlines, each escaped as `printable` does (so a newline inside
    one line, from a server's name, is still shown as \\x0a)."""
    return "\n".join(printable(line) for line in lines)


__all__ = ["message_lines", "printable", "printable_lines"]


def message_lines(error: BaseException) -> list[str]:
    """Our error's message as its lines (a headline then candidates, for a choice to make),
    else the message as one line."""
    lines = getattr(error, "lines", None)
    if isinstance(lines, list) and all(isinstance(line, str) for line in lines):
        return list(lines)
    return [str(error)]
