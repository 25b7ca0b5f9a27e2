"""Standard output that cannot write every character (`PYTHONIOENCODING=ascii`, a latin-1 pipe)
never makes a command fail: names come out escaped (`\\u00e9`), JSON stays one valid document.
In-process with streams of that encoding (tests/cli.py), and once in a real process, whose own
encoding is the point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.console import sandbox_profile_toml, write_profiles
from tui.sandbox import SandboxServer

ROOT = Path(__file__).parent.parent.parent
NAME = "Café Zoho … 😀 Ω"


@pytest.fixture
def named(sandbox: SandboxServer) -> str:
    """The sandbox's Zoho integration, renamed beyond ASCII and latin-1; its id."""
    write_profiles('secret_storage = "file"\n' + sandbox_profile_toml(sandbox))
    data = sandbox.ipaas.data
    data.integrations[data.zoho_integration_id]["name"] = NAME
    return str(data.zoho_integration_id)


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("ascii", "Caf\\u00e9 Zoho \\u2026 \\U0001f600 \\u03a9"),
        ("latin-1", "Café Zoho \\u2026 \\U0001f600 \\u03a9"),
    ],
)
def test_names_are_escaped_and_json_stays_valid(named: str, encoding: str, shown: str) -> None:
    text = run_cli("integrations", "--filter", "zoho", encoding=encoding)
    assert text.returncode == 0, text.stderr
    assert text.stdout.strip() == f"{named}  {shown}"
    as_json = run_cli("integrations", "--json", encoding=encoding)
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert {"id": named, "name": NAME}.items() <= next(
        row for row in rows if row["id"] == named
    ).items()


def test_help_with_an_ellipsis_on_an_ascii_stdout() -> None:
    done = run_cli("profiles", "--help", encoding="ascii")
    assert done.returncode == 0, done.stderr
    assert "KEY=VALUE\\u2026" in done.stdout


def test_a_process_with_pythonioencoding_ascii(named: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tui", "integrations"]
    as_json = subprocess.run([*command, "--json"], env=env, capture_output=True, timeout=60)
    assert as_json.returncode == 0, as_json.stderr
    as_json.stdout.decode("ascii")  # nothing but ASCII
    [row] = [row for row in json.loads(as_json.stdout) if row["id"] == named]
    assert row["name"] == NAME
    text = subprocess.run([*command, "--filter", "zoho"], env=env, capture_output=True, timeout=60)
    assert text.returncode == 0, text.stderr
    assert text.stdout.decode("ascii").strip() == (
        f"{named}  Caf\\u00e9 Zoho \\u2026 \\U0001f600 \\u03a9"
    )
