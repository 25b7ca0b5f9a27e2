"""One copy helper for every copy key, and one rule for how: a local desktop's clipboard
command, tmux's buffer inside tmux, else OSC 52; and a message that never claims a copy nothing
confirmed. ctrl+c quits when nothing is selected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.console import (
    open_authenticate,
    staging_with_password,
    wait_for,
    wait_loaded,
    write_auth_profile,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import IpaasAuthApp, create_app
from tui.clipboard import OSC52_TERMINALS, Route, copy_text, route
from tui.sandbox import SandboxServer


def which(*present: str) -> Callable[[str], str | None]:
    """A PATH that has `present` and nothing else."""
    return lambda name: f"/usr/bin/{name}" if name in present else None


SSH = {"SSH_CONNECTION": "203.0.113.9 50000 198.51.100.7 22"}
EVERY_TOOL = which("pbcopy", "wl-copy", "xclip", "xsel", "clip.exe", "tmux")


@pytest.mark.parametrize(
    ("env", "platform", "tools", "expected"),
    [
        # A local desktop: its clipboard command, whose success can be seen.
        (
            {"TERM_PROGRAM": "Apple_Terminal"},
            "darwin",
            EVERY_TOOL,
            Route("command", ("/usr/bin/pbcopy",)),
        ),
        (
            {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"},
            "linux",
            EVERY_TOOL,
            Route("command", ("/usr/bin/wl-copy",)),
        ),
        (
            {"DISPLAY": ":0"},
            "linux",
            EVERY_TOOL,
            Route("command", ("/usr/bin/xclip", "-selection", "clipboard")),
        ),
        (
            {"DISPLAY": ":0"},
            "linux",
            which("xsel"),
            Route("command", ("/usr/bin/xsel", "--clipboard", "--input")),
        ),
        ({}, "win32", EVERY_TOOL, Route("command", ("/usr/bin/clip.exe",))),
        (
            {"WSL_DISTRO_NAME": "Ubuntu"},
            "linux",
            EVERY_TOOL,
            Route("command", ("/usr/bin/clip.exe",)),
        ),
        (
            {"DISPLAY": ":0", "TMUX": "/tmp/t,1,0"},
            "linux",
            EVERY_TOOL,
            Route("command", ("/usr/bin/xclip", "-selection", "clipboard")),
        ),
        # GNOME Terminal without xclip or xsel, a Linux console: OSC 52, unconfirmed.
        ({"DISPLAY": ":0", "VTE_VERSION": "7600"}, "linux", which("tmux"), Route("osc52")),
        ({"TERM": "linux"}, "linux", EVERY_TOOL, Route("osc52")),
        # Over SSH the laptop's clipboard is out of reach of any command here.
        ({**SSH, "DISPLAY": "localhost:10.0"}, "linux", EVERY_TOOL, Route("osc52")),
        ({**SSH, "TERM_PROGRAM": "Apple_Terminal"}, "darwin", EVERY_TOOL, Route("osc52")),
        ({**SSH, "TMUX": "/tmp/t,1,0"}, "linux", EVERY_TOOL, Route("tmux")),
        ({**SSH, "TERM": "screen", "STY": "1.pts-0"}, "linux", EVERY_TOOL, Route("osc52")),
        ({**SSH, "TERM": "xterm-kitty", "STY": "1.pts-0"}, "linux", EVERY_TOOL, Route("osc52")),
        # Terminals that take OSC 52 as they come.
        ({**SSH, "TERM": "xterm-kitty"}, "linux", EVERY_TOOL, Route("osc52", known=True)),
        ({"WT_SESSION": "x"}, "linux", which(), Route("osc52", known=True)),
    ],
)
def test_the_rule_chooses_how_to_copy(
    env: dict[str, str], platform: str, tools: Callable[[str], str | None], expected: Route
) -> None:
    assert route(env, platform, tools) == expected


@pytest.mark.parametrize(
    "env",
    [
        {**SSH, "TERM_PROGRAM": "Apple_Terminal", "TERM": "xterm-256color"},  # Terminal.app
        {"VTE_VERSION": "7600", "TERM": "xterm-256color"},  # GNOME Terminal, no desktop tool
        {**SSH, "STY": "1.pts-0", "TERM": "screen"},  # GNU screen
    ],
)
def test_where_nothing_confirms_osc52_it_never_says_copied(env: dict[str, str]) -> None:
    sent: list[str] = []
    result = copy_text("abc", "The URL", sent.append, environ=env, platform="linux")
    assert sent == ["abc"]
    assert not result.copied and not result.failed
    assert "copied" not in result.message
    assert result.message == (
        "The URL was sent to the terminal; if nothing arrived, press w and select it."
    )


def test_a_terminal_known_to_take_osc52_is_told_so() -> None:
    sent: list[str] = []
    result = copy_text("abc", "The URL", sent.append, environ={"TERM": "xterm-kitty"})
    assert sent == ["abc"] and "clipboard (OSC 52)" in result.message


def fake_tool(folder: Path, name: str, status: int = 0) -> Path:
    """A clipboard command that keeps what it is given in `folder/clipboard`."""
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text(f'#!/bin/sh\ncat > "{folder}/clipboard"\nexit {status}\n')
    tool.chmod(0o755)
    return folder / "clipboard"


def test_on_a_desktop_the_clipboard_command_gets_the_text(tmp_path: Path) -> None:
    clipboard = fake_tool(tmp_path / "bin", "xclip")
    sent: list[str] = []
    env = {"DISPLAY": ":0", "PATH": str(tmp_path / "bin")}
    result = copy_text("tok\u00e9n", "The URL", sent.append, environ=env, platform="linux")
    assert clipboard.read_text(encoding="utf-8") == "tok\u00e9n"
    assert sent == []  # no OSC 52 needed
    assert result.copied and result.message == "The URL was copied to the clipboard (xclip)."


def test_a_clipboard_command_that_fails_falls_back_to_osc52_and_says_so(tmp_path: Path) -> None:
    fake_tool(tmp_path / "bin", "wl-copy", status=1)
    sent: list[str] = []
    env = {"WAYLAND_DISPLAY": "wayland-0", "PATH": str(tmp_path / "bin")}
    result = copy_text("abc", "The URL", sent.append, environ=env, platform="linux")
    assert sent == ["abc"] and not result.copied
    assert "sent to the terminal; if nothing arrived" in result.message


def test_inside_tmux_without_a_working_tmux_it_does_not_claim_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tmux to run
    sent: list[str] = []
    result = copy_text("abc", "The URL", sent.append, environ={"TMUX": "/tmp/x,1,0", **SSH})
    assert not result.copied and result.failed
    assert "may not have been copied" in result.message
    assert "set -g set-clipboard on" in result.message
    assert sent == ["abc"]  # still tried: it works where tmux passes OSC 52 on


async def test_the_authenticate_screens_copy_says_how_to_select_it(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No desktop tool, no tmux: the toast says the text was sent, and how to select it by
    hand: with the mouse before signing in, with w (the plain view) once it is open to it."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WSL_DISTRO_NAME", "TERM", *OSC52_TERMINALS):
        monkeypatch.delenv(name, raising=False)
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_authenticate(pilot, app)
        await pilot.press("c")
        await wait_for(pilot, lambda: said(app, "The redirect URI"), "the copy's toast")
        assert said(app, "The redirect URI") == (
            "The redirect URI was sent to the terminal; if nothing arrived, select it with the "
            "mouse (shift+drag)."
        )
        await pilot.press("enter")  # signing in: w shows the URL as plain lines
        await wait_for(pilot, lambda: app.screen.check_action("show_plain", ()), "signing in")
        await pilot.press("u")
        await wait_for(pilot, lambda: said(app, "The sign-in URL"), "the URL's toast")
        assert said(app, "The sign-in URL") == (
            "The sign-in URL was sent to the terminal; if nothing arrived, press w and select it."
        )


def said(app: IpaasAuthApp, start: str) -> str | None:
    """The newest toast that starts with `start`."""
    found = [t.message for t in app.toasts() if str(t.message).startswith(start)]
    return str(found[-1]) if found else None


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
