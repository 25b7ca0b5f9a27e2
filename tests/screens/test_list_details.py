"""The integrations list fills in Authorization and Versions for the rows on screen by
itself, a few requests at a time, against the sandbox (issue 12, "Lists")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.console import sandbox_profile_toml, wait_for, wait_loaded, write_profiles
from tui.app import create_app
from tui.core.prefetch import DEFAULT_LIMIT
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.routing import Request, Response
from tui.screens.integrations import IntegrationsScreen
from tui.widgets.virtual_table import VirtualTable


@dataclass
class Gate:
    """Holds every request for one integration until opened; counts those held at once."""

    opened: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    now: int = 0
    most: int = 0

    def held(self) -> int:
        with self.lock:
            return self.now


@pytest.fixture
def gated() -> Iterator[tuple[SandboxServer, Gate]]:
    server = start_sandbox(integrations=80, subscriptions=1)
    gate = Gate()
    answer = server.ipaas.handlers["integration_edit"]  # the real one, token check included

    def held(request: Request) -> Response:
        with gate.lock:
            gate.now += 1
            gate.most = max(gate.most, gate.now)
        try:
            gate.opened.wait(30)
            return answer(request)
        finally:
            with gate.lock:
                gate.now -= 1

    server.ipaas.replace_handler("integration_edit", held)
    write_profiles(sandbox_profile_toml(server))
    try:
        yield server, gate
    finally:
        gate.opened.set()
        server.stop()


def detailed(table: VirtualTable) -> list[bool]:
    """For each row on screen: are its authorization type and versions filled in?"""
    return [table.rows[table.keys.index(key)][1] != "…" for key in table.visible_keys()]


async def test_rows_on_screen_get_their_details_a_few_at_a_time(
    gated: tuple[SandboxServer, Gate],
) -> None:
    sandbox, gate = gated
    app = create_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_loaded(pilot, app)
        screen = app.screen
        assert isinstance(screen, IntegrationsScreen)
        table = screen.query_one(VirtualTable)
        # On a slow machine the rows can be loaded before the table's first layout.
        await wait_for(pilot, lambda: bool(table.visible_keys()), "the first screen of rows")
        on_screen = len(table.visible_keys())
        assert 10 < on_screen < 81  # more rows on screen than requests at once, fewer than all
        await wait_for(pilot, lambda: gate.held() == DEFAULT_LIMIT, "the first requests")
        gate.opened.set()
        await wait_for(pilot, lambda: all(detailed(table)), "every row on screen detailed")
        assert table.cursor == 0  # no row was highlighted to get them
        assert gate.most == DEFAULT_LIMIT
        assert sandbox.ipaas.calls["integration_edit"] == on_screen  # nothing off screen asked
        first_row = table.rows[table.shown[0]]
        assert first_row[1] != "…" and first_row[2].isdigit()


async def test_rows_scrolled_away_are_skipped_and_come_back_from_the_cache(
    gated: tuple[SandboxServer, Gate],
) -> None:
    sandbox, gate = gated
    app = create_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_loaded(pilot, app)
        table = app.screen.query_one(VirtualTable)
        # On a slow machine the rows can be loaded before the table's first layout.
        await wait_for(pilot, lambda: bool(table.visible_keys()), "the first screen of rows")
        first_screen = table.visible_keys()
        await wait_for(pilot, lambda: gate.held() == DEFAULT_LIMIT, "the first requests")
        await pilot.press("end")  # away before any answer: the rest of this screen is skipped
        last_screen = table.visible_keys()
        assert not set(first_screen) & set(last_screen)
        await wait_for(pilot, lambda: gate.held() == 2 * DEFAULT_LIMIT, "the last screen's")
        gate.opened.set()
        await wait_for(pilot, lambda: all(detailed(table)), "the last screen detailed")
        asked = sandbox.ipaas.calls["integration_edit"]
        assert asked == DEFAULT_LIMIT + len(last_screen)  # the first screen's rest: never
        await pilot.press("home")
        await wait_for(pilot, lambda: all(detailed(table)), "the first screen detailed")
        await pilot.press("end")
        screen = app.screen
        assert isinstance(screen, IntegrationsScreen)
        await wait_for(
            pilot,
            lambda: (
                table.visible_keys() == last_screen
                and all(detailed(table))
                and screen.details.in_flight == 0
            ),
            "the last screen shown again, nothing under way",
        )
        # Back at the end: all from the cache; the first screen cost one request a row.
        assert sandbox.ipaas.calls["integration_edit"] == asked + len(first_screen)


async def test_a_cold_start_then_warm_starts_ask_early_and_fill_in_the_rows(
    sandbox: SandboxServer,
) -> None:
    """Three starts on one profile, each on the cache the one before wrote:
    - cold: the subscriptions' first page is asked for alongside the integrations, and the
      subscriptions screen shows it without asking again;
    - warm: the cached rows show before the log-in, the fresh list replaces them in place,
      and no scroll follows; the rows on screen kept "…" until the list was moved;
    - warm, the fresh list held: the cached rows' details are asked for as soon as the
      console is connected, while the list is still on its way, not after it."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_loaded(pilot, app)  # writes the cache (and keeps the session)
        await wait_for(pilot, lambda: sandbox.ipaas.calls["subscriptions"] == 1, "read ahead")
        screen = app.screen
        assert isinstance(screen, IntegrationsScreen)
        table = screen.query_one(VirtualTable)
        await wait_for(pilot, lambda: all(detailed(table)), "the first run's details")
        await wait_for(pilot, lambda: screen.loading_more is False, "the first run's list")
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SubscriptionsScreen", "s")
        await wait_loaded(pilot, app)
        assert sandbox.ipaas.calls["subscriptions"] == 1, "the subscriptions asked for again"

    app = create_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_loaded(pilot, app)
        screen = app.screen
        assert isinstance(screen, IntegrationsScreen)
        await wait_for(pilot, lambda: not screen.refreshing, "the fresh list")
        table = screen.query_one(VirtualTable)
        await wait_for(pilot, lambda: all(detailed(table)), "the rows on screen detailed")

    listed = threading.Event()
    answer = sandbox.ipaas.handlers["integrations"]

    def held(request: Request) -> Response:
        listed.wait(20)
        return answer(request)

    sandbox.ipaas.replace_handler("integrations", held)
    asked_before = sandbox.ipaas.calls["integration_edit"]
    app = create_app()
    try:
        async with app.run_test(size=(120, 24)) as pilot:
            await wait_for(pilot, lambda: app.connection.is_connected, "the console to connect")
            await wait_for(
                pilot,
                lambda: sandbox.ipaas.calls["integration_edit"] > asked_before,
                "the cached rows' details, with the list still held",
            )
            listed.set()
            screen = app.screen
            assert isinstance(screen, IntegrationsScreen)
            await wait_for(pilot, lambda: not screen.refreshing, "the fresh list")
            table = screen.query_one(VirtualTable)
            await wait_for(pilot, lambda: all(detailed(table)), "the held start's rows detailed")
    finally:
        listed.set()


async def test_switching_profile_ends_the_old_lists_detail_requests(
    gated: tuple[SandboxServer, Gate],
) -> None:
    """The integrations screen of the profile left behind is uninstalled: its detail requests
    are cancelled with it (they went on, and filled in rows of a screen that was gone)."""
    sandbox, gate = gated
    write_profiles(sandbox_profile_toml(sandbox) + '\n[profiles.other]\nenvironment = "sandbox"\n')
    app = create_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_loaded(pilot, app)
        old = app.screen
        assert isinstance(old, IntegrationsScreen)
        await wait_for(pilot, lambda: gate.held() == DEFAULT_LIMIT, "detail requests under way")
        assert old.details.in_flight
        await pilot.press("o")  # the profiles screen: the integrations screen is kept, unshown
        await wait_for(pilot, lambda: app.screen is not old, "the profiles screen")
        app.use_profile("other")
        await wait_for(pilot, lambda: not old.is_attached, "the old list set aside")
        assert old.details.in_flight == 0
        gate.opened.set()
        await wait_for(pilot, lambda: gate.held() == 0, "the held requests answered")


async def test_quitting_stops_the_detail_requests_under_way(
    gated: tuple[SandboxServer, Gate],
) -> None:
    """Quitting while details are being fetched stops those requests: none of them lands on a
    list that is gone (which Python reported on the terminal after the console had closed)."""
    app = create_app()
    async with app.run_test(size=(120, 24)) as pilot:
        await wait_loaded(pilot, app)
        screen = app.screen
        assert isinstance(screen, IntegrationsScreen)
        await wait_for(pilot, lambda: screen.details.in_flight == DEFAULT_LIMIT, "the requests")
    assert screen.details.in_flight == 0
