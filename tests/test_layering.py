"""The layers hold: the import-linter contracts of pyproject.toml ([tool.importlinter]), checked
from the import graph, so `uv run pytest` alone catches an import across a layer (CI also runs
`lint-imports`). A process of its own: import-linter configures logging for the whole process
(dictConfig), which would switch off the loggers other tests listen to."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_import_linter_contracts_hold(tmp_path: Path) -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_runs_the_contracts() -> None:
    assert "\nuv run lint-imports" in (ROOT / ".ci" / "run").read_text()
