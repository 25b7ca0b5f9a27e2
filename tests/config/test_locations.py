"""Files where the platform expects them: configuration in the user config directory, logs and
state in the user state directory, lists in the user cache directory (platformdirs; XDG here,
set per test by conftest), everything in one folder under $IPAAS_AUTH_HOME; the debug log
rotates, old crash reports go, and an older version's files move once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import config.logs
from config.paths import cache_dir, home_dir, profiles_path, state_dir
from config.state import save_state, state_path
from tests.cli import run_cli
from tui.clients import trace
from tui.commands.failures import write_crash_report
from tui.core import list_cache
from tui.core.journal import journal_path
from tui.core.token_ledger import index_path

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the XDG directories are Linux's"
)


@pytest.fixture
def xdg(monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """No $IPAAS_AUTH_HOME: the platform's directories (conftest points XDG at the test's)."""
    monkeypatch.delenv("IPAAS_AUTH_HOME")
    return {
        kind: Path(os.environ[f"XDG_{kind.upper()}_HOME"]) / "ipaas-auth"
        for kind in ("config", "state", "cache")
    }


def _crash() -> Path:
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        path = write_crash_report(exc, ["ipaas-auth", "doctor"])
    assert path is not None
    return path


def test_each_kind_of_file_is_in_its_platform_directory(xdg: dict[str, Path]) -> None:
    assert profiles_path().parent == home_dir() == xdg["config"]
    assert state_path().parent == journal_path().parent == trace.log_path().parent == xdg["state"]
    assert index_path().parent == xdg["state"]
    crash = _crash()
    assert crash.parent == state_dir() == xdg["state"]
    assert list_cache.cache_path("demo") == xdg["cache"] / "integrations-demo.json"
    assert cache_dir() == xdg["cache"]
    trace.write(["one entry"])
    assert save_state(theme="nord")
    assert sorted(p.name for p in xdg["state"].iterdir()) == sorted(
        ["debug.log", "state.json", crash.name, "state.json.lock"]
    )
    assert not xdg["config"].exists()  # nothing but configuration is written there


def test_ipaas_auth_home_holds_everything(isolated_home: Path) -> None:
    assert home_dir() == state_dir() == isolated_home
    assert cache_dir() == isolated_home / "cache"
    assert _crash().parent == trace.log_path().parent == journal_path().parent == isolated_home
    assert list_cache.cache_path("demo") == isolated_home / "cache" / "integrations-demo.json"


def test_the_debug_log_rotates_and_keeps_a_few_files(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config.logs, "LOG_MAX_BYTES", 1000)
    for number in range(60):
        trace.write([f"entry {number:02} " + "x" * 90])
    logs = sorted(p.name for p in isolated_home.glob("debug*.log"))
    assert logs == ["debug.1.log", "debug.2.log", "debug.3.log", "debug.log"]
    assert all(p.stat().st_size <= 1000 for p in isolated_home.glob("debug*.log"))
    assert "entry 59" in (isolated_home / "debug.log").read_text()
    assert (
        "entry 58"
        in (isolated_home / "debug.log").read_text() + (isolated_home / "debug.1.log").read_text()
    )
    if os.name == "posix":
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in isolated_home.glob("debug*.log"))


def test_only_the_newest_crash_reports_are_kept(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    old = [isolated_home / f"crash-20250101-0000{n:02}-42.txt" for n in range(15)]
    for path in old:
        path.write_text("old report\n")
    notes = isolated_home / "crash-notes.md"  # not a report of ours
    notes.write_text("mine")
    newest = _crash()
    reports = sorted(isolated_home.glob("crash-*.txt"))
    assert len(reports) == config.logs.CRASH_REPORTS_KEPT and newest in reports
    assert reports[0] == old[15 - config.logs.CRASH_REPORTS_KEPT + 1]
    assert notes.exists()


def test_an_older_versions_files_move_once_and_its_bytecode_cache_goes(
    xdg: dict[str, Path],
) -> None:
    old_home = xdg["config"]
    (old_home / "cache").mkdir(parents=True)
    (old_home / "profiles.toml").write_text('default = "a"\n[profiles.a]\n')
    (old_home / "journal.jsonl").write_text('{"id": "1"}\n')
    (old_home / "state.json").write_text('{"theme": "nord"}')
    (old_home / "token_index.json").write_text("{}")
    (old_home / "debug.log").write_text("old trace\n")
    (old_home / "crash-20250101-000000-42.txt").write_text("old report\n")
    (old_home / "cache" / "integrations-a.json").write_text("{}")
    bytecode = xdg["cache"] / "pycache" / "usr" / "lib"
    bytecode.mkdir(parents=True)
    (bytecode / "os.cpython-311.pyc").write_bytes(b"truncated")
    xdg["state"].mkdir(parents=True)
    (xdg["state"] / "state.json").write_text('{"theme": "newer"}')  # never overwritten

    assert run_cli("profiles", "list").returncode == 0

    assert sorted(p.name for p in old_home.iterdir()) == ["profiles.toml", "state.json"]
    assert (xdg["state"] / "journal.jsonl").read_text() == '{"id": "1"}\n'
    assert (xdg["state"] / "debug.log").read_text() == "old trace\n"
    assert (xdg["state"] / "token_index.json").read_text() == "{}"
    assert (xdg["state"] / "crash-20250101-000000-42.txt").exists()
    assert (xdg["state"] / "state.json").read_text() == '{"theme": "newer"}'
    assert not (xdg["cache"] / "pycache").exists()
    assert list(xdg["cache"].iterdir()) == []


def test_under_ipaas_auth_home_nothing_moves(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "journal.jsonl").write_text('{"id": "1"}\n')
    (isolated_home / "cache").mkdir()
    (isolated_home / "cache" / "integrations-a.json").write_text("{}")
    assert run_cli("profiles", "list").returncode == 0
    assert (isolated_home / "journal.jsonl").exists()
    assert (isolated_home / "cache" / "integrations-a.json").exists()


def test_a_cache_directory_that_is_the_homes_cache_folder_is_kept(xdg: dict[str, Path]) -> None:
    """On Windows the user cache directory is `Cache` in the home, the older version's `cache`
    folder under another letter case: the same folder, whose lists stay. (Here: a link.)"""
    folder = xdg["config"] / "cache"
    folder.mkdir(parents=True)
    (folder / "integrations-a.json").write_text("{}")
    xdg["cache"].parent.mkdir(parents=True)
    xdg["cache"].symlink_to(folder)
    assert run_cli("profiles", "list").returncode == 0
    assert (folder / "integrations-a.json").exists()
