"""Our configuration package is named `config`, a common name: a `config` package or module on
PYTHONPATH, in the current directory (`python -m tui`) or installed by another distribution
would be imported instead of ours and fail somewhere deep with a traceback. Checked once at
start, before anything of ours imports it: the `config` Python finds must sit beside `tui` and
carry our mark. Standard library only, and cheap (the import happens anyway)."""

from __future__ import annotations

import os
import sys

MARK = "IPAAS_AUTH_CONFIG"  # set in config/__init__.py


def shadowing_config() -> str | None:
    """None when `config` is ours; else the one line that says whose it is and what to do."""
    try:
        import config
    except Exception as exc:  # a foreign package that fails on import: still not ours
        return _message(None, f"importing it failed: {type(exc).__name__}")
    origin = getattr(config, "__file__", None)
    ours = os.path.dirname(os.path.dirname(_norm(__file__)))  # the folder holding tui/
    if origin and getattr(config, MARK, False) and _folder_of(origin) == ours:
        return None
    return _message(origin or ", ".join(getattr(config, "__path__", None) or []) or None, None)


def _norm(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def _folder_of(origin: str) -> str:
    """The sys.path entry a module or package file was found in."""
    path = os.path.dirname(_norm(origin))
    return os.path.dirname(path) if os.path.basename(origin).startswith("__init__.") else path


def _message(where: str | None, failure: str | None) -> str:
    found = where or "it"
    detail = f"; {failure}" if failure else ""
    return (
        f"ipaas-auth: the Python package `config` found first is not ipaas-auth's ({found}"
        f"{detail}), so ipaas-auth cannot start. {_fix(where)}"
    )


def _fix(where: str | None) -> str:
    """What takes the other `config` out of ipaas-auth's way, by where it was found."""
    folder = _folder_of(where) if where else None
    entries = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    python_path = [_norm(entry) for entry in entries if entry]
    if folder is not None and folder in python_path:
        return (
            f"It comes from PYTHONPATH ({folder}): run ipaas-auth without that entry "
            "(e.g. `env -u PYTHONPATH ipaas-auth`)."
        )
    if folder is not None and folder == _norm(os.getcwd()):
        return (
            "It is in the current directory: run ipaas-auth from another directory, or use the "
            "installed `ipaas-auth` command rather than `python -m tui`."
        )
    return (
        "Another installed package provides `config`: install ipaas-auth in an environment of "
        "its own (`uv tool install .` or `pipx install .` from its checkout)."
    )


def config_is_ours() -> bool:
    """False, after saying why in one line on stderr, when `config` is not ours."""
    message = shadowing_config()
    if message is not None and sys.stderr is not None:
        print(message, file=sys.stderr)
    return message is None
