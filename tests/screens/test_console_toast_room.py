"""Toasts as the terminal shows them: a title and a few lines at most, the rest on the status
line or on the help screen (not both); never over the URL, the tokens or a dialog; information
leaves after a few seconds."""

from __future__ import annotations

import time

from textual.widget import Widget

from config.secrets import SERVICE, tokens_key
from config.tokens import ZohoTokens
from tests.console import (
    open_authenticate,
    open_demo_subscription,
    painted,
    sandbox_profile_toml,
    wait_for,
    wait_loaded,
    write_auth_profile,
    write_profiles,
)
from tests.hostile import screen_text
from tests.memory_keyring import MemoryKeyring
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.help import HelpScreen
from tui.toasts import MAX_LINES, MORE, few_lines

LONG = " ".join(f"zebra{i}" for i in range(80))  # about ten lines at a toast's width


KEPT_NOWHERE = (
    "The tokens are kept nowhere: the keyring failed (OSError: dbus went away). They are on "
    "the subscription screen until you leave it: copy them now with c and shift+c."
)


def test_a_long_message_keeps_what_happened_and_what_to_do() -> None:
    shown = few_lines(KEPT_NOWHERE, 36, MORE)
    assert shown == (
        "The tokens are kept nowhere: the …\ncopy them now with c and shift+c. (? shows it all)"
    )
    assert few_lines("Saved to iPaaS.com.", 36, MORE) is None  # short: as it is


def test_without_a_way_out_that_fits_the_first_lines_stay() -> None:
    shown = few_lines(LONG, 40, MORE)
    assert shown is not None and shown.startswith("zebra0 zebra1") and shown.endswith(MORE)
    assert len(shown) <= 3 * 40


def toasts(app) -> list[Widget]:  # type: ignore[no-untyped-def]
    return list(app.screen.query("Toast"))


def overlaps(widget: Widget, keep: Widget) -> bool:
    return bool(widget.region.intersection(keep.region))


async def test_a_long_toast_is_a_few_lines_whole_below_or_on_help(sandbox: SandboxServer) -> None:
    """One console on the sandbox profile:
    - a long toast whose text the status line shows whole only starts, "… (below)", and is
      not kept for the help screen (said once, below);
    - at 60x20, 80x24 and 120x40 (resized between them), a long toast shows its title and
      three lines at most, ending "… (? shows it all)", and is whole on the help screen."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_loaded(pilot, app)
        app.screen.set_status(f"{LONG} Press r to retry.", error=True)  # type: ignore[attr-defined]
        app.notify(LONG, title="Integrations", severity="error", timeout=30)
        await wait_for(pilot, lambda: toasts(app), "the toast")
        [notice] = app.toasts()
        assert notice.message.endswith("… (below)"), "the status line's text not said below"
        assert not any("zebra79" in n for n in app.notices)  # said once, below
        app.clear_notifications()
        await wait_for(pilot, lambda: not toasts(app), "the toast gone")

        for width, height in [(60, 20), (80, 24), (120, 40)]:
            at = f"at {width}x{height}"
            await pilot.resize_terminal(width, height)
            await wait_for(pilot, lambda w=width, h=height: app.size == (w, h), f"the size {at}")
            end = f"end{width}x{height}"  # the last word, this size's alone
            app.notify(f"{LONG} {end}", title="Long", severity="warning", timeout=30)
            await wait_for(pilot, lambda: toasts(app), f"the toast {at}")
            await pilot.pause()
            [toast] = toasts(app)
            lines = painted(toast).splitlines()
            assert len(lines) <= 1 + MAX_LINES, (at, lines)  # the title and three lines
            assert lines[0].strip().endswith("Long"), (at, lines)
            assert lines[-1].rstrip().endswith("… (? shows it all)"), (at, lines)
            assert "zebra0" in lines[1] and end not in "\n".join(lines), (at, lines)
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), f"help {at}")
            notices = str(app.screen.query_one("#help-notices").render())
            assert f"zebra79 {end}" in notices, f"the toast is not whole on the help screen {at}"
            await pilot.press("escape")
            app.clear_notifications()
            await wait_for(
                pilot,
                lambda: not isinstance(app.screen, HelpScreen) and not toasts(app),
                f"the help closed and the toast gone {at}",
            )


async def test_toasts_never_cover_the_tokens(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    tokens = ZohoTokens("1000.a", "1000.r", time.time() + 1800, "", sandbox.url, "us")
    key = f"demo:{tokens_key(sandbox.ipaas.data.zoho_subscription_id)}"
    memory_keyring.set_password(SERVICE, key, tokens.to_json())
    app = create_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_demo_subscription(pilot, app)
        await wait_for(pilot, lambda: app.screen.tokens is not None, "the tokens")
        for n in range(3):
            app.notify(f"{n} {LONG}", severity="warning", timeout=30)
        await wait_for(pilot, lambda: len(toasts(app)) == 3, "the toasts")
        await pilot.pause()
        shown = screen_text(app).splitlines()
        assert any("2 zebra0" in line for line in shown)  # the newest is in sight
        kept = app.screen.query_one("#tokens")
        for y in range(kept.region.y, kept.region.bottom):
            assert "zebra" not in shown[y] and "▌" not in shown[y], shown[y]
        assert f"Data centre     us · {sandbox.url}" in "\n".join(shown)


async def test_toasts_never_cover_the_sign_in_url(auth_sandbox: SandboxServer, port: int) -> None:
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_authenticate(pilot, app)
        await pilot.press("enter")  # no browser here ($BROWSER=false): the URL is shown
        url = screen.query_one("#sign-in-url")
        await wait_for(pilot, lambda: "oauth" in painted(url), "the URL")
        for n in range(3):
            app.notify(f"{n} {LONG}", severity="error", timeout=30)
        await wait_for(pilot, lambda: len(toasts(app)) == 3, "the toasts")
        await pilot.pause()
        shown = screen_text(app).splitlines()
        assert any("2 zebra0" in line for line in shown)  # the newest is in sight
        for kept in screen.query("#redirect-uri, .url"):
            for y in range(kept.region.y, kept.region.bottom):
                assert "zebra" not in shown[y] and "▌" not in shown[y], shown[y]
