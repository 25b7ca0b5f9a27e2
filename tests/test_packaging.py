"""What a fresh clone installs: `uv run ipaas-auth` gets the tool's dependencies only; the test
tools (pytest, Playwright, mypy) come with the opt-in dev group that .ci/run syncs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
TEST_TOOLS = ("pytest", "playwright", "mypy", "ruff", "hypothesis")


def _installed_by(*flags: str) -> set[str]:
    """The package names `uv sync FLAGS` installs from uv.lock (no network, nothing installed)."""
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    done = subprocess.run(
        [uv, "export", "--frozen", "--no-hashes", "--no-emit-project", *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        re.split(r"[=<>; \[]", line, maxsplit=1)[0].lower()
        for line in done.stdout.splitlines()
        if line and not line.startswith((" ", "#", "-"))
    }


def test_uv_run_on_a_fresh_clone_installs_no_test_tools() -> None:
    """`uv run ipaas-auth` syncs the default groups: the tool's dependencies, nothing else."""
    installed = _installed_by()
    assert {"textual", "httpx", "keyring"} <= installed
    assert not installed & set(TEST_TOOLS), sorted(installed & set(TEST_TOOLS))


def test_ci_syncs_the_test_tools_before_running_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    [sync] = [line for line in ci.splitlines() if line.startswith("uv sync")]
    # Which packages, not how they are installed: those flags are not `uv export`'s.
    how = ("--locked", "--compile-bytecode")
    flags = [flag for flag in shlex.split(sync)[2:] if flag not in how]
    assert set(TEST_TOOLS) <= _installed_by(*flags), sync
    # After the sync, the README's test command finds pytest installed.
    assert ci.index(sync) < ci.index("\nuv run --group dev pytest\n")
