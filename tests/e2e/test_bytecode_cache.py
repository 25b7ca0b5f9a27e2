"""Start-up bytecode: cached in the user cache directory where PYTHONDONTWRITEBYTECODE is set,
instead of `uv run` compiling every installed file at every start."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent


def _run_command(cache_home: Path, **extra_env: str) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_CACHE_HOME": str(cache_home)}
    env.pop("PYTHONPYCACHEPREFIX", None)
    env.update(extra_env)
    subprocess.run(
        [sys.executable, "-m", "tui", "profiles", "keys"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def test_compiled_modules_are_kept_in_the_user_cache(tmp_path: Path) -> None:
    _run_command(tmp_path)
    cached = {p.name for p in (tmp_path / "ipaas-auth" / "pycache").rglob("*.pyc")}
    assert any(name.startswith("profile.") for name in cached), sorted(cached)[:10]


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    _run_command(tmp_path, IPAAS_AUTH_NO_BYTECODE_CACHE="1")
    assert not (tmp_path / "ipaas-auth" / "pycache").exists()


def test_uv_does_not_recompile_everything_at_every_run() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text()).get("tool", {}).get("uv", {})
    assert not settings.get("compile-bytecode"), "uv run would print and pay it at every start"
