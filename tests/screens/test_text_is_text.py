"""Guard: no screen or widget hands a computed `str` to a widget that parses markup.

Textual parses a `str` given to Static/Label/Button/Checkbox/Option or `.update()` as markup,
so a name like `[/]` crashes the screen and `[@click=app.quit]x[/]` becomes a button. Text we
compute (f-strings, variables, concatenations) must arrive as `plain(...)`, `Text(...)` or
`Content(...)`; a literal string is ours and may hold our own markup.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
SOURCES = [
    *sorted((ROOT / "tui" / "screens").glob("*.py")),
    *sorted((ROOT / "tui" / "widgets").glob("*.py")),
    ROOT / "tui" / "app.py",
]
PARSES_MARKUP = {"update", "Static", "Label", "Button", "Checkbox", "Option"}
SAFE_CALLS = {"plain", "Text", "Content", "assemble", "_colour"}
# Names bound to a rich Text in their function (checked by reading it: see the files).
SAFE_NAMES = {("lint_panel.py", "text"), ("secret_field.py", "text")}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _unsafe(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and _name(node.func) in PARSES_MARKUP and node.args):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            continue  # our own words
        if isinstance(arg, ast.IfExp) and all(
            isinstance(branch, ast.Constant) for branch in (arg.body, arg.orelse)
        ):
            continue
        if isinstance(arg, ast.Call) and _name(arg.func) in SAFE_CALLS:
            continue
        if isinstance(arg, ast.Name) and (path.name, arg.id) in SAFE_NAMES:
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_computed_text_never_reaches_a_widget_as_markup() -> None:
    unsafe = [line for path in SOURCES for line in _unsafe(path)]
    assert unsafe == [], "wrap in plain(...) (tui/widgets/plain.py):\n" + "\n".join(unsafe)


def test_text_fields_are_ours_which_draw_no_control_characters() -> None:
    """Textual's Input and TextArea draw an ESC in their value as it is; ours leave it out."""
    made = [
        f"{path.name}:{node.lineno}"
        for path in SOURCES
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and _name(node.func) in {"Input", "TextArea"}
    ]
    assert made == [], "use TextInput/TextEditor (tui/widgets/text_fields.py): " + ", ".join(made)
