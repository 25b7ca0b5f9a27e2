"""The console's colours on a 16-colour terminal (TERM=xterm, linux, a serial console).

Textual's default theme, textual-dark, has an orange accent and warning (#FFA62B). On a terminal
of 16 colours, Rich sends each colour as the nearest of the 16 ANSI ones (`Color.downgrade`
matches by distance in RGB against its standard palette), and that orange's nearest is bright
red (9), the colour of errors: the selected row, every key in the key bar, titles, dialog
borders and the linter's warnings read like failures. There the console uses textual-dark with
an accent and a warning that land on calm colours, cyan (6) and bright yellow (11); errors stay
red. Terminals with 256 colours or more keep Textual's own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.theme import BUILTIN_THEMES

DEFAULT = "textual-dark"
SIXTEEN_COLOURS = ("standard", "windows")  # Rich's names for the 16-colour systems
CALM_16 = replace(
    BUILTIN_THEMES[DEFAULT],
    name=f"{DEFAULT}-16",
    accent="#00AAAA",  # ANSI cyan in Rich's palette: selected rows, keys, titles, borders
    warning="#FFFF55",  # ANSI bright yellow: a warning is not an error
)


def calm_colours(app: App[Any]) -> None:
    """On a 16-colour terminal, the default theme (chosen or not) in its calm variant."""
    if app.console.color_system not in SIXTEEN_COLOURS:
        return
    app.register_theme(CALM_16)
    if app.theme == DEFAULT:
        app.theme = CALM_16.name
