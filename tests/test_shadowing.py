"""Another package named `config` found before ours (PYTHONPATH, the current directory) stops the
start with one line that says where it is and what to do, never a traceback. Real processes:
what Python puts on its path is the point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
COMMAND = Path(sys.executable).parent / ("ipaas-auth.exe" if os.name == "nt" else "ipaas-auth")


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


def _fake_config(folder: Path) -> Path:
    package = folder / "config"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("SETTINGS = {}\n")
    return package


def test_a_config_package_on_pythonpath_is_named_with_the_fix(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    package = _fake_config(elsewhere)
    done = _run([str(COMMAND), "profiles", "list"], cwd=tmp_path, PYTHONPATH=str(elsewhere))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert str(package / "__init__.py") in line and "PYTHONPATH" in line
    assert "env -u PYTHONPATH ipaas-auth" in line


def test_a_config_module_in_the_current_directory_is_named(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text("DEBUG = True\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "profiles", "list"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    assert str(tmp_path / "config.py") in line and "current directory" in line


def test_our_own_config_starts_as_usual(tmp_path: Path) -> None:
    done = _run([str(COMMAND), "profiles", "keys"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
