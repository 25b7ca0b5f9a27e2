"""An exception nothing expected ends the console with one line and a crash report, never a
traceback with local variables (which may hold passwords and tokens) on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import create_app
from tui.options import StartOptions

SECRET = "hunter2-in-a-local-variable"


async def test_an_unexpected_error_is_one_line_and_a_crash_report(
    isolated_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    app = create_app(StartOptions(sandbox=True))

    def broken_handler() -> None:
        password = SECRET  # what Textual's traceback (show_locals=True) would print
        raise RuntimeError(f"boom {len(password)}")

    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            app.call_later(broken_handler)
            await pilot.pause()
    out, err = capfd.readouterr()  # what the app printed on the terminal as it ended
    shown = (out + err).replace("\n", "")
    assert "unexpected error (RuntimeError)" in shown
    assert "Traceback" not in shown and SECRET not in shown
    reports = list(isolated_home.glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in shown
    report = reports[0].read_text()
    assert "RuntimeError: boom" in report and SECRET not in report
