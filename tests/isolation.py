"""The environment variables that keep a test away from the developer's own files: conftest's
autouse fixture sets them in os.environ for every test, which a subprocess inherits; a command
started by a server that may be older than the test (tmux's) gets them on its command line."""

from __future__ import annotations

import os
from pathlib import Path

XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
ISOLATED = ("IPAAS_AUTH_HOME", "HOME", "USERPROFILE", *XDG)


def isolation_for(tmp_path: Path) -> dict[str, str]:
    """A test's own home, user home and XDG directories, under its `tmp_path`."""
    user = tmp_path / "user-home"
    values = {"IPAAS_AUTH_HOME": str(tmp_path / "ipaas-auth-home")}
    values.update(HOME=str(user), USERPROFILE=str(user))
    values.update({name: str(user / f".xdg-{name[4:-5].lower()}") for name in XDG})
    return values


def isolated_variables() -> dict[str, str]:
    """This test's values (as the autouse fixture set them)."""
    return {name: os.environ[name] for name in ISOLATED}
