"""`ipaas-auth authenticate SUBSCRIPTION [--no-browser] [--timeout S] [--yes]`: the console's
sign-in (tui/core/authenticate.py) without the console. It finishes on whichever comes first: the
browser's redirect reaching the local listener, or the address the browser ended on pasted on
stdin (tui/commands/pastes.py).

Exit status: 0 when the tokens are kept on this machine (the keyring, or the secrets file of
`secret_storage = "file"`); 1 when nothing on this machine keeps them (no usable keyring: a
sandbox profile's memory ends with the command), even if iPaaS.com took them, since the next
`token` here would find nothing; 1 too, with the tokens printed once, when nothing keeps them
at all; and the usual codes (tui/commands/__init__.py) for a sign-in that stopped."""

from __future__ import annotations

import argparse
import asyncio
import math
from collections.abc import Sequence

from tui.clients.ipaas import IpaasClient
from tui.commands import FAILURE, OK, CommandError, UsageError
from tui.commands.authenticate_report import completed_json, token_lines
from tui.commands.context import emit, note, run
from tui.commands.pastes import read_stdin_pastes
from tui.commands.printable import printable
from tui.core.authenticate import (
    Caution,
    Face,
    Kept,
    PasteSink,
    Progress,
    SignIn,
    Stopped,
    Why,
    prepare,
)
from tui.core.authenticate_text import (
    caution_text,
    completion_notice,
    forward_lead,
    forward_text,
    kept_nowhere_text,
    open_in_text,
    plan_text,
    port_busy_text,
    stopped_text,
)
from tui.core.lookup import find_subscription
from tui.core.session import Session

NOT_KEPT_HERE = (
    "Until that is fixed and you authenticate again, `ipaas-auth token` on this machine finds "
    "no tokens for this subscription."
)


def run_authenticate(args: argparse.Namespace) -> int:
    timeout = args.timeout
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise UsageError(
            f"--timeout {timeout:g} is not a number of seconds; give one more than 0 (e.g. 300)"
        )
    return run(args, lambda s, c: _authenticate(args, s, c))


async def _authenticate(args: argparse.Namespace, session: Session, client: IpaasClient) -> int:
    subscription = await find_subscription(client, args.subscription)
    sign_in = await prepare(session, client, subscription)
    face = Face(no_browser=args.no_browser, timeout=args.timeout, process_ends=True)
    done = await sign_in.run(_Stderr(yes=args.yes), face)
    if isinstance(done, Stopped):
        if done.why is Why.DECLINED:
            raise CommandError("Nothing was started (see above): add --yes to authenticate anyway.")
        if done.why in (Why.FAILED, Why.UNEXPECTED) and done.error is not None:
            raise done.error  # its kind sets the exit status; a bug gets its crash report
        raise CommandError(stopped_text(done))
    data = completed_json(done, subscription.id, subscription.name)
    if done.kept_nowhere:
        # Nothing keeps them and the command cannot show them later: print them this once.
        note(
            "ipaas-auth: WARNING: the new tokens are kept NOWHERE: "
            + printable(kept_nowhere_text(done))
            + " They are printed below, unmasked, this once: copy them somewhere safe now, or "
            "authenticate again after fixing the secret store (`ipaas-auth doctor` checks it)."
        )
        data.update(
            kept_nowhere=True,
            access_token=done.tokens.access_token,
            refresh_token=done.tokens.refresh_token,
        )
        emit(args, data, token_lines(done, unmasked=True))
        return FAILURE
    message, severity = completion_notice(done)
    if done.kept is Kept.NOWHERE:  # on iPaaS.com only: `token` here has nothing to give
        note(f"ipaas-auth: {printable(message)} {NOT_KEPT_HERE}")
        emit(args, data, token_lines(done))
        return FAILURE
    emit(args, data, [message, *token_lines(done)])
    return OK if severity != "error" else FAILURE


class _Stderr:
    """The command's presenter: everything for the person goes to stderr, so stdout stays the
    result; pasted text comes from stdin, so a caution is answered by --yes, as `tokens revoke`
    is (a 21st refresh token makes Zoho delete the oldest, maybe a live integration's)."""

    def __init__(self, yes: bool = False) -> None:
        self.yes = yes

    async def confirm(self, cautions: Sequence[Caution]) -> bool:
        for caution in cautions:  # nobody to ask: stdin is the paste source
            note(f"ipaas-auth: {printable(caution_text(caution))}")
        return self.yes

    def show_redirect_uri(self, uri: str) -> None:
        note(f"Redirect URI (register it in Zoho's API console): {uri}")

    def show_sign_in(self, sign_in: SignIn) -> None:
        note(plan_text(sign_in.plan))
        if sign_in.port_busy:
            note(port_busy_text(sign_in))
        forward = (
            f"{forward_lead(sign_in)}:\n  {printable(sign_in.forward_command)}\n"
            f"{forward_text(sign_in)}"
        )
        if sign_in.forward_first:
            note(forward)
        note(f"Open this address in {open_in_text(sign_in)} to give consent:\n  {sign_in.url}")
        if sign_in.forward_command and not sign_in.forward_first:  # the way from elsewhere
            note(forward)
        note(
            "Or paste here the address your browser ended on (Enter), to finish from another "
            "machine."
        )

    def show_progress(self, progress: Progress) -> None:
        """Nothing: a script's stderr is no place for a countdown."""

    def accept_pastes(self, paste: PasteSink) -> None:
        read_stdin_pastes(paste, note, asyncio.get_running_loop())
