"""Every private name of Textual that ipaas-auth uses (tui/textual_internals.py, the one module
that may) still exists: a Textual upgrade that renames one fails here, naming it, instead of
somewhere deep in a screen."""

from __future__ import annotations

import importlib

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
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent / "tui"
    names = {name for _, name in USED}
    for path in root.rglob("*.py"):
        if path.name == "textual_internals.py":
            continue
        text = path.read_text()
        used = sorted(name for name in names if re.search(rf"\.{name}\b", text))
        assert not used, f"{path.relative_to(root.parent)} uses Textual's private {used}"
