"""One copy helper for every copy key: OSC 52 outside tmux, tmux's buffer inside it, and a
message that never claims a copy that did not happen. ctrl+c quits when nothing is selected."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.console import staging_with_password, wait_for, wait_loaded
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.clipboard import copy_text
from tui.sandbox import SandboxServer


def test_outside_tmux_the_text_goes_out_as_osc52() -> None:
    sent: list[str] = []
    result = copy_text("abc", "The URL", sent.append, environ={})
    assert sent == ["abc"]
    assert result.copied and "OSC 52" in result.message and result.message.startswith("The URL")


def test_inside_tmux_without_a_working_tmux_it_does_not_claim_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tmux to run
    sent: list[str] = []
    result = copy_text("abc", "The URL", sent.append, environ={"TMUX": "/tmp/x,1,0"})
    assert not result.copied
    assert "may not have been copied" in result.message
    assert "set -g set-clipboard on" in result.message
    assert sent == ["abc"]  # still tried: it works where tmux passes OSC 52 on


async def test_ctrl_c_quits_with_nothing_selected_and_copies_a_selection(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("slash", *"zoho")
        field = app.screen.query_one(Input)
        assert app.focused is field
        field.select_all()
        await pilot.press("ctrl+c")
        assert app.clipboard == "zoho"
        assert app.is_running  # a selection is copied, not a reason to quit
        field.selection = field.selection.cursor(len(field.value))  # nothing selected
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: app.return_code is not None, "ctrl+c to quit")
        assert app.return_code == 0
