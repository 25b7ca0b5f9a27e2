"""Start-up work the console skips or overlaps (issue 13's cold and warm start targets)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.console import sandbox_profile_toml, wait_loaded, write_profiles
from tests.frames import Frame, frames, run_recorded
from tests.probe import NO_KEYRING, probe_output, probe_value
from tui.__main__ import build_parser, console_only
from tui.app import create_app
from tui.core.connection_state import Connection
from tui.options import StartOptions
from tui.sandbox import SandboxServer

CONSOLE_ARGS = [
    [],
    ["--sandbox"],
    ["--profile", "work"],
    ["--profile=work", "--debug"],
    ["--debug", "--profile", "profiles", "--sandbox"],  # a profile named like a command
]
OTHER_ARGS = [
    ["profiles", "list"],
    ["--profile", "work", "status"],
    ["--help"],
    ["--version"],
    ["--sand"],  # an abbreviation: argparse's rules, in the whole parser
    ["--profile"],  # a mistake: the whole parser's message
    ["--profile", "--sandbox"],
    ["--profile="],
    ["sandbox", "--port", "0"],
]


@pytest.mark.parametrize("args", CONSOLE_ARGS)
def test_console_arguments_parse_alike_without_the_commands(args: list[str]) -> None:
    assert console_only(args)
    assert vars(build_parser(commands=False).parse_args(args)) == vars(
        build_parser().parse_args(args)
    )


@pytest.mark.parametrize("args", OTHER_ARGS)
def test_anything_else_goes_to_the_whole_parser(args: list[str]) -> None:
    assert not console_only(args)


def test_opening_the_console_does_not_build_the_commands() -> None:
    """`ipaas-auth` alone never imports the commands' parser nor the profile keys (its help)."""
    code = (
        "import sys\nimport tui.__main__ as entry\nentry.run_console = lambda options: 0\n"
        "entry.main(['--sandbox'])\n"
        "print(sorted(m for m in ('tui.commands.parser', 'config.profile_keys') "
        "if m in sys.modules))"
    )
    assert probe_output(code).strip() == "[]"


LOG_IN_PROBE = """
import asyncio, sys, threading
importers = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in ("anyio._backends._asyncio", "httpcore"):
            importers.setdefault(name, threading.current_thread() is threading.main_thread())
        return None

sys.meta_path.insert(0, Watch())
from tui.core.session import Session, connect
from tui.options import StartOptions

async def main():
    session = Session.open(StartOptions(sandbox=True))
    client = await connect(session)
    await client.list_companies()  # a further request: nothing more to import
    await session.close()

asyncio.run(main())
print(importers)
"""


def test_logging_in_imports_nothing_on_the_event_loop() -> None:
    """httpcore and anyio's asyncio backend (which httpcore imports at the first request) load
    in the worker thread that makes the client, not on the loop between the console's frames."""
    on_main_thread = probe_value(LOG_IN_PROBE, NO_KEYRING)
    assert on_main_thread == {"anyio._backends._asyncio": False, "httpcore": False}


def test_the_modules_imported_at_start_are_kept_out_of_the_collector() -> None:
    """A full collection while the first frames are drawn went through every object of the
    imported modules (15-30 ms); the console freezes them before it runs."""
    code = (
        "import gc, os\nos.environ['TEXTUAL_DRIVER'] = 'x'  # has_terminal(): yes\n"
        "import tui.app, tui.__main__ as entry\nfrozen = []\n"
        "class App:\n    return_code = 0\n    def run(self):\n"
        "        frozen.append(gc.get_freeze_count())\n"
        "tui.app.create_app = lambda options: App()\n"
        "entry.run_console(tui.app.StartOptions())\nprint(frozen[0])"
    )
    assert probe_value(code) > 10_000  # textual alone makes ~100,000 objects


async def test_the_first_frame_is_the_whole_screen(sandbox: SandboxServer) -> None:
    """The list screen is composed with the app: its first frame is the whole screen. (Pushed
    from on_mount, its whole first frame fell in Textual's start-up batch and was dropped; the
    first frame shown was the header and key bar alone, the rest a timer tick later.)"""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()

    async def loaded(pilot: Pilot[None]) -> None:
        await wait_loaded(pilot, app)

    first = frames(await run_recorded(app, loaded))[0]
    assert first.is_whole(24), sorted(first.rows)
    assert "/ to filter integrations" in first.text, first.text


async def test_connecting_begins_with_the_first_frame_not_a_repaint_later(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ready (the first frame is painted) starts the connection; call_after_refresh waited for
    a further full repaint, a timer tick or more."""
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    before_connect: list[list[Frame]] = []
    start = Connection.start
    writes: list[str] = []

    def connecting(self: Connection) -> None:
        before_connect.append(frames(writes))
        start(self)

    async def loaded(pilot: Pilot[None]) -> None:
        await wait_loaded(pilot, app)

    monkeypatch.setattr(Connection, "start", connecting)
    await run_recorded(app, loaded, writes=writes)
    painted = before_connect[0]
    assert painted[0].is_whole(24)  # the whole first frame came first…
    assert sum(frame.is_whole(24) for frame in painted) == 1  # …and no second one before


async def test_the_session_its_target_and_client_are_made_in_one_thread_hop(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hop to a worker thread and back waits for the event loop (5-10 ms while frames are
    painted): profile, target and client are made in one."""
    write_profiles(sandbox_profile_toml(sandbox))
    hops: list[str] = []
    to_thread = asyncio.to_thread

    async def counted(function: Callable[..., object], /, *args: object) -> object:
        hops.append(getattr(function, "__name__", "?"))
        return await to_thread(function, *args)

    monkeypatch.setattr(asyncio, "to_thread", counted)
    app = create_app()
    async with app.run_test() as pilot:
        await wait_loaded(pilot, app)
        session = app.connection.session
        assert session is not None and session.client is not None
    assert hops.count("open_session") == 1
    assert not {"new_client", "connect_target", "open"} & set(hops)


def test_the_console_alone_opens_without_building_a_parser_or_importing_argparse() -> None:
    """`ipaas-auth` with no arguments, as most people start it: its defaults, and nothing of
    the command line's machinery on the way to the first frame."""
    probe = (
        "import sys\n"
        "import tui.__main__ as entry\n"
        "entry.run_console = lambda options: print(repr(options), 'argparse' in sys.modules)"
        " or 0\n"
        "sys.exit(entry.main([]))\n"
    )
    assert probe_output(probe).strip() == f"{StartOptions()!r} False"
