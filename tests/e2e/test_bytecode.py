"""PYTHONDONTWRITEBYTECODE means no bytecode is written: the tool keeps the user's choice and no
bytecode cache of its own (older versions wrote the whole standard library's to the user cache
directory, which nothing pruned)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent


def test_no_bytecode_is_written_when_the_environment_says_so(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
    }
    env.pop("PYTHONPYCACHEPREFIX", None)
    env.pop("IPAAS_AUTH_HOME", None)
    code = (
        "import sys\nfrom tui.__main__ import main\nstatus = main(['profiles', 'keys'])\n"
        "print(sys.dont_write_bytecode, sys.pycache_prefix, status, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stderr.splitlines()[-1] == "True None 0", done.stderr
    assert not list(tmp_path.rglob("*.pyc"))


def test_uv_does_not_recompile_everything_at_every_run() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text()).get("tool", {}).get("uv", {})
    assert not settings.get("compile-bytecode"), "uv run would print and pay it at every start"
