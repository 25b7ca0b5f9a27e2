"""A few lines of Python run in a fresh interpreter: what a process imports, or does at its
start, shows only in a process that has not run anything else (the test's own has)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


def probe_output(code: str, env: Mapping[str, str] | None = None, timeout: float = 120) -> str:
    """What `python -c code` prints, run at the project's root in the test's environment (its
    isolated homes) with `env` over it; a probe that fails fails the test."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
        timeout=timeout,
    ).stdout


def probe_value(code: str, env: Mapping[str, str] | None = None) -> Any:
    """The last line a probe prints, read as a Python literal (a dict, a list, a number)."""
    return ast.literal_eval(probe_output(code, env).strip().splitlines()[-1])
