"""`ipaas-auth doctor [--subscription SUB] [--check-writes INTEGRATION]`: print the checks of
tui/core/doctor.py, one line each as they finish (or one JSON document), exit 1 if any failed."""

from __future__ import annotations

import argparse
import asyncio

from tui.commands import FAILURE, OK
from tui.commands.context import emit, note
from tui.commands.printable import printable
from tui.core.checks import Check
from tui.core.doctor import diagnose

MARKS = {"ok": "ok  ", "warning": "WARN", "failure": "FAIL"}


def line(check: Check) -> str:
    text = f"{MARKS[check.status]}  {printable(check.name)}: {printable(check.detail)}"
    if check.fix:
        text += f"\n      -> {printable(check.fix)}"
    for more in check.more:  # each its own line, each escaped
        text += f"\n         {printable(more)}"
    return text


def run_doctor(args: argparse.Namespace) -> int:
    as_json = bool(args.json)

    def show(check: Check) -> None:
        if not as_json:
            print(line(check), flush=True)

    report = asyncio.run(
        diagnose(
            getattr(args, "profile", None),
            check_writes=args.check_writes,
            before_write=lambda text: note(printable(text)),
            on_check=show,
            on_note=note,
            subscription=args.subscription,
        )
    )
    if as_json:
        emit(args, report.to_json(), [])
    else:
        failures = sum(c.status == "failure" for c in report.checks)
        warnings = sum(c.status == "warning" for c in report.checks)
        print(f"{failures} failed, {warnings} warnings, profile {report.profile or '?'}")
    return FAILURE if report.failed else OK
