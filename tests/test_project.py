"""The README's promises about the project hold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.isolation import ISOLATED
from tests.probe import probe_output

ROOT = Path(__file__).parent.parent
TERMINAL_TESTS = "tests/e2e/test_terminal.py"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nuv run --group dev pytest" in readme  # one command, the test tools included
    assert "\nuv run ipaas-auth " in readme
    assert "pip install uv" in readme
    assert "\nuv run --group dev pytest\n" in ci


def test_command_line_start_up_stays_lean() -> None:
    code = (
        "import sys\nfrom tui.__main__ import build_parser\nbuild_parser()\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'httpx', 'tomlkit', 'keyring', 'rich'))\nprint(heavy)"
    )
    assert probe_output(code).strip() == "[]"


def test_a_skipped_test_says_why_in_the_summary(tmp_path: Path) -> None:
    """Without tmux on PATH (and outside CI) the terminal test is skipped, and says why."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",  # one process: xdist's workers would only add their start-up
            "0",
            "tests/e2e/test_terminal.py",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert "SKIPPED" in done.stdout and "tmux is not installed" in done.stdout, done.stdout


def test_a_test_and_what_it_starts_have_their_own_home_and_xdg_directories(
    tmp_path: Path,
) -> None:
    """conftest's autouse fixture: the test's process and any subprocess it starts (which
    inherits the environment) see homes under the test's tmp_path, never the developer's."""
    code = (
        "import json, os, platformdirs\n"
        f"values = {{name: os.environ.get(name) for name in {ISOLATED!r}}}\n"
        "values['~'] = os.path.expanduser('~')\n"
        "values['config'] = platformdirs.user_config_dir('ipaas-auth')\n"
        "values['cache'] = platformdirs.user_cache_dir('ipaas-auth')\n"
        "print(json.dumps(values))"
    )
    seen = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    outside = {
        name: value for name, value in seen.items() if not (value or "").startswith(f"{tmp_path}/")
    }
    assert not outside, outside
