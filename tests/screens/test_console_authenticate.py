"""The seed's second half end to end: Authenticate in the console, consent in a (stand-in)
browser, tokens caught by the listener, exchanged, stored and pushed; then refresh, verify,
revoke. Everything over real HTTP on loopback."""

from __future__ import annotations

import socket

import pytest
from textual import events
from textual.widgets import Input, Static

from tests.console import (
    open_authenticate,
    screen_name,
    stored_tokens,
    wait_for,
    wait_tokens_shown,
    write_auth_profile,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.sandbox.server import set_user_data_centre
from tui.screens.confirm import ConfirmScreen
from tui.widgets.secret_field import SecretField


async def test_authenticate_refresh_verify_revoke(
    auth_sandbox: SandboxServer, port: int, browser: None, memory_keyring: MemoryKeyring
) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        assert (
            str(screen.query_one("#redirect-uri", Static).render())
            == f"http://localhost:{port}/callback"
        )
        await pilot.press("c")
        assert app.clipboard == f"http://localhost:{port}/callback"
        await pilot.press("enter")
        await wait_tokens_shown(pilot, app)
        tokens = stored_tokens(memory_keyring, auth_sandbox)
        assert tokens is not None and tokens.refresh_token and tokens.access_token
        assert tokens.accounts_server == auth_sandbox.url and tokens.location == "us"
        text = "\n".join(str(w.render()) for w in app.screen.query(SecretField))
        assert tokens.access_token not in text and tokens.refresh_token not in text
        assert "expires in 59:" in text or "expires in 1:00:00" in text
        pushed = {
            d["name"]: d
            for d in auth_sandbox.ipaas.data.subscriptions[
                auth_sandbox.ipaas.data.zoho_subscription_id
            ]["persistent_data"]
        }
        assert pushed["AccessToken"]["value"] == tokens.access_token
        assert pushed["AccessToken"]["expiration_date_time"].endswith("Z")
        assert pushed["RefreshToken"]["value"] == tokens.refresh_token

        await pilot.press("t")  # refresh
        await wait_for(
            pilot, lambda: stored_tokens(memory_keyring, auth_sandbox) != tokens, "refresh"
        )
        refreshed = stored_tokens(memory_keyring, auth_sandbox)
        assert refreshed is not None and refreshed.refresh_token == tokens.refresh_token
        assert refreshed.access_token != tokens.access_token

        await pilot.press("k")  # verify
        status = app.screen.query_one("#status")
        await wait_for(pilot, lambda: "works" in str(status.render()), "verify")

        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: stored_tokens(memory_keyring, auth_sandbox) is None, "revoke")
        assert refreshed.refresh_token not in auth_sandbox.world.refresh_tokens
        await wait_for(
            pilot,
            lambda: "Revoked" in str(app.screen.query_one("#status").render()),
            "the revoke report",
        )


async def test_denied_consent_ends_with_a_message(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.setenv("STAND_IN_DECISION", "deny")
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        error = screen.query_one("#auth-error", Static)
        await wait_for(pilot, lambda: "denied" in str(error.render()), "the denial", timeout=30)
        assert "choose Accept" in str(error.render())
        assert "Press Enter (or a) to try again" in str(error.render())
        assert not screen.flow.listener.is_open
        assert stored_tokens(memory_keyring, auth_sandbox) is None
        # Enter, as the message says, is a new attempt on this screen; this time: Accept.
        monkeypatch.setenv("STAND_IN_DECISION", "accept")
        first = screen.flow
        await pilot.press("enter")
        assert screen.flow is not first and screen.flow.state != first.state
        assert "denied" not in str(error.render())
        await wait_tokens_shown(pilot, app)
    assert stored_tokens(memory_keyring, auth_sandbox) is not None


async def test_a_stopped_sign_in_starts_again_and_the_old_failure_goes(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over SSH (no browser opens, the flow waits for a paste): Deny ends the attempt with a
    toast; a, as the status line says, starts a new one, and that toast goes at once."""
    from tests.browser import consent

    monkeypatch.delenv("BROWSER")
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.7 22")
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.url in screen_text(screen), "the URL")
        screen.query_one("#paste", Input).value = consent(screen.flow.url, decision="deny")
        await pilot.press("v", "enter")
        await wait_for(pilot, lambda: screen.finished, "the denial")
        assert any(n.title == "Authentication failed" for n in app.toasts())
        progress = screen.query_one("#progress", Static)
        assert "Press Enter (or a) to try again" in str(progress.render())
        await pilot.press("a")
        assert not any(n.title == "Authentication failed" for n in app.toasts())
        assert not screen.finished and str(screen.query_one("#auth-error", Static).render()) == ""
        await wait_for(pilot, lambda: "Waiting for Zoho" in str(progress.render()), "waiting")
        assert screen.flow.listener.is_open
        # Pasted (a bracketed paste, as a terminal sends it) with the field not focused:
        # it lands in the field, and Enter uses it.
        assert app.focused is not screen.query_one("#paste", Input)
        screen.post_message(events.Paste(consent(screen.flow.url) + "\n"))
        await wait_for(
            pilot, lambda: app.focused is screen.query_one("#paste", Input), "the paste field"
        )
        await pilot.press("enter")
        await wait_tokens_shown(pilot, app)


def screen_text(screen: object) -> str:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return "".join(str(w.render()) for w in screen.query(Static))


async def test_other_data_centre_and_paste_back_over_ssh(
    auth_sandbox: SandboxServer,
    port: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """Over SSH no browser opens; the user pastes the redirect. A paste without the
    accounts-server goes to the profile's data centre, which (as Zoho does) answers
    invalid_client when the user lives in another one."""
    from tests.browser import consent

    monkeypatch.delenv("BROWSER")
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.7 22")
    monkeypatch.setenv("USER", "ana")
    set_user_data_centre(auth_sandbox, "eu")
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        command = screen.query_one("#ssh-command", Static)
        await wait_for(pilot, lambda: "ssh -L" in str(command.render()), "the SSH command")
        assert f"ssh -L {port}:localhost:{port} -L " in str(command.render())
        assert "l copies it" in str(screen.query_one("#step-2", Static).render())
        location = consent(screen.flow.url)  # the browser on the user's own machine
        code_and_state = location.split("code=")[1].split("&")[0] + " " + screen.flow.state
        await pilot.press("v")
        screen.query_one("#paste", Input).value = "http://localhost/callback?state=wrong&code=x"
        await pilot.press("enter")
        error = screen.query_one("#auth-error", Static)
        assert "state does not match" in str(error.render())
        # Text that is no redirect at all says what to paste, not that a state is wrong.
        screen.query_one("#paste", Input).value = "hello world"
        await pilot.press("enter")
        shown = " ".join(str(error.render()).split())
        assert "not the address your browser ended on" in shown and "state" not in shown
        assert f"starts with http://localhost:{port}/callback" in shown
        assert screen.flow.listener.outcome is not None
        assert not screen.flow.listener.outcome.done()  # still waiting for the real one
        screen.query_one("#paste", Input).value = code_and_state
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "data centre" in str(error.render()), "invalid_client", timeout=30
        )
        assert not screen.flow.listener.is_open
    assert stored_tokens(memory_keyring, auth_sandbox) is None


async def test_pasted_full_redirect_uses_its_data_centre(
    auth_sandbox: SandboxServer,
    port: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    from tests.browser import consent

    set_user_data_centre(auth_sandbox, "eu")
    write_auth_profile(auth_sandbox, port, "pkce = true\n")
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        assert "code_challenge_method=S256" in screen.flow.url
        # Pasted (a bracketed paste, as a terminal sends it) with the field not focused:
        # it lands in the field, and Enter uses it.
        assert app.focused is not screen.query_one("#paste", Input)
        screen.post_message(events.Paste(consent(screen.flow.url) + "\n"))
        await wait_for(
            pilot, lambda: app.focused is screen.query_one("#paste", Input), "the paste field"
        )
        await pilot.press("enter")
        await wait_tokens_shown(pilot, app)
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and tokens.location == "eu"
    assert tokens.accounts_server == auth_sandbox.dc_url("eu")


async def test_busy_callback_port_still_finishes_by_paste(
    auth_sandbox: SandboxServer, port: int, memory_keyring: MemoryKeyring
) -> None:
    """Another program holds the port: the sign-in goes on, says why and how to change the
    port, and the pasted address finishes it."""
    from tests.browser import consent

    write_auth_profile(auth_sandbox, port)  # BROWSER=false from conftest: nothing opens
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        app = create_app()
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_authenticate(pilot, app)
            await pilot.press("enter")
            busy = screen.query_one("#port-busy", Static)
            await wait_for(pilot, lambda: "already in use" in str(busy.render()), "the notice")
            assert f"Port {port}" in str(busy.render())
            assert "callback_port=" in str(busy.render()).replace("\n", " ")
            assert str(screen.query_one("#auth-error", Static).render()) == ""
            paste = screen.query_one("#paste", Input)
            assert not paste.disabled and app.focused is paste
            assert "waiting for the address you paste" in str(
                screen.query_one("#progress", Static).render()
            )
            paste.value = consent(screen.flow.url)  # the browser's redirect goes nowhere
            await pilot.press("enter")
            await wait_tokens_shown(pilot, app)
    assert stored_tokens(memory_keyring, auth_sandbox) is not None


async def test_ssh_command_on_its_own_line_with_a_copy_key(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BROWSER")
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.7 22")
    monkeypatch.setenv("USER", "ana")
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        command = screen.query_one("#ssh-command", Static)
        page = auth_sandbox.servers["us"].server_port  # the sign-in page, on this machine too
        expected = (
            f"ssh -L {port}:localhost:{port} -L {page}:127.0.0.1:{page} <the host you connected to>"
        )
        await wait_for(pilot, lambda: str(command.render()) == expected, "the ssh command")
        await pilot.press("l")
        assert app.clipboard == expected


async def test_escape_cancels_and_closes_the_port(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_auth_profile(auth_sandbox, port)  # BROWSER=false from conftest: nothing opens
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        assert "BROWSER says not to open" in str(screen.query_one("#ssh-hint").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.flow.listener.is_open, "the port to close")
        assert screen_name(app) == "SubscriptionScreen"


async def test_under_textual_serve_it_opens_the_page_and_offers_paste_back(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser showing the console may be on another machine than its listener."""
    from tui.app import IpaasAuthApp

    opened: list[str] = []
    monkeypatch.setattr(IpaasAuthApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(IpaasAuthApp, "open_url", lambda self, url, **kw: opened.append(url))
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: opened, "the page to be asked to open the URL")
        assert opened == [screen.flow.url]
        hint = str(screen.query_one("#ssh-hint").render())
        assert "textual serve" in hint and "paste the address" in hint
        await pilot.press("escape")


async def test_a_pre_flight_caution_is_asked_before_the_sign_in_starts(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The place issue 22's warning goes: the question comes before the port opens; No stops
    the attempt (Enter asks again), Yes signs in."""
    from tui.core.authenticate import Authenticate, Caution

    async def cautions(self: Authenticate) -> list[Caution]:
        return [Caution("zoho-limit", "a refresh token too many")]

    monkeypatch.setattr(Authenticate, "preflight", cautions)
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "a refresh token too many" in app.screen.question
        assert screen.flow.listener.outcome is None  # nothing started yet
        await pilot.press("n")
        error = screen.query_one("#auth-error", Static)
        await wait_for(pilot, lambda: "not started" in str(error.render()), "the stop")
        assert "Press Enter (or a) to try again" in str(error.render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question again")
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.flow.listener.is_open, "the port to close")
