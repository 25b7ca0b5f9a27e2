"""`ipaas-auth authenticate SUBSCRIPTION [--no-browser] [--timeout S]`: the console's flow
without the console. It finishes on whichever comes first: the browser's redirect reaching the
local listener, or the address the browser ended on pasted on stdin (to finish from another
machine, as `rclone authorize` and `gcloud --no-browser` allow)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from config.bounded import read_line, size_text, skip_line, standard_input
from config.tokens import mask
from tui.clients.ipaas import IpaasClient
from tui.commands import UsageError
from tui.commands.context import emit, note, run
from tui.commands.printable import printable
from tui.core.authenticate import kept_nowhere, prepare_flow
from tui.core.lookup import find_subscription
from tui.core.session import Session
from tui.oauth.browser import open_in_browser, plan_browser, ssh_forward_command
from tui.oauth.callback_result import InvalidCallback
from tui.oauth.flow import AuthFlow, Completed, completion_notice

MAX_PASTE_LINE = 16 * 1024  # one pasted address: Zoho's redirect is a few hundred bytes
MAX_PASTED = 256 * 1024  # all of standard input read while waiting for the browser


def run_authenticate(args: argparse.Namespace) -> int:
    timeout = args.timeout
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise UsageError(
            f"--timeout {timeout:g} is not a number of seconds; give one more than 0 (e.g. 300)"
        )
    return run(args, lambda s, c: _authenticate(args, s, c))


async def _authenticate(args: argparse.Namespace, session: Session, client: IpaasClient) -> int:
    subscription = await find_subscription(client, args.subscription)
    flow = await prepare_flow(session, client, subscription)
    await flow.start(args.timeout)
    try:
        _announce(flow, args.no_browser)
        _read_pastes(flow, asyncio.get_running_loop())
        completed = await flow.complete(await flow.wait())
    finally:
        await flow.close()
    lost = kept_nowhere(completed, process_ends=True)
    data = _completed_json(completed, subscription.id, subscription.name)
    if lost:
        # Nothing keeps them and the command cannot show them later: print them this once.
        note(
            "ipaas-auth: WARNING: the new tokens are kept NOWHERE: "
            + printable(lost)
            + " They are printed below, unmasked, this once: copy them somewhere safe now, or "
            "authenticate again after fixing the secret store (`ipaas-auth doctor` checks it)."
        )
        data.update(
            kept_nowhere=True,
            access_token=completed.tokens.access_token,
            refresh_token=completed.tokens.refresh_token,
        )
        emit(args, data, _token_lines(completed, unmasked=True))
        return 1
    message, severity = completion_notice(completed)
    emit(args, data, [message, *_token_lines(completed)])
    return 0 if severity != "error" else 1


def _announce(flow: AuthFlow, no_browser: bool) -> None:
    plan = plan_browser()
    note(f"Redirect URI (register it in Zoho's API console): {flow.redirect_uri}")
    note(f"Open this address to give consent:\n  {flow.url}")
    if flow.port_busy:
        note(flow.port_busy)
    elif plan.reason == "ssh":
        note(
            "Over SSH: forward the callback port from your own machine first:\n  "
            + ssh_forward_command(flow.listener.port)
        )
    note("Or paste here the address your browser ended on (Enter), to finish from another machine.")
    if plan.launch and not no_browser:
        threading.Thread(target=open_in_browser, args=(flow.url, plan), daemon=True).start()


def _read_pastes(flow: AuthFlow, loop: asyncio.AbstractEventLoop) -> None:
    """Each line on stdin is tried as the redirect; a wrong one is reported and the wait goes
    on. A daemon thread: nothing waits for stdin once the flow is done."""

    def paste(line: str) -> None:
        try:
            flow.paste(line)
        except InvalidCallback as exc:
            note(f"ipaas-auth: {exc}")

    def read() -> None:
        with _own_stdin() as stream:
            read_pastes(stream, lambda line: loop.call_soon_threadsafe(paste, line), note)

    if sys.stdin is not None:
        threading.Thread(target=read, daemon=True).start()


def _own_stdin() -> contextlib.AbstractContextManager[IO[Any]]:
    """Standard input's file descriptor, duplicated and unbuffered, for the thread that waits
    on it: blocked in sys.stdin's buffered reader, it would hold that reader's lock, and
    Python aborts at exit when it closes sys.stdin ("could not acquire lock")."""
    try:
        return open(os.dup(sys.stdin.fileno()), "rb", buffering=0)
    except (AttributeError, OSError, ValueError):  # no descriptor (a test's stand-in)
        return contextlib.nullcontext(standard_input())


def read_pastes(
    stream: IO[Any], paste: Callable[[str], object], say: Callable[[str], None]
) -> None:
    """Give each non-blank line of `stream` to `paste`, until its end or MAX_PASTED bytes: a
    line longer than MAX_PASTE_LINE is skipped (not kept), and past MAX_PASTED (`- < /dev/zero`)
    the stream is read no further; `say` tells the person either."""
    left = MAX_PASTED
    while left > 0:
        line, whole = read_line(stream, MAX_PASTE_LINE)
        if not line:
            return
        left -= len(line)
        if not whole:
            left -= skip_line(stream, left)
            say(
                f"ipaas-auth: a pasted line longer than {size_text(MAX_PASTE_LINE)} was "
                "ignored; paste only the address your browser ended on."
            )
            continue
        if left < 0:  # this line went past the budget: stop here, without it
            break
        text = line.decode("utf-8", "replace").strip()
        if text:
            paste(text)
    say(
        f"ipaas-auth: standard input is read no further after {size_text(MAX_PASTED)}; finish "
        "the sign-in in the browser, or authenticate again and paste only the address."
    )


def _token_lines(completed: Completed, unmasked: bool = False) -> list[str]:
    tokens = completed.tokens
    shown = (lambda text: printable(text)) if unmasked else mask
    return [
        f"Access token   {shown(tokens.access_token)}",
        f"Refresh token  {shown(tokens.refresh_token) or '(none)'}",
        f"Data centre    {tokens.location or '?'} · {tokens.accounts_server}",
    ]


def _completed_json(completed: Completed, sub_id: str, sub_name: str) -> dict[str, Any]:
    tokens = completed.tokens
    return {
        "subscription": {"id": sub_id, "name": sub_name},
        "kept_in": "" if completed.keep_error else completed.kept_in,
        "kept_nowhere": False,
        "keep_error": completed.keep_error,
        "pushed": completed.pushed,
        "push_error": completed.push_error,
        "access_token": mask(tokens.access_token),
        "refresh_token": mask(tokens.refresh_token),
        "expires_at": tokens.expires_at,
        "accounts_server": tokens.accounts_server,
        "location": tokens.location,
    }
