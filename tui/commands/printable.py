"""Outside text made safe to print on a terminal: one helper for every line the CLI prints.

A value from profiles.toml, a server or an exception could hold ESC, BEL, CR or a C1 control
(or a bidi override) and so move the cursor, recolour the terminal or hide text. Each such
character is shown escaped, as Python's repr would (`\\x1b`), and everything else as is.
"""

from __future__ import annotations

import unicodedata

# Not control characters, but they reorder or break what follows them on screen.
_INVISIBLE_LAYOUT = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: object) -> str:
    """`text` with every control and layout-changing character escaped (\\x1b, \\r, \\u202e)."""
    return "".join(_escape(char) for char in str(text))


def _escape(char: str) -> str:
    if char in _INVISIBLE_LAYOUT or unicodedata.category(char) == "Cc":
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char
