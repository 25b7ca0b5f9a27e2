"""Outside text made safe to print on a terminal: one helper for every line the CLI prints.

A value from profiles.toml, a server or an exception could hold ESC, BEL, CR or a C1 control
(or a bidi override) and so move the cursor, recolour the terminal or hide text. Each such
character is shown escaped, as Python's repr would (`\\x1b`), and everything else as is.
"""

from __future__ import annotations

from config.controls import CONTROLS, escaped


def printable(text: object) -> str:
    """`text` with every control and layout-changing character escaped (\\x1b, \\r, \\u202e)."""
    return CONTROLS.sub(lambda match: escaped(match.group()), str(text))
