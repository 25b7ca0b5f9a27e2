"""Text from outside shown as text: never Textual markup, never a terminal escape, and measured
in terminal cells.

Names, descriptions, settings and error messages come from iPaaS.com, Zoho, a browser or
profiles.toml. Given to a widget as a `str`, Textual parses them as markup: `[/]` crashes the
screen, `[@click=app.quit]x[/]` becomes a button that quits. Every screen passes such text
through `plain()` (or builds `Content`/`rich.text.Text` from it, which parse nothing), and the
app shows notifications without markup.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from config import controls


def printable(text: str) -> str:
    """`text` drawn as lines: control characters written as escapes (`\\x1b`), so a value cannot
    move the cursor, recolour the terminal or reorder the line; newlines stay, a tab is spaces."""
    return controls.printable(text, as_lines=True)


def plain(text: object) -> Content:
    """Outside text as Content that Textual shows literally (no markup is parsed)."""
    return Content(printable(str(text)))


def fit_cells(text: str, width: int, ellipsis: str = "…") -> str:
    """`text` padded or cropped to exactly `width` terminal cells (CJK and emoji take two),
    ending in `ellipsis` when cropped."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    return set_cell_size(text, width - cell_len(ellipsis)) + ellipsis


__all__ = ["cell_len", "fit_cells", "plain", "printable"]
