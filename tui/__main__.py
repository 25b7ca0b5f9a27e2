"""The `ipaas-auth` command line: the console by default, plus scriptable sub-commands.

Each command imports what it needs when it runs; `ipaas-auth` alone, the console as most
people start it, does not even import argparse (issue 13: every millisecond before the first
frame counts).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tui.shadowing import config_is_ours

if TYPE_CHECKING:
    import argparse

    from textual.app import App

    from tui.commands.parser import Run
    from tui.options import StartOptions


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with `commands=False` only the console's own options (what
    `console_only` arguments need: building the ~30 sub-command parsers costs 20-60 ms)."""
    import argparse

    class VersionAction(argparse.Action):
        """--version: computed when asked (it reads the secret store's name)."""

        def __call__(
            self, parser: argparse.ArgumentParser, *args: object, **kwargs: object
        ) -> None:
            from tui.commands.about import version_text

            print(version_text())
            parser.exit()

    from tui.commands.global_options import add_global_options

    parser = argparse.ArgumentParser(
        prog="ipaas-auth",
        description="Set up Zoho Commerce internal authentication on iPaaS.com from a keyboard.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_global_options(parser, top=True)
    parser.add_argument(
        "--sandbox", action="store_true", help="open the built-in sandbox (no credentials needed)"
    )
    parser.add_argument(
        "--version",
        nargs=0,
        action=VersionAction,
        help="print the version, Python, Textual and the secret store",
    )
    if commands:
        from tui.commands.help_text import TOP_DESCRIPTION, top_epilog
        from tui.commands.parser import add_commands

        parser.description, parser.epilog = TOP_DESCRIPTION, top_epilog()
        add_commands(parser)
    return parser


CONSOLE_FLAGS = ("--sandbox", "--debug")


def console_only(args: Sequence[str]) -> bool:
    """True when the arguments only open the console (`ipaas-auth`, `--sandbox`, `--profile X`,
    `--debug`): then the sub-commands' parsers need not be built. Anything else (a command,
    --help, an abbreviation, a mistake) goes to the whole parser and its messages."""
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in CONSOLE_FLAGS or (arg.startswith("--profile=") and len(arg) > 10):
            continue
        if arg == "--profile" and rest and not rest[0].startswith("-"):
            rest.pop(0)
            continue
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    args: argparse.Namespace | None = None
    if _stdout_closed():
        return _no_stdout()
    if not config_is_ours():  # another package named `config` first on the path: one line
        return 1
    try:
        _remove_stale_temporary_files()
        if not args_list:  # the console as most people start it: no parser to build
            return _console(profile=None, sandbox=False)
        from tui.commands.output import escape_what_cannot_be_written

        escape_what_cannot_be_written()  # a non-UTF-8 stdout gets escapes, never a crash
        parser = build_parser(commands=not console_only(args_list))
        args = parser.parse_args(args_list)
        if args.debug:
            os.environ["IPAAS_AUTH_DEBUG"] = "1"  # tui.clients.trace.DEBUG_ENV, without httpx
        run: Run | None = getattr(args, "run", None)  # a sub-command's (tui/commands/parser.py)
        if args.json:
            _check_json(args, run is not None)
        if run is not None:
            return run(args)
        return _console(profile=args.profile, sandbox=args.sandbox)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_went_away()
    except Exception as exc:  # the one top-level handler: a message, never a traceback
        if _stdout_closed():  # closed while running: what failed was printing the result
            return _no_stdout()
        from tui.commands.failures import report

        return report(exc, args_list, as_json=bool(getattr(args, "json", False)))


def _check_json(args: argparse.Namespace, command: bool) -> None:
    """--json goes with a command that prints data (it may come before the command's name)."""
    from tui.commands import UsageError

    if not command:
        raise UsageError(
            "--json goes with a command, which prints one JSON document: for example "
            "`ipaas-auth status --json`. The console (`ipaas-auth` alone) has no JSON."
        )
    if not getattr(args, "prints_json", True):
        args.json = False  # the error below is text: this command has no JSON at all
        raise UsageError(
            "this command prints no JSON (a completion script, or the sandbox's log); "
            "leave out --json."
        )


def _remove_stale_temporary_files() -> None:
    """What saves killed mid-way left, and older versions' files (cheap, never an error)."""
    from config.housekeeping import tidy

    tidy()


def _console(profile: str | None, sandbox: bool) -> int:
    from tui.options import StartOptions

    return run_console(StartOptions(profile=profile, sandbox=sandbox))


NO_TERMINAL = (
    "ipaas-auth: the console needs a terminal (standard input and output are not one); "
    "run it in a terminal or over `ssh -t`, or use a command such as `ipaas-auth profiles list`."
)


def has_terminal() -> bool:
    """True when the console can run: both ends are a terminal, or a driver was chosen for it
    (`textual serve` sets TEXTUAL_DRIVER and runs the app on pipes through its web driver)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_console(options: StartOptions) -> int:
    """Run the console; without a terminal, refuse with one line and status 2 (a console on
    pipes would only spin, waiting for keys that never come)."""
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    from tui.app import create_app  # Textual: only for the console

    # The ~100,000 objects of the modules imported so far live as long as the process: kept
    # out of the collector's reach, a full collection during start-up (it came 15-30 ms
    # before the first rows) has only the new objects to go through.
    gc.freeze()
    app = create_app(options)
    with exit_on_signals(app):
        app.run()
    return app.return_code or 0


# What a terminal or a service manager sends to end a program: the window closed (SIGHUP),
# `kill`, systemd, tmux kill-session (SIGTERM). Windows has neither to catch.
ENDING_SIGNALS = ("SIGTERM", "SIGHUP")
GRACE = 5.0  # seconds the console has to close itself before the process ends regardless


@contextlib.contextmanager
def exit_on_signals(app: App[Any]) -> Iterator[None]:
    """While the console runs, SIGTERM and SIGHUP end it as `q` and ctrl+c do: the terminal
    restored (alternate screen, mouse tracking, cursor), the callback listener closed, then
    status 128 + the signal's number. Python's default would end the process where it stands,
    leaving the terminal in the console's modes and the shell unusable until `reset`."""
    import asyncio
    import signal
    import threading

    ending = [getattr(signal, name) for name in ENDING_SIGNALS if hasattr(signal, name)]
    watchdogs: list[threading.Timer] = []

    def end(number: int, frame: object) -> None:
        status = 128 + number
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # the console has not started, or has stopped: nothing to restore
            raise SystemExit(status) from None
        loop.call_soon_threadsafe(app.exit, None, status)
        # If closing hangs (a terminal gone with SIGHUP may block a write), end anyway.
        watchdog = threading.Timer(GRACE, os._exit, (status,))
        watchdog.daemon = True
        watchdog.start()
        watchdogs.append(watchdog)

    previous = {number: signal.signal(number, end) for number in ending}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for watchdog in watchdogs:  # closed in time
            watchdog.cancel()


def _stdout_closed() -> bool:
    """True when there is no standard output to print to: started with `>&-` (Python then
    has no sys.stdout at all), or closed since."""
    stream = sys.stdout
    if stream is None or getattr(stream, "closed", False):
        return True
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a stream of a test or a host program
        return False
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def _no_stdout() -> int:
    """One line on stderr (when there is one) and status 1; nothing is done, since nothing
    could be shown."""
    if sys.stderr is not None:
        print(
            "ipaas-auth: standard output is closed, so nothing was done (no result could be "
            "printed); run the command with its output going to a terminal, a file or a pipe "
            "(> /dev/null to drop it).",
            file=sys.stderr,
        )
    return 1


def _reader_went_away() -> int:
    """`ipaas-auth … | head`: the reader closed the pipe. Stop quietly, as a tool killed by
    SIGPIPE would (status 141), without Python's complaint when it flushes stdout at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141


if __name__ == "__main__":
    sys.exit(main())
