"""What every command that talks to iPaaS.com shares: open the session, log in without asking,
run one use case, print text or one JSON document."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tui.clients.ipaas import IpaasClient
from tui.commands.output import emit, note
from tui.core.session import OWN_SANDBOX_NOTE, Session, connect
from tui.options import StartOptions

__all__ = ["emit", "note", "open_session", "run", "say_own_sandbox"]  # emit, note: output.py

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


def say_own_sandbox(session: Session) -> None:
    """Once, on stderr: this command's sandbox is its own and starts fresh (and how to share)."""
    if session.own_sandbox:
        note(OWN_SANDBOX_NOTE)
