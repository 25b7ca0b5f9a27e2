"""What the console does with an exception nothing expected: in a worker, a toast (no failure is
silent); anywhere else, one plain line after the terminal is restored, and a crash report in the
state directory (secrets redacted, tui/commands/failures.py) instead of Textual's traceback,
which prints local variables, passwords and tokens among them."""

from __future__ import annotations

import sys
from typing import Any

from rich.text import Text
from textual.app import App
from textual.worker import Worker, WorkerState

from tui import textual_internals as internals


def fatal_error(app: App[Any]) -> None:
    from tui.commands.failures import write_crash_report

    app.bell()
    error = internals.unhandled_exception(app) or sys.exc_info()[1]
    path = write_crash_report(error, sys.argv[1:]) if error is not None else None
    where = f"the details are in {path}" if path else "no crash report could be written"
    name = type(error).__name__ if error is not None else "error"
    internals.exit_saying(
        app,
        Text(
            f"ipaas-auth: unexpected error ({name}); {where}. Please send that file to the "
            "maintainers."
        ),
    )


def worker_failed(app: App[Any], event: Worker.StateChanged) -> None:
    """An error no worker expected still reaches the user, as a toast."""
    if event.state == WorkerState.ERROR and event.worker.error is not None:
        error = event.worker.error
        app.notify(
            f"{type(error).__name__}: {error}. Press r to retry; if it happens again, "
            "please report it with what you were doing.",
            title="Unexpected error",
            severity="error",
            timeout=20,
        )
