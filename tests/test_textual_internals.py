"""Every private name of Textual that ipaas-auth uses (tui/textual_internals.py, the one module
that may) still exists: a Textual upgrade that renames one fails here, naming it, instead of
somewhere deep in a screen."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.textual_internals import USED


@pytest.mark.parametrize(("owner", "name"), USED, ids=[f"{o}.{n}" for o, n in USED])
async def test_the_private_name_still_exists(owner: str, name: str) -> None:
    module_name, _, class_name = owner.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    if hasattr(cls, name):
        return
    # Instance attributes exist only on an object: look on a running app's.
    from textual.app import App

    app: App[None] = App()
    async with app.run_test():
        holders = {"App": app, "Screen": app.screen, "MessagePump": app.screen, "DOMNode": app}
        assert hasattr(holders[class_name], name), f"Textual no longer has {owner}.{name}"


def test_no_other_module_uses_them() -> None:
    root = Path(__file__).parent.parent / "tui"
    names = {name for _, name in USED}
    for path in root.rglob("*.py"):
        if path.name == "textual_internals.py":
            continue
        text = path.read_text()
        used = sorted(name for name in names if re.search(rf"\.{name}\b", text))
        assert not used, f"{path.relative_to(root.parent)} uses Textual's private {used}"


# Private names tests may still use, each with why. Textual's are not among them: a test needing
# one goes through tui/textual_internals.py, whose names are checked above.
TESTS_MAY_USE = {
    # The standard library's webbrowser reads $BROWSER once per process; the `browser` fixture
    # makes it read the stand-in again (monkeypatch undoes it after the test).
    ("conftest.py", "_tryorder"),
    ("screens/test_console_authenticate_steps.py", "_tryorder"),
    # argparse has no public way to walk a parser's sub-commands and their options: the generated
    # reference (docs/commands.md) and the global-options test read its tables.
    ("docs/reference.py", "_actions"),
    ("docs/reference.py", "_SubParsersAction"),
    ("docs/reference.py", "_choices_actions"),
    ("commands/test_cli_global_options.py", "_subparsers"),
    # The standard library's only way to see where another thread is: the Ctrl+C test sends its
    # signal once the main thread sleeps in the sandbox's wait, not before.
    ("sandbox/test_cli_sandbox.py", "_current_frames"),
}


def _private_names(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """`x._name`, and "_name" given to setattr/getattr (monkeypatch's included)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node.lineno, node.attr
        elif isinstance(node, ast.Call):
            called = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if called in ("setattr", "getattr", "hasattr", "delattr"):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield node.lineno, arg.value
        elif isinstance(node, ast.ImportFrom):
            yield from ((node.lineno, alias.name) for alias in node.names)


def test_no_test_reads_private_state() -> None:
    """Tests use public APIs only (Textual's and ours): a private name a test reads breaks with
    a Textual minor release, or pins our code's insides in place."""
    root = Path(__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for line, name in _private_names(ast.parse(path.read_text())):
            private = name.startswith("_") and not name.startswith("__")
            if private and (relative, name) not in TESTS_MAY_USE:
                found.append(f"tests/{relative}:{line} {name}")
    assert not found, f"tests reading private names: {found}"
