"""The layers hold: the import-linter contracts of pyproject.toml ([tool.importlinter]), checked
from the import graph, so `uv run pytest` alone catches an import across a layer (CI also runs
`lint-imports`, which prints the offending chain)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_the_import_linter_contracts_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(ROOT)
    status = lint_imports(cache_dir=str(tmp_path / "cache"), no_logo=True)
    assert status == 0, capsys.readouterr().out


def test_ci_runs_the_contracts() -> None:
    assert "\nuv run lint-imports" in (ROOT / ".ci" / "run").read_text()
