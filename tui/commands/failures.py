"""What a failed command prints: one line on stderr and an exit status, never a traceback.

Our own errors (ConfigError, ApiError, CommandError) already say what went wrong and what to
do. A few errors of the environment (a bad SSL_CERT_FILE, a full disk) are named here. Anything
else is a bug: one line, plus a crash report (traceback, version, argv) written to the state
directory for the maintainers (the newest few are kept). Everything in it goes through the debug
trace's redaction (tui.redaction), so a user can send it as it is.
"""

from __future__ import annotations

import os
import platform
import ssl
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from tui.commands import FAILURE, CommandError, exit_code_for
from tui.commands.printable import message_lines, printable_lines
from tui.redaction import REDACTED, is_secret_name, redact_message


def exit_status(exc: BaseException) -> int:
    """The exit status for one of our errors: its own `exit_status` if it has one (a command
    may set it), else what the error's kind maps to (README, "Exit codes")."""
    status = getattr(exc, "exit_status", None)
    return status if isinstance(status, int) else exit_code_for(exc)


def report(exc: BaseException, argv: Sequence[str], as_json: bool = False) -> int:
    """Print the one line `exc` deserves on stderr (and, with --json, one JSON document on
    stdout) and return the exit status."""
    message, status = _describe(exc, argv)
    # Our own message keeps its lines (a headline, then the candidates), each escaped.
    lines = message_lines(exc) if message == str(exc) else [message]
    lines[-1] += _debug_hint()
    message = "\n".join(lines)
    print(f"ipaas-auth: {printable_lines(lines)}", file=sys.stderr)
    if as_json:
        from tui.commands.output import write_json

        write_json({"error": {"message": message, "exit_code": status}})
    return status


def _describe(exc: BaseException, argv: Sequence[str]) -> tuple[str, int]:
    from config.errors import ConfigError, describe_os_error
    from tui.clients.errors import ApiError

    if isinstance(exc, ConfigError | ApiError | CommandError):
        return str(exc), exit_status(exc)
    certificates = _certificate_problem(exc)
    if certificates:
        return certificates, FAILURE
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot use{where}: {describe_os_error(exc)}.", FAILURE
    path = write_crash_report(exc, argv)
    if path is None:
        return (
            f"unexpected error ({type(exc).__name__}: {redact_message(str(exc))}); no crash "
            "report could be written. Please report this line to the maintainers.",
            FAILURE,
        )
    return (
        f"unexpected error ({type(exc).__name__}); the details are in {path}. "
        "Please send that file to the maintainers.",
        FAILURE,
    )


def _certificate_problem(exc: BaseException) -> str | None:
    """A CA bundle named by SSL_CERT_FILE or SSL_CERT_DIR that cannot be loaded (where a
    client not made by new_async_client, which says so itself, tried to load it)."""
    if not (os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR")):
        return None
    if not isinstance(exc, ssl.SSLError | FileNotFoundError | IsADirectoryError):
        return None
    from tui.clients.http import bad_bundle_message

    return bad_bundle_message(os.environ, exc)


def write_crash_report(exc: BaseException, argv: Sequence[str]) -> Path | None:
    """Write the traceback, versions and the command line, all redacted; None if it fails.

    Never raises: it runs when something already went wrong, perhaps in the very modules it
    uses (an import that fails on this platform), and the user still gets the one line."""
    try:
        from config.atomic import write_atomic
        from config.logs import prune_crash_reports
        from config.paths import state_dir

        lines = [
            f"ipaas-auth {_version()} crash report, {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
            f"python {platform.python_version()} on {platform.platform()}",
            f"argv: {' '.join(mask_argv(argv))}",
            "",
            *(redact_message(line) for line in traceback.format_exception(exc)),
        ]
        path = state_dir() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        write_atomic(path, "\n".join(line.rstrip("\n") for line in lines).encode() + b"\n")
        prune_crash_reports(path.parent)
    except Exception:
        return None
    return path


def mask_argv(argv: Sequence[str]) -> list[str]:
    """argv with every secret hidden: the value of a `name=value` or `--name=value` word whose
    name means a secret (password, secret, token, API key; not `access_token_name`), and in
    any word a URL's user info, secret query values and anything shaped like a token."""
    return [_mask_word(word) for word in argv]


def _mask_word(word: str) -> str:
    name, equals, value = word.partition("=")
    if equals and value and name.lstrip("-") and is_secret_name(name.lstrip("-")):
        return f"{name}={REDACTED}"
    return redact_message(word)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ipaas-auth")
    except PackageNotFoundError:
        return "(not installed)"


def _debug_hint() -> str:
    """ " (HTTP details in …/debug.log)" while debugging, else "" (httpx only loaded then)."""
    import os

    if not os.environ.get("IPAAS_AUTH_DEBUG"):
        return ""
    from tui.clients.trace import debug_hint

    return debug_hint()
