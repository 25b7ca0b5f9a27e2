"""Input that is not what we expect is our own one-line error with its exit status (issue 20)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config.paths import home_dir
from tui.__main__ import main

ROOT = Path(__file__).parent.parent


def one_line_error(capsys: pytest.CaptureFixture[str], *phrases: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ipaas-auth: "), err
    assert "unexpected error" not in err
    for phrase in phrases:
        assert phrase in err, err
    assert not list(home_dir().glob("crash-*.txt"))
    return err


# --- stdout closed ---------------------------------------------------------------------------


def test_a_closed_stdout_is_one_line_and_status_1_without_a_crash_report() -> None:
    """`ipaas-auth integrations >&-`: Python starts without sys.stdout; nothing is done."""
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" -m tui integrations >&-', sys.executable],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    assert done.stderr.count("\n") == 1 and "standard output is closed" in done.stderr
    assert not list(home_dir().glob("crash-*.txt"))


@pytest.mark.parametrize("args", [["--version"], ["profiles", "keys"], ["status", "--json"]])
def test_no_command_runs_without_a_stdout(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", None)
    assert main(args) == 1
    one_line_error(capsys, "standard output is closed", "nothing was done")


# --- authenticate --timeout ------------------------------------------------------------------


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "0", "-1"])
def test_a_timeout_that_is_no_number_of_seconds_is_a_usage_error(
    seconds: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["authenticate", "sub", f"--timeout={seconds}"]) == 2
    one_line_error(capsys, f"--timeout {float(seconds):g} is not a number of seconds")
