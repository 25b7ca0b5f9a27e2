"""The import cycles stay broken: the console gets its options from main() without a second
parse, and screens know the app class for typing only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    return set(out.split())


def test_building_the_app_never_imports_the_command_line() -> None:
    modules = loaded_after("from tui.app import create_app\ncreate_app()")
    assert "tui.__main__" not in modules
    assert "tui.commands.parser" not in modules


def test_screens_import_the_app_for_typing_only() -> None:
    """Not at module level, not inside a function: only under `if TYPE_CHECKING:`."""
    for path in (ROOT / "tui" / "screens").glob("*.py"):
        tree = ast.parse(path.read_text())
        typing_only = {
            id(node)
            for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
            for node in ast.walk(block)
        }
        runtime = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module == "tui.app"
            and id(node) not in typing_only
        ]
        assert not runtime, f"{path.name} imports tui.app at run time (lines {runtime})"


def test_the_layer_and_the_commands_never_import_textual() -> None:
    modules = loaded_after(
        "import tui.core.session, tui.core.versions, tui.core.setup, tui.core.tokens\n"
        "import tui.core.authenticate, tui.core.lookup, tui.commands.version\n"
        "import tui.commands.tokens, tui.commands.listing, tui.commands.authenticate"
    )
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}
