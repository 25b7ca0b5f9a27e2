"""What every command that talks to iPaaS.com shares: open the session, log in without asking,
run one use case, print text or one JSON document."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from tui.clients.ipaas import IpaasClient
from tui.commands.output import write_json
from tui.commands.printable import printable
from tui.core.session import OWN_SANDBOX_NOTE, Session, connect
from tui.options import StartOptions

T = TypeVar("T")

Work = Callable[[Session, IpaasClient], Awaitable[T]]


def open_session(args: argparse.Namespace) -> Session:
    return Session.open(StartOptions(profile=getattr(args, "profile", None)))


def run(args: argparse.Namespace, work: Work[T]) -> T:
    """Open the profile's session, log in (keyring or environment; never a prompt), run."""

    async def go() -> T:
        session = open_session(args)
        try:
            try:
                client = await connect(session)
            finally:
                say_own_sandbox(session)
            return await work(session, client)
        finally:
            await session.close()

    return asyncio.run(go())


def emit(args: argparse.Namespace, data: Any, lines: Iterable[str]) -> None:
    """One JSON document with --json, else the lines for people: each printed as one line,
    its control characters escaped (names and values in it are the server's text)."""
    if getattr(args, "json", False):
        write_json(data)  # ASCII where stdout cannot write every character
    else:
        for line in lines:
            print(printable(line))
    sys.stdout.flush()


def note(text: str) -> None:
    """A message for the person, on stderr so stdout stays the command's result."""
    print(text, file=sys.stderr, flush=True)


def say_own_sandbox(session: Session) -> None:
    """Once, on stderr: this command's sandbox is its own and starts fresh (and how to share)."""
    if session.own_sandbox:
        note(OWN_SANDBOX_NOTE)
