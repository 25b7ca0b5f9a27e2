"""However Authenticate ends, the screen leaves "Waiting…"/"Exchanging…", says what happened and
what to do, and the callback port is free again. Pilot tests over real HTTP on loopback."""

from __future__ import annotations

import socket

import pytest
from textual.widgets import Static

from tests.console import (
    authenticated,
    open_authenticate,
    stored_tokens,
    wait_for,
    write_auth_profile,
)
from tests.memory_keyring import MemoryKeyring
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.authenticate import AuthenticateScreen


def port_is_free(port: int) -> bool:
    """Nothing listens on it (a closed connection's TIME_WAIT does not count, as for the
    listener itself)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def texts(screen: AuthenticateScreen) -> tuple[str, str]:
    return (
        str(screen.query_one("#progress", Static).render()),
        str(screen.query_one("#auth-error", Static).render()),
    )


async def run_until_stopped(
    app: IpaasAuthApp, port: int, *, expect: str, timeout: float = 30
) -> str:
    """The error text the screen ended with."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: expect in texts(screen)[1], expect, timeout=timeout)
        progress, error = texts(screen)
        assert "Waiting" not in progress and "Exchanging" not in progress
        assert progress.startswith("Stopped.") and "Enter (or a) to try again" in progress
        assert "Enter (or a) to try again" in error
        assert not screen.flow.listener.is_open and port_is_free(port)
        assert screen.query_one("#paste").disabled
        return error


async def test_a_failing_token_call_ends_with_zohos_reason(
    auth_sandbox: SandboxServer, port: int, browser: None, memory_keyring: MemoryKeyring
) -> None:
    auth_sandbox.world.token_failure = (503, {"message": "down for maintenance"})
    write_auth_profile(auth_sandbox, port)
    await run_until_stopped(create_app([]), port, expect="HTTP 503")
    assert stored_tokens(memory_keyring, auth_sandbox) is None


async def test_an_answer_of_the_wrong_shape_ends_with_a_message(
    auth_sandbox: SandboxServer, port: int, browser: None
) -> None:
    auth_sandbox.world.token_failure = (200, ["not", "an", "object"])
    write_auth_profile(auth_sandbox, port)
    await run_until_stopped(create_app([]), port, expect="not a JSON object")


async def test_an_unexpected_exception_inside_ends_with_a_message(
    auth_sandbox: SandboxServer, port: int, browser: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.clients import zoho

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug [b]here[/b]")

    monkeypatch.setattr(zoho, "exchange_code", broken)
    write_auth_profile(auth_sandbox, port)
    error = await run_until_stopped(create_app([]), port, expect="unexpected error")
    assert "RuntimeError: a bug [b]here[/b]" in error  # shown literally, not as markup
    assert "--debug" in error


async def test_the_countdown_runs_on_the_clock_and_auth_timeout_ends_it(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console shows the use case's countdown and its ending when the deadline passes, on
    the sandbox's fake clock: the 10 s themselves are not waited."""
    from tui.core.authenticate import Authenticate, Timing
    from tui.sandbox.clock import FakeClock

    clock = FakeClock()
    monkeypatch.setattr(Authenticate, "timing", Timing(clock.now, 0.01))
    write_auth_profile(auth_sandbox, port, "auth_timeout = 10\n")  # BROWSER=false: no answer
    app = create_app([])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "ends in 0:10 · listening on" in texts(screen)[0], "0:10")
        clock.advance(4)
        await wait_for(pilot, lambda: "ends in 0:06" in texts(screen)[0], "the countdown")
        clock.advance(6)
        await wait_for(pilot, lambda: "within 10 s" in texts(screen)[1], "the timeout")
        assert texts(screen)[0].startswith("Stopped.") and "auth_timeout" in texts(screen)[1]
        assert not screen.flow.listener.is_open and port_is_free(port)


async def test_an_odd_keyring_failure_still_shows_the_tokens(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """A keyring backend raising something other than our error must not lose the tokens."""

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("dbus went away")

    monkeypatch.setattr(memory_keyring, "set_password", broken)
    write_auth_profile(auth_sandbox, port)
    app = create_app([])
    async with app.run_test(size=(120, 40)) as pilot:
        await authenticated(pilot, app)
        assert port_is_free(port)
        screen = app.screen
        await pilot.press("r")  # a reload reads the keyring, which has nothing: still shown
        await wait_for(pilot, lambda: not screen.workers, "the reload", timeout=30)
        assert getattr(screen, "tokens", None) is not None
        pushed = {
            d["name"]: d["value"]
            for d in auth_sandbox.ipaas.data.subscriptions[
                auth_sandbox.ipaas.data.zoho_subscription_id
            ]["persistent_data"]
        }
        assert pushed["AccessToken"].startswith("1000.")


async def test_tokens_with_an_odd_expiry_are_kept_and_shown_as_unknown(
    auth_sandbox: SandboxServer, port: int, browser: None, memory_keyring: MemoryKeyring
) -> None:
    from tui.widgets.secret_field import SecretField

    auth_sandbox.world.token_patch = {"expires_in": "one hour", "api_domain": None, "x": [1]}
    write_auth_profile(auth_sandbox, port)
    app = create_app([])
    async with app.run_test(size=(120, 40)) as pilot:
        await authenticated(pilot, app)
        shown = str(app.screen.query_one("#access-token", SecretField).render())
        assert "expiry unknown" in shown
    tokens = stored_tokens(memory_keyring, auth_sandbox)
    assert tokens is not None and tokens.expires_at is None and tokens.refresh_token
    pushed = auth_sandbox.ipaas.data.subscriptions[auth_sandbox.ipaas.data.zoho_subscription_id]
    assert {d["name"] for d in pushed["persistent_data"]} >= {"AccessToken", "RefreshToken"}


async def test_a_keyring_failing_midway_keeps_a_sandbox_profiles_tokens_in_memory(
    auth_sandbox: SandboxServer,
    port: int,
    browser: None,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """The keyring's backend fails with its own error (not a KeyringError; Windows' is
    pywintypes.error) and iPaaS.com is not written (push_tokens = false): a sandbox profile's
    tokens stay in memory, as with no keyring at all, and the console says so. (A real
    profile's are kept nowhere: tests/core/test_authenticate_keeping.py.)"""

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("dbus went away")

    monkeypatch.setattr(memory_keyring, "set_password", broken)
    write_auth_profile(auth_sandbox, port, "push_tokens = false\n")
    app = create_app([])
    async with app.run_test(size=(120, 40)) as pilot:
        await authenticated(pilot, app)
        [notice] = [n for n in app.toasts() if "Authenticated" in n.message]
        assert notice.message.startswith("Authenticated: tokens saved in memory until you quit")
    assert stored_tokens(memory_keyring, auth_sandbox) is None
