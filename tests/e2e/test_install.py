"""Installed like any CLI: the wheel `uv tool install .` or `pipx install .` builds holds what the
tool needs away from the checkout, and the installed `ipaas-auth` runs from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent


def _uv() -> str:
    uv = os.environ.get("UV") or shutil.which("uv")  # `uv run` names itself in $UV
    if uv is None:
        pytest.skip("uv is not installed")
    return uv


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [_uv(), "build", "--wheel", "--out-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    [built] = out.glob("ipaas_auth-*.whl")
    return built


def test_the_wheel_holds_both_packages_their_styles_and_the_licence(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    styles = {str(p.relative_to(ROOT)) for p in (ROOT / "tui").rglob("*.tcss")}
    wanted = {
        "config/__init__.py",
        "config/py.typed",
        "tui/__init__.py",
        "tui/__main__.py",
        "tui/py.typed",
        *styles,
    }
    assert styles and wanted <= names, sorted(wanted - names)
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert f"{dist_info}/licenses/LICENSE" in names
    assert not any(name.startswith(("tests/", "bench/")) for name in names)


def test_the_metadata_names_the_licence_urls_and_classifiers(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA")))
    text = metadata.decode()
    assert "License-Expression: MIT" in text and "License-File: LICENSE" in text
    assert "Project-URL: " in text
    assert "Classifier: Typing :: Typed" in text
    assert "Classifier: Environment :: Console" in text
    licence = archive.read(next(n for n in archive.namelist() if n.endswith("licenses/LICENSE")))
    assert licence.startswith(b"MIT License")
    entry_points = archive.read(
        next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
    ).decode()
    assert "ipaas-auth = tui.__main__:main" in entry_points


def test_the_installed_command_runs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    """A real install of the wheel into a new virtual environment (no editable link to the
    checkout); its dependencies are lent by this environment through a .pth file, so that the
    test needs no network."""
    venv = tmp_path / "venv"
    subprocess.run([_uv(), "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [
            _uv(),
            "pip",
            "install",
            "--quiet",
            "--offline",
            "--no-deps",
            "--python",
            str(python),
            str(wheel),
        ],
        check=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "lent-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "IPAAS_AUTH_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    command = venv / ("Scripts/ipaas-auth.exe" if os.name == "nt" else "bin/ipaas-auth")
    done = subprocess.run(
        [str(command), "profiles", "keys"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "environment" in done.stdout
    where = subprocess.run(
        [str(python), "-c", "import tui, config; print(tui.__file__); print(config.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and where.count(site) == 2, where
    # The console's styles are where Textual looks for them: beside the installed app module.
    code = (
        "import pathlib, tui.app as m; "
        "print(pathlib.Path(m.__file__).with_name(m.IpaasAuthApp.CSS_PATH).is_file())"
    )
    styles = subprocess.run(
        [str(python), "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert styles.stdout.strip() == "True", styles.stderr
