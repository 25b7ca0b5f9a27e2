"""The Authenticate screen as a newcomer meets it at 80x24 over SSH: the paste field in sight
however long the URL and the hints are, step 2 saying what to do now (not "Press Enter" once it
was pressed), one `ssh -L` command for both ports when the sign-in page is this machine's
sandbox, and Escape while waiting saying that the sign-in was cancelled. Against a sandbox on
loopback."""

from __future__ import annotations

import webbrowser

import pytest
from textual.widgets import Input, Static

from tests.browser import consent
from tests.console import open_authenticate, screen_name, wait_for, write_auth_profile
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.authenticate import AuthenticateScreen
from tui.widgets.sign_in_panel import SignInPanel

SSH = "203.0.113.9 50000 198.51.100.7 22"


def text_of(screen: object, selector: str) -> str:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return " ".join(str(screen.query_one(selector, Static).render()).split())


def panel_contains(screen: object, selector: str) -> bool:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    shown = screen.query_one(selector).region
    return bool(shown.height) and screen.query_one(SignInPanel).region.contains_region(shown)


async def test_with_a_browser_step_2_names_it(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "true")  # one opens (and does nothing)
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # webbrowser reads BROWSER only once
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        await wait_for(pilot, lambda: "browser that" in text_of(screen, "#step-2"), "step 2")
        assert text_of(screen, "#step-2") == (
            "2. Sign in at Zoho in the browser that opened, and accept:"
        )
        await pilot.press("escape")


def forward_both(port: int, page: int) -> str:
    """The one ssh command that forwards the callback port and the sandbox's sign-in page."""
    return f"ssh -L {port}:localhost:{port} -L {page}:127.0.0.1:{page} <the host you connected to>"


async def test_over_ssh_at_80x24_one_command_forwards_both_ports_and_the_paste_stays_in_sight(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over SSH at 80x24, one console, one sign-in that ends refused:
    - before Enter, step 2 says to press Enter; after, what to do now: first the command to
      run on one's own machine (on its own line, in sight above the URL), then (step 3) the
      address to open there;
    - the sandbox's consent page is on this machine's loopback, on its own port: the screen
      says so, and the one command it shows (and l copies, and w prints before the URL)
      forwards both ports;
    - the URL and the hints scroll; the countdown and the paste field stay whole in sight;
    - a refused paste says why where the field is, in sight;
    - refused at the sandbox's page, the attempt stops and step 2 asks for Enter again."""
    monkeypatch.delenv("BROWSER")
    monkeypatch.setenv("SSH_CONNECTION", SSH)
    write_auth_profile(auth_sandbox, port)
    page = auth_sandbox.servers["us"].server_port
    expected = forward_both(port, page)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_authenticate(pilot, app)
        assert text_of(screen, "#step-2") == "2. Press Enter to sign in at Zoho and accept.", (
            "step 2 before Enter"
        )
        await pilot.press("enter")
        progress = screen.query_one("#progress", Static)
        await wait_for(pilot, lambda: "Waiting for Zoho" in str(progress.render()), "waiting")
        command = screen.query_one("#ssh-command", Static)
        await wait_for(pilot, lambda: str(command.render()) == expected, "the ssh command")
        # Pressed: step 2 says what to do now. Over SSH, first the command to run on one's
        # own machine, then (step 3) the address to open there.
        assert text_of(screen, "#step-2") == "2. On your own machine, run this first (l copies it):"
        assert text_of(screen, "#step-3") == (
            "3. Then open this address in a browser there, sign in at Zoho and accept:"
        )
        url = screen.query_one("#sign-in-url")
        assert screen.query_one("#step-2").region.bottom == command.region.y < url.region.y, (
            "the command on its own line, above the URL"
        )
        assert panel_contains(screen, "#ssh-command"), "the command in sight"
        hint = text_of(screen, "#forward-hint")
        assert f"The sign-in page is served on this machine (the sandbox, port {page})" in hint
        assert "it forwards both ports" in hint
        assert "Replace <the host you connected to> with what you type after ssh" in hint
        assert "paste the address it ends up on (v)" in text_of(screen, "#ssh-hint")
        await pilot.press("l")
        assert app.clipboard == expected, "l copies the command"
        plain = screen.panel.plain_text()  # w: in the order they are used
        assert plain.index(expected) < plain.index("Sign-in URL:") < plain.index(screen.flow.url)
        # The URL (seven rows here) and the hints scroll; the countdown and the paste field
        # stay whole at the bottom.
        panel = screen.query_one(SignInPanel).region
        paste = screen.query_one("#paste", Input)
        assert not paste.disabled and paste.region.height == 3, "the paste field whole"
        assert panel.contains_region(paste.region), (panel, paste.region)
        assert panel.contains_region(progress.region), (panel, progress.region)
        # A refused paste says why where the field is, in sight.
        await pilot.press("v")
        paste.value = "hello world"
        await pilot.press("enter")
        error = screen.query_one("#auth-error", Static)
        await wait_for(pilot, lambda: str(error.render()), "the refusal")
        await wait_for(pilot, lambda: panel.contains_region(error.region), "the refusal in sight")
        # Refused at the sandbox's page: the attempt stops, and step 2 asks for Enter again.
        paste.value = consent(screen.flow.url, decision="deny")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.finished, "the denial")
        assert text_of(screen, "#step-2") == "2. Press Enter to sign in at Zoho and accept.", (
            "step 2 asks for Enter again once stopped"
        )


async def test_headless_without_ssh_it_names_this_machines_ports_not_your_own_machine(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No display and no SSH (a container, tmux on a server's console): no "own machine" to
    run `ssh -L` on first. Step 2 says to open the URL in a browser that reaches this
    machine's ports, the hint offers the paste field, and the forward comes after, as the way
    from another machine (l still copies it; w prints it after the URL)."""
    monkeypatch.delenv("BROWSER")
    for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):  # DISPLAY: conftest's
        monkeypatch.delenv(name, raising=False)
    write_auth_profile(auth_sandbox, port)
    page = auth_sandbox.servers["us"].server_port
    expected = forward_both(port, page)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        command = screen.query_one("#elsewhere-command", Static)
        await wait_for(pilot, lambda: str(command.render()) == expected, "the ssh command")
        assert text_of(screen, "#step-2") == (
            f"2. Open this address in a browser that can reach this machine's ports {port} "
            f"and {page}, sign in at Zoho and accept:"
        )
        assert not screen.query_one("#ssh-command").display  # nothing to run first
        assert not screen.query_one("#step-3").display
        hint = text_of(screen, "#ssh-hint")
        assert hint.startswith("No browser can be opened on this machine (no display).")
        assert hint.endswith("Or paste the address the browser ends up on (v).")
        assert text_of(screen, "#elsewhere") == (
            "To use a browser on another machine, run this there first (l copies it):"
        )
        said = text_of(screen, "#elsewhere-hint")
        assert "a browser there reaches neither: it forwards both ports" in said
        url = screen.query_one("#sign-in-url").region
        assert url.bottom <= screen.query_one("#elsewhere").region.y < command.region.y
        panel = " ".join(str(line.render()) for line in screen.query(Static) if line.display)
        assert "own machine" not in panel
        await pilot.press("l")
        assert app.clipboard == expected
        plain = screen.panel.plain_text()
        assert (
            plain.index(screen.flow.url)
            < plain.index("To use a browser on another machine, run this there first:")
            < plain.index(expected)
        )


async def test_escape_while_waiting_cancels_closes_the_port_and_says_so(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """BROWSER=false (conftest's): nothing opens. One console at 80x24:
    - Escape before Enter: nothing started, nothing to cancel, nothing said;
    - after Enter, the hint says BROWSER asked not to open one;
    - Escape while waiting closes the callback port, goes back to the subscription and says
      that the sign-in was cancelled (one toast, nothing else)."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_authenticate(pilot, app)
        await pilot.press("escape")  # nothing started: nothing to cancel, nothing said
        await wait_for(pilot, lambda: screen_name(app) == "SubscriptionScreen", "going back")
        assert not app.toasts(), "Escape before Enter says nothing"
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AuthenticateScreen), "the screen")
        screen = app.screen
        assert isinstance(screen, AuthenticateScreen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        assert "BROWSER says not to open" in str(screen.query_one("#ssh-hint").render()), (
            "the hint names BROWSER"
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.flow.listener.is_open, "the port to close")
        assert screen_name(app) == "SubscriptionScreen", "Escape while waiting goes back"
        assert [n.message for n in app.toasts()] == [
            "Sign-in cancelled; the callback port is closed."
        ], "Escape while waiting says the sign-in was cancelled"
