"""The Authenticate use case's rules, in-process: the countdown and the timeout on the sandbox's
fake clock, the browser plan and the `ssh -L` rule, pasting, pre-flight cautions, and every
ending closing the port. Sign-ins that reach Zoho run over real HTTP against the sandbox on
loopback (tests/core/test_authenticate_keeping.py says where the tokens go)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator, Mapping

import pytest

from config.profile import Profile
from config.secrets import MemorySecrets
from tests.console import write_auth_profile
from tests.presenter import Recorder, until
from tui.clients.models import Subscription
from tui.connection import Target
from tui.core.authenticate import (
    Authenticate,
    Authenticated,
    Browser,
    Caution,
    Face,
    Phase,
    SignIn,
    Stopped,
    Timing,
    Why,
    prepare,
)
from tui.core.authenticate_text import (
    caution_text,
    forward_lead,
    forward_text,
    open_in_text,
    plan_text,
    stopped_text,
)
from tui.core.lookup import find_subscription
from tui.core.session import Session, connect
from tui.core.token_ledger import MINTED, Seen, TokenLedger, fingerprint
from tui.oauth.flow import AuthFlow
from tui.oauth.tokens import TokenStore
from tui.options import StartOptions
from tui.sandbox import SandboxServer
from tui.sandbox.clock import FakeClock

DESKTOP = {"BROWSER": "false"}  # conftest's: nothing opens
SSH = {"SSH_CONNECTION": "203.0.113.9 50000 198.51.100.7 22", "USER": "ana"}
PLACEHOLDER = "<the host you connected to>"


def sign_in(
    port: int,
    clock: FakeClock,
    env: Mapping[str, str] = DESKTOP,
    auth_timeout: int = 10,
    target: Target | None = None,
) -> Authenticate:
    """A sign-in that never reaches Zoho: the rules before the token exchange."""
    profile = Profile(
        name="p", callback_host="127.0.0.1", callback_port=port, auth_timeout=auth_timeout
    )
    flow = AuthFlow(
        profile=profile,
        target=target or Target("https://api.ipaas.com"),
        subscription=Subscription("s", "S", "i", "v", {"Client ID": "c"}, ()),
        template="https://accounts.zoho.com/oauth/v2/auth?client_id={Client_Id}",
        custom_fields={},
    )
    store = TokenStore(MemorySecrets(), "p", "s")
    return Authenticate(flow, store, None, timing=Timing(clock.now, 0.005), env=env)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def showing(auth: Authenticate) -> AsyncIterator[SignIn]:
    """The sign-in running as a face shows it, from its one sign-in step on; cancelled after
    (a cancel closes the port all the same)."""
    shown = Recorder()
    run = asyncio.create_task(auth.run(shown))
    await until(lambda: shown.sign_ins, "the sign-in")
    [step] = shown.sign_ins
    yield step
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run


async def test_the_countdown_follows_the_clock_and_the_profiles_auth_timeout_ends_it(
    port: int, clock: FakeClock
) -> None:
    auth = sign_in(port, clock)
    shown = Recorder()
    run = asyncio.create_task(auth.run(shown))
    await until(lambda: shown.progress, "the countdown")
    assert shown.progress[0].phase is Phase.WAITING and shown.progress[0].remaining == 10
    assert shown.progress[0].listening == f"127.0.0.1:{port}"
    assert auth.flow.listener.is_open
    clock.advance(4)
    await until(lambda: shown.progress[-1].remaining == 6, "6 s left")
    clock.advance(6)
    stopped = await run
    assert stopped == Stopped(Why.TIMED_OUT, waited=10, by_option=False, profile="p")
    assert stopped_text(stopped) == (
        "No answer from the browser within 10 s, the profile's auth_timeout (`ipaas-auth "
        "profiles set p auth_timeout=SECONDS` allows more)."
    )
    assert not auth.flow.listener.is_open


async def test_a_commands_timeout_replaces_auth_timeout(port: int, clock: FakeClock) -> None:
    auth = sign_in(port, clock, auth_timeout=120)
    shown = Recorder()
    run = asyncio.create_task(auth.run(shown, Face(timeout=0.5, process_ends=True)))
    await until(lambda: shown.progress, "the countdown")
    assert shown.progress[0].remaining == 0.5
    clock.advance(0.5)
    stopped = await run
    assert isinstance(stopped, Stopped) and stopped.by_option and stopped.waited == 0.5
    assert stopped_text(stopped) == (
        "No answer from the browser within 0.5 s (--timeout); give more with --timeout SECONDS."
    )


async def test_over_ssh_the_forward_command_is_shown_and_no_browser_opens(
    port: int, clock: FakeClock
) -> None:
    auth = sign_in(port, clock, SSH)
    async with showing(auth) as step:
        assert (step.plan.launch, step.plan.reason) == (False, "ssh")
        assert step.browser is Browser.OWN_MACHINE and step.ports == (port,)
        # Not SSH_CONNECTION's address (this side's: wrong behind NAT, a jump host or an
        # alias), nor the user name: what the person typed after ssh, as a placeholder.
        assert step.forward_command == f"ssh -L {port}:localhost:{port} {PLACEHOLDER}"
        assert not step.forward_host_known and step.page_port is None
        assert forward_lead(step) == "On your own machine, run this first"
        assert forward_text(step) == (
            "It forwards the callback port, so that the browser on your own machine reaches "
            "this listener. Replace <the host you connected to> with what you type after ssh "
            "to reach this machine (set IPAAS_AUTH_SSH_HOST to have it filled in)."
        )
        assert open_in_text(step) == "a browser"  # on their own machine, once forwarded
        assert step.url == auth.flow.url and not step.port_busy
    assert not auth.flow.listener.is_open  # cancelled: the port is closed all the same


async def test_headless_without_ssh_any_browser_that_reaches_the_ports_will_do(
    port: int, clock: FakeClock
) -> None:
    """No display and no SSH (a container, tmux on a server's console): no browser opens, but
    there is no "own machine" either. The URL goes to a browser that reaches this machine's
    ports (a published container port, a browser on its console); the `ssh -L` forward is
    only the way from another machine, and both faces word it from the same SignIn."""
    auth = sign_in(port, clock, {"USER": "ana"})  # no DISPLAY, WAYLAND_DISPLAY nor SSH_*
    async with showing(auth) as step:
        assert (step.plan.launch, step.plan.reason) == (False, "no-display")
        assert step.browser is Browser.REACHING and step.ports == (port,)
        assert plan_text(step.plan) == "No browser can be opened on this machine (no display)."
        assert open_in_text(step) == f"a browser that can reach this machine's port {port}"
        assert step.forward_command == f"ssh -L {port}:localhost:{port} {PLACEHOLDER}"
        assert forward_lead(step) == "To use a browser on another machine, run this there first"
        said = forward_text(step)
        assert said.startswith(
            "It forwards the callback port, so that a browser there reaches this listener."
        )
        assert "your own machine" not in said
    assert not auth.flow.listener.is_open


async def test_the_forward_command_names_the_host_the_person_set(
    port: int, clock: FakeClock
) -> None:
    """IPAAS_AUTH_SSH_HOST: what the person types after ssh (an alias, user@host), verbatim."""
    env = {**SSH, "IPAAS_AUTH_SSH_HOST": " ana@build-box "}
    async with showing(sign_in(port, clock, env)) as step:
        assert step.forward_command == f"ssh -L {port}:localhost:{port} ana@build-box"
        assert step.forward_host_known and "Replace" not in forward_text(step)


async def test_a_sign_in_page_on_this_machine_is_forwarded_too(
    port: int, clock: FakeClock, sandbox: SandboxServer
) -> None:
    """The sandbox's consent page is on this machine's loopback, on a port of its own: over
    SSH one command forwards it with the callback port; with the callback port busy (a paste
    finishes), the page's alone; on a desktop, none."""
    target = Target(sandbox.url, None, dict(sandbox.world.dc_urls))
    page = sandbox.servers["us"].server_port
    both = f"ssh -L {port}:localhost:{port} -L {page}:127.0.0.1:{page} {PLACEHOLDER}"
    alone = f"ssh -L {page}:127.0.0.1:{page} {PLACEHOLDER}"
    with socket.socket() as taken:
        for env, busy, expected in ((SSH, False, both), (DESKTOP, False, ""), (SSH, True, alone)):
            if busy:
                taken.bind(("127.0.0.1", port))
                taken.listen()
            auth = sign_in(port, clock, env, target=target)
            assert auth.flow.url.startswith(f"http://127.0.0.1:{page}/")
            shown = Recorder()
            run = asyncio.create_task(auth.run(shown))
            await until(lambda s=shown: s.paste, "the sign-in")
            [step] = shown.sign_ins
            assert (step.forward_command, step.page_port, step.port_busy) == (expected, page, busy)
            if expected:
                said = forward_text(step)
                assert (
                    f"The sign-in page is served on this machine (the sandbox, port {page})" in said
                )
                assert ("forwards that port." if busy else "forwards both ports.") in said
            run.cancel()
            with pytest.raises(asyncio.CancelledError):
                await run


async def test_a_busy_port_offers_no_forward_command_and_a_paste_still_finishes(
    port: int, clock: FakeClock
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        auth = sign_in(port, clock, SSH)
        shown = Recorder()
        run = asyncio.create_task(auth.run(shown))
        await until(lambda: shown.paste, "pastes to be accepted")
        [step] = shown.sign_ins
        assert step.port_busy and step.forward_command == "" and step.port == port
        assert shown.progress[-1].listening == ""  # only a paste can finish
        assert "state does not match" in shown.pasted("http://localhost/callback?state=x&code=1")
        assert not run.done()  # the wait goes on
        denied = f"http://localhost:{port}/callback?error=access_denied&state={auth.flow.state}"
        assert shown.pasted(denied) == ""
        stopped = await run
    assert isinstance(stopped, Stopped) and stopped.why is Why.REFUSED
    assert "choose Accept" in stopped_text(stopped)


async def test_the_plan_follows_the_face(port: int, clock: FakeClock) -> None:
    """textual serve: the page opens the URL; --no-browser: nothing opens on a desktop, and over
    SSH the forward command is still offered."""
    opened: list[str] = []
    cases = [
        (Face(web_opener=opened.append), DESKTOP, "web", True),
        (Face(no_browser=True), {"DISPLAY": ":0"}, "no-browser", False),
        (Face(no_browser=True), SSH, "ssh", False),
    ]
    urls = []
    for face, env, reason, launch in cases:
        auth = sign_in(port, clock, env)
        urls.append(auth.flow.url)
        shown = Recorder()
        run = asyncio.create_task(auth.run(shown, face))
        await until(lambda s=shown: s.paste, "the sign-in")
        assert (shown.sign_ins[0].plan.reason, shown.sign_ins[0].plan.launch) == (reason, launch)
        assert bool(shown.sign_ins[0].forward_command) is (reason == "ssh")
        clock.advance(10)
        await run
    assert opened == urls[:1]  # only the page's browser, and through the face


async def test_a_declined_caution_starts_nothing(port: int, clock: FakeClock) -> None:
    class Cautious(Authenticate):
        async def preflight(self) -> list[Caution]:
            return [Caution("zoho-limit", "a refresh token too many")]

    plain = sign_in(port, clock)
    auth = Cautious(plain.flow, plain.store, plain.ipaas, timing=plain.timing, env=DESKTOP)
    shown = Recorder(yes=False)
    assert await auth.run(shown) == Stopped(Why.DECLINED)
    assert shown.asked == [[Caution("zoho-limit", "a refresh token too many")]]
    assert not shown.sign_ins and auth.flow.listener.outcome is None  # never started
    shown = Recorder(yes=True)
    run = asyncio.create_task(auth.again().run(shown))
    await until(lambda: shown.sign_ins, "the sign-in, once confirmed")
    clock.advance(10)
    assert (await run).why is Why.TIMED_OUT  # type: ignore[union-attr]
    assert not await plain.preflight()  # no caution yet without one


async def test_a_21st_refresh_token_is_a_caution_asked_before_the_port_opens(
    port: int, clock: FakeClock
) -> None:
    """Zoho keeps 20 refresh tokens per user and client; the 21st deletes the oldest."""
    ledger = TokenLedger()
    minted = [Seen(f"1000.r{n}", "c", "us", "s", MINTED) for n in range(20)]
    ledger.record_tokens(minted, time.time())
    auth = sign_in(port, clock)
    shown = Recorder(yes=False)
    assert await auth.run(shown) == Stopped(Why.DECLINED)
    [[caution]] = shown.asked
    assert caution.kind == "zoho-limit" and "refresh token number 21" in caution_text(caution)
    assert not auth.flow.listener.is_open


async def test_an_unexpected_error_is_returned_as_data_and_the_port_closes(
    auth_sandbox: SandboxServer, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.clients import zoho

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(zoho, "exchange_code", broken)
    write_auth_profile(auth_sandbox, port)
    session = Session.open(StartOptions())
    try:
        client = await connect(session)
        auth = await prepare(session, client, await find_subscription(client, "demo store"))
        stopped = await auth.run(Recorder("browser"))
    finally:
        await session.close()
    assert isinstance(stopped, Stopped) and stopped.why is Why.UNEXPECTED
    assert stopped.detail == "RuntimeError: a bug" and isinstance(stopped.error, RuntimeError)
    assert "--debug" in stopped_text(stopped) and not auth.flow.listener.is_open


async def test_a_pasted_consent_finishes_and_each_step_is_shown_in_order(
    auth_sandbox: SandboxServer, port: int
) -> None:
    write_auth_profile(auth_sandbox, port)
    session = Session.open(StartOptions())
    try:
        client = await connect(session)
        auth = await prepare(session, client, await find_subscription(client, "demo store"))
        shown = Recorder("paste")
        done = await auth.run(shown)
    finally:
        await session.close()
    assert isinstance(done, Authenticated) and done.pushed and done.tokens.refresh_token
    assert shown.redirect_uris == [f"http://localhost:{port}/callback"]
    assert shown.progress[0].phase is Phase.WAITING
    assert shown.progress[-1].phase is Phase.EXCHANGING
    assert not shown.refused and not auth.flow.listener.is_open
    # Counted against Zoho's limits: the code the redirect brought, the refresh token minted.
    ledger, client = TokenLedger(), auth.flow.subscription.client_id
    assert len(ledger.recent_codes(client, time.time())) == 1
    assert [t.fingerprint for t in ledger.live_tokens(client, "us")] == [
        fingerprint(done.tokens.refresh_token)
    ]
