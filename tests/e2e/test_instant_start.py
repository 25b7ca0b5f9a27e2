"""An instant start: the last list from a cache before any network, replaced in place by the
fresh one; pages shown as they arrive; the theme kept across runs."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator

import pytest
from textual.widgets import Input

from config.state import state_path
from tests.console import sandbox_profile_toml, wait_for, wait_loaded, write_profiles
from tests.probe import NO_KEYRING, probe_output, probe_value
from tui.app import IpaasAuthApp, create_app
from tui.core import list_cache
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.demo import starting_integrations
from tui.sandbox.routing import Request, Response
from tui.widgets.key_bar import KeyBar
from tui.widgets.virtual_table import VirtualTable


def status(app: IpaasAuthApp) -> str:
    return str(app.screen.query_one("#status").render())


def shown_names(app: IpaasAuthApp) -> list[str]:
    table = app.screen.query_one(VirtualTable)
    return [table.rows[i][0] for i in table.shown]


def hold(
    sandbox: SandboxServer, name: str, until: threading.Event, when: Callable[[Request], bool]
) -> None:
    """Make endpoint `name` wait for `until` before answering the requests `when` picks."""
    original = sandbox.ipaas.handlers[name]

    def held(request: Request) -> Response:
        if when(request):
            until.wait(20)
        return original(request)

    sandbox.ipaas.replace_handler(name, held)


@pytest.fixture
def released() -> Iterator[threading.Event]:
    """An event a held handler waits for; set at the end whatever happens, so no server thread
    stays blocked."""
    event = threading.Event()
    yield event
    event.set()


# --- the cache -------------------------------------------------------------------------------


async def test_a_loaded_list_is_shown_at_the_next_start_marked_cached_then_replaced_in_place(
    sandbox: SandboxServer, released: threading.Event
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    cache = list_cache.cache_path("demo")
    assert cache is not None
    app = create_app()
    async with app.run_test() as pilot:
        await wait_loaded(pilot, app)
        await wait_for(pilot, cache.exists, "the list to be cached")
    document = json.loads(cache.read_text())
    assert [row[1] for row in document["rows"]] == [
        *(f"Generated Integration 0000{n}" for n in (1, 2, 3)),
        "Zoho Commerce",
    ]
    document["saved_at"] -= 180  # as if that run was 3 minutes ago
    cache.write_text(json.dumps(document))

    # Meanwhile someone renames an integration; and this time iPaaS.com is slow. (The company
    # session was kept: the start goes straight to the list, the one request held here.)
    renamed = next(i for i in sandbox.ipaas.data.integrations.values() if i["name"].endswith("02"))
    renamed["name"] = "Generated Integration 00002 (renamed)"
    sandbox.ipaas.listings.invalidate()
    hold(sandbox, "integrations", released, lambda request: True)

    app = create_app()
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: shown_names(app), "the cached rows")
        assert sandbox.ipaas.calls["login"] == 1  # the first run's only
        assert "cached 3 min ago; refreshing…" in status(app)
        assert "Generated Integration 00002" in shown_names(app)
        await pilot.press("slash", *"generated", "enter", "down")
        table = app.screen.query_one(VirtualTable)
        assert shown_names(app) == [f"Generated Integration 0000{n}" for n in (1, 2, 3)]
        assert table.highlighted_key == str(renamed["id"])

        released.set()
        await wait_for(pilot, lambda: "cached" not in status(app), "the fresh list")
        assert app.screen.query_one("#filter", Input).value == "generated"
        assert shown_names(app) == [
            "Generated Integration 00001",
            "Generated Integration 00002 (renamed)",
            "Generated Integration 00003",
        ]
        assert table.highlighted_key == str(renamed["id"])  # the cursor stayed on its row
        assert "3 of 4 integrations" in status(app)
        await wait_for(
            pilot, lambda: "(renamed)" in cache.read_text(), "the fresh list to be cached"
        )


async def test_a_first_run_shows_the_list_its_own_sandbox_starts_with_then_the_fetched_one(
    monkeypatch: pytest.MonkeyPatch, released: threading.Event
) -> None:
    """No profiles.toml and no cache: the console starts its own sandbox, whose starting list
    it knows without the network. It is shown at once, marked, then replaced in place by what
    that sandbox serves over HTTP, which must be the same rows."""
    from tui.core.session import Session

    new_client = Session.new_client

    def held(session: Session) -> object:  # the sandbox, httpx and the client: held back
        released.wait(20)
        return new_client(session)

    monkeypatch.setattr(Session, "new_client", held)
    app = create_app()
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: shown_names(app), "the starting rows")
        assert not app.connection.is_connected  # shown before the sandbox was even started
        assert "the sandbox's starting list; refreshing…" in status(app)
        starting = list_cache.embedded_sandbox_rows(starting_integrations())
        assert shown_names(app) == [name for _, name in starting]
        await pilot.press("down", "down")
        table = app.screen.query_one(VirtualTable)
        highlighted = table.highlighted_key
        assert highlighted == starting[2][0]

        released.set()
        await wait_for(pilot, lambda: "starting list" not in status(app), "the fetched list")
        assert app.connection.is_connected
        fetched = [(key, table.rows[index][0]) for index, key in enumerate(table.keys)]
        assert fetched == starting  # what the sandbox served is what was shown before
        assert table.highlighted_key == highlighted  # the cursor stayed on its row
        assert "6 integrations · Enter to open" in status(app)


async def test_with_no_cache_the_screen_and_its_keys_are_drawn_with_a_loading_state(
    sandbox: SandboxServer, released: threading.Event
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    hold(sandbox, "login", released, lambda request: True)
    app = create_app()
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.screen.query(KeyBar), "the key bar")
        table = app.screen.query_one(VirtualTable)
        bar = app.screen.query_one(KeyBar)
        await wait_for(pilot, lambda: "Quit" in str(bar.render()), "the keys drawn")
        assert table.loading and not table.rows  # the log-in is held: nothing to show yet
        released.set()
        await wait_loaded(pilot, app)
        assert not table.loading


async def test_a_corrupt_cache_is_no_cache(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    cache = list_cache.cache_path("demo")
    assert cache is not None
    cache.parent.mkdir(parents=True)
    cache.write_text('{"format": 1, "rows": [[')
    app = create_app()
    async with app.run_test() as pilot:
        await wait_loaded(pilot, app)
        assert "cached" not in status(app)
        assert not app.toasts()
        await wait_for(pilot, lambda: list_cache.load(_identity()), "a good cache again")


def _identity() -> list_cache.Identity:
    identity = list_cache.identity_at_start(None, False)
    assert identity is not None
    return identity


# --- pages as they arrive -------------------------------------------------------------------


@pytest.fixture
def paged_sandbox() -> Iterator[SandboxServer]:
    """7 pages of 10 integrations and of 10 subscriptions."""
    server = start_sandbox(clock=FakeClock(), integrations=64, subscriptions=64)
    server.ipaas.page_size = 10
    yield server
    server.stop()


@pytest.mark.parametrize(
    ("endpoint", "keys", "noun"),
    [("integrations", (), "integrations"), ("subscriptions", ("s",), "subscriptions")],
)
async def test_rows_are_shown_as_pages_arrive_and_the_filter_works_on_them(
    paged_sandbox: SandboxServer,
    released: threading.Event,
    endpoint: str,
    keys: tuple[str, ...],
    noun: str,
) -> None:
    hold(paged_sandbox, endpoint, released, lambda r: r.query.get("pageNumber") == "7")
    write_profiles(sandbox_profile_toml(paged_sandbox))
    app = create_app()
    async with app.run_test() as pilot:
        await pilot.press(*keys)
        await wait_for(
            pilot, lambda: len(app.screen.query_one(VirtualTable).rows) == 60, "six pages"
        )
        table = app.screen.query_one(VirtualTable)
        assert f"60 of 65 {noun} loaded…" in status(app)
        arrived = [row[0] for row in table.rows]
        assert not any(name.endswith("00064") for name in arrived)  # on the page held back
        await pilot.press("slash", *"0006")  # 00006 and 00060..00064
        expected = [name for name in arrived if "0006" in name]
        assert expected and shown_names(app) == expected
        assert f"{len(expected)} shown · 60 of 65" in status(app)

        released.set()
        await wait_for(pilot, lambda: "loaded…" not in status(app), "the last page")
        assert len(table.rows) == 65
        assert [name[-5:] for name in shown_names(app)] == [
            "00006",
            "00060",
            "00061",
            "00062",
            "00063",
            "00064",
        ]
        assert f"6 of 65 {noun}" in status(app)
        rows = [row[0] for row in table.rows]
        if endpoint == "integrations":  # in iPaaS.com's order (by name), pages kept in order
            assert rows == sorted(rows, key=str.lower)


# --- import hygiene ---------------------------------------------------------------------------

FIRST_FRAME_PROBE = """
import asyncio, sys
from tests.frames import frames, run_recorded
from tui.app import create_app
from tui.core.connection_state import Connection

HEAVY = (
    "httpx", "httpcore", "keyring", "tui.clients.ipaas", "tui.clients.models",
    "tui.core.session", "tui.sandbox.server",
    # only needed later: the Zoho tables for fetched details, tomllib for a profiles.toml
    "config.zoho", "tomllib",
)
seen = {}

class Writes(list):
    def append(self, data):
        if frames([data]):
            seen.setdefault("at_first_frame", sorted(m for m in HEAVY if m in sys.modules))
        super().append(data)

start = Connection.start

def deferred_start(self):
    seen.setdefault("connect_after_frame", "at_first_frame" in seen)
    return start(self)

Connection.start = deferred_start

async def connected(pilot):
    while not app.connection.is_connected and app.connection.failure is None:
        await pilot.pause(0.05)

app = create_app()
asyncio.run(run_recorded(app, connected, writes=Writes()))
seen["connected"] = app.connection.is_connected
seen["at_end"] = sorted(m for m in HEAVY if m in sys.modules)
print(seen)
"""


def test_the_first_frame_is_painted_before_httpx_the_keyring_or_the_client_are_imported() -> None:
    seen = probe_value(FIRST_FRAME_PROBE, NO_KEYRING)
    assert seen["at_first_frame"] == []
    assert seen["connect_after_frame"] is True
    assert seen["connected"] is True  # the probe really went on to connect…
    assert "httpx" in seen["at_end"]  # …and so did import what it had put off


def test_the_list_screens_import_the_client_for_typing_only() -> None:
    code = (
        "import sys\nimport tui.app, tui.screens.integrations, tui.screens.subscriptions\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    modules = set(probe_output(code).split())
    assert not {"httpx", "keyring", "tui.clients.ipaas", "tui.core.session"} & modules


# --- the theme ---------------------------------------------------------------------------------


async def test_the_theme_chosen_is_kept_for_the_next_run(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test() as pilot:
        assert app.theme != "nord"
        app.theme = "nord"  # what the command palette's "Change theme" does
        await wait_for(pilot, state_path().exists, "the state file")
    assert json.loads(state_path().read_text()) == {"theme": "nord"}

    app = create_app()
    async with app.run_test():
        assert app.theme == "nord"  # before anything else ran


async def test_an_unknown_or_unreadable_saved_theme_is_ignored(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    state_path().write_text('{"theme": "no-such-theme"}')
    default = create_app().theme
    app = create_app()
    async with app.run_test():
        assert app.theme == default
    state_path().write_text("{not json")
    app = create_app()
    async with app.run_test():
        assert app.theme == default
