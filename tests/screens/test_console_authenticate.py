"""The seed's second half end to end: Authenticate in the console, consent in a (stand-in)
browser, tokens caught by the listener, exchanged, stored and pushed; then refresh, verify,
revoke. Everything over real HTTP on loopback."""

from __future__ import annotations

import socket

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.console import (
    open_authenticate,
    stored_tokens,
    wait_for,
    wait_tokens_shown,
    write_auth_profile,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.sandbox.server import set_user_data_centre
from tui.screens.authenticate import AuthenticateScreen
from tui.screens.confirm import ConfirmScreen
from tui.widgets.secret_field import SecretField


async def paste_the_consent(
    pilot: Pilot[None], app: IpaasAuthApp, screen: AuthenticateScreen
) -> None:
    """Accept the consent and paste the address it ends on (a bracketed paste, as a terminal
    sends it) with the paste field not focused: it lands in the field, and Enter uses it, until
    the tokens are shown."""
    from tests.browser import consent

    assert app.focused is not screen.query_one("#paste", Input)
    screen.post_message(events.Paste(consent(screen.flow.url) + "\n"))
    await wait_for(
        pilot, lambda: app.focused is screen.query_one("#paste", Input), "the paste field"
    )
    await pilot.press("enter")
    await wait_tokens_shown(pilot, app)


async def test_denied_then_accepted_consent_then_refresh_verify_revoke(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """The seed's second half with one change of mind, in one console; each step builds on
    the one before:
    - the redirect URI to register is shown, and c copies it;
    - a denied consent ends with a message (choose Accept; Enter or a to try again), the
      port closed and no tokens;
    - Enter, as the message says, is a new attempt on this screen (new state, message gone);
    - accepted: tokens stored with their data centre, shown masked with their expiry, pushed
      to the subscription's persistent data;
    - t refreshes the access token (the refresh token kept);
    - k verifies that the token works;
    - x then y revokes it: gone from the keyring and from Zoho, and said."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        assert (
            str(screen.query_one("#redirect-uri", Static).render())
            == f"http://localhost:{port}/callback"
        ), "the redirect URI shown"
        await pilot.press("c")
        assert app.clipboard == f"http://localhost:{port}/callback", "c copies the redirect URI"

        monkeypatch.setenv("STAND_IN_DECISION", "deny")
        await pilot.press("enter")
        error = screen.query_one("#auth-error", Static)
        await wait_for(pilot, lambda: "denied" in str(error.render()), "the denial", timeout=30)
        assert "choose Accept" in str(error.render()), "the denial says to choose Accept"
        assert "Press Enter (or a) to try again" in str(error.render()), "denial: try again"
        assert not screen.flow.listener.is_open, "denial: the port closed"
        assert stored_tokens(memory_keyring, auth_sandbox) is None, "denial: no tokens"
        # Enter, as the message says, is a new attempt on this screen; this time: Accept.
        monkeypatch.setenv("STAND_IN_DECISION", "accept")
        first = screen.flow
        await pilot.press("enter")
        assert screen.flow is not first and screen.flow.state != first.state, "a new attempt"
        assert "denied" not in str(error.render()), "the new attempt drops the denial"
        await wait_tokens_shown(pilot, app)

        tokens = stored_tokens(memory_keyring, auth_sandbox)
        assert tokens is not None and tokens.refresh_token and tokens.access_token, "stored"
        assert tokens.accounts_server == auth_sandbox.url and tokens.location == "us"
        text = "\n".join(str(w.render()) for w in app.screen.query(SecretField))
        assert tokens.access_token not in text and tokens.refresh_token not in text, "masked"
        assert "expires in 59:" in text or "expires in 1:00:00" in text, "the expiry shown"
        pushed = {
            d["name"]: d
            for d in auth_sandbox.ipaas.data.subscriptions[
                auth_sandbox.ipaas.data.zoho_subscription_id
            ]["persistent_data"]
        }
        assert pushed["AccessToken"]["value"] == tokens.access_token, "pushed"
        assert pushed["AccessToken"]["expiration_date_time"].endswith("Z")
        assert pushed["RefreshToken"]["value"] == tokens.refresh_token, "pushed"

        await pilot.press("t")  # refresh
        await wait_for(
            pilot, lambda: stored_tokens(memory_keyring, auth_sandbox) != tokens, "refresh"
        )
        refreshed = stored_tokens(memory_keyring, auth_sandbox)
        assert refreshed is not None and refreshed.refresh_token == tokens.refresh_token
        assert refreshed.access_token != tokens.access_token, "refresh: a new access token"

        await pilot.press("k")  # verify
        status = app.screen.query_one("#status")
        await wait_for(pilot, lambda: "works" in str(status.render()), "verify")

        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: stored_tokens(memory_keyring, auth_sandbox) is None, "revoke")
        assert refreshed.refresh_token not in auth_sandbox.world.refresh_tokens, "revoked at Zoho"
        await wait_for(
            pilot,
            lambda: "Revoked" in str(app.screen.query_one("#status").render()),
            "the revoke report",
        )


def screen_text(screen: object) -> str:
    from textual.screen import Screen

    assert isinstance(screen, Screen)
    return "".join(str(w.render()) for w in screen.query(Static))


def failure_toast(app: IpaasAuthApp) -> bool:
    """A toast about a failed attempt is on screen."""
    return any(n.title == "Authentication failed" for n in app.toasts())


async def test_paste_back_over_ssh_refusals_another_data_centre_and_starting_again(
    auth_sandbox: SandboxServer,
    port: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """Over SSH no browser opens and the flow waits for a paste. The user lives in another
    data centre (eu). One console; each attempt starts where the one before stopped:
    - the ssh -L command is shown, and step 2 says l copies it;
    - a paste whose state is wrong is refused as such; text that is no redirect at all says
      what to paste, not that a state is wrong; the listener still waits for the real one;
    - code and state pasted without the accounts-server go to the profile's data centre,
      which (as Zoho does) answers invalid_client: said, the port closed, no tokens;
    - Enter starts again and that failure's toast goes; Deny pasted ends the new attempt
      with a toast, and the status line says Enter (or a) tries again;
    - a starts a new attempt: the toast goes at once, the old error too, the port opens;
    - a bracketed paste with the field not focused lands in the field, Enter uses it, and
      the full redirect goes to its own data centre (eu): tokens."""
    from tests.browser import consent

    monkeypatch.delenv("BROWSER")
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.7 22")
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
        assert "state does not match" in str(error.render()), "a wrong state refused as such"
        # Text that is no redirect at all says what to paste, not that a state is wrong.
        screen.query_one("#paste", Input).value = "hello world"
        await pilot.press("enter")
        shown = " ".join(str(error.render()).split())
        assert "not the address your browser ended on" in shown and "state" not in shown, (
            "no redirect: says what to paste"
        )
        assert f"starts with http://localhost:{port}/callback" in shown
        assert screen.flow.listener.outcome is not None
        assert not screen.flow.listener.outcome.done(), "still waiting for the real one"
        screen.query_one("#paste", Input).value = code_and_state
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: "data centre" in str(error.render()), "invalid_client", timeout=30
        )
        assert not screen.flow.listener.is_open, "invalid_client: the port closed"
        assert stored_tokens(memory_keyring, auth_sandbox) is None, "invalid_client: no tokens"
        assert failure_toast(app), "invalid_client: the failure's toast"

        # Enter starts again; Deny pasted ends that attempt with a toast.
        await pilot.press("enter")
        assert not failure_toast(app), "Enter: the last attempt's failure toast goes"
        await wait_for(pilot, lambda: screen.flow.url in screen_text(screen), "the URL")
        screen.query_one("#paste", Input).value = consent(screen.flow.url, decision="deny")
        await pilot.press("v", "enter")
        await wait_for(pilot, lambda: screen.finished, "the denial")
        assert failure_toast(app), "Deny: the failure's toast"
        progress = screen.query_one("#progress", Static)
        assert "Press Enter (or a) to try again" in str(progress.render()), "how to try again"
        await pilot.press("a")
        assert not failure_toast(app), "a: the failure's toast goes at once"
        assert not screen.finished, "a: a new attempt"
        assert str(screen.query_one("#auth-error", Static).render()) == "", "a: old error gone"
        await wait_for(pilot, lambda: "Waiting for Zoho" in str(progress.render()), "waiting")
        assert screen.flow.listener.is_open, "a: the port open again"
        await paste_the_consent(pilot, app, screen)
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and tokens.location == "eu", "the full redirect's data centre"


async def test_pasted_full_redirect_uses_its_data_centre(
    auth_sandbox: SandboxServer,
    port: int,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    set_user_data_centre(auth_sandbox, "eu")
    write_auth_profile(auth_sandbox, port, "pkce = true\n")
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.flow.listener.is_open, "the listener")
        assert "code_challenge_method=S256" in screen.flow.url
        await paste_the_consent(pilot, app, screen)
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


async def test_under_textual_serve_it_opens_the_page_and_offers_paste_back(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser showing the console may be on another machine than its listener."""
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
