"""What the console remembers between runs that is neither configuration nor secret (the theme
chosen in the command palette): `state.json` in the state directory (config.paths), never in a
profile.

Best-effort both ways: an unreadable or odd file is an empty state, a failed write is ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from config.atomic import locked, write_atomic
from config.bounded import read_file
from config.errors import ConfigError
from config.paths import state_dir

STATE_FILE = "state.json"
MAX_BYTES = 64 * 1024  # a theme name and the like; a bigger file is no state


def state_path() -> Path:
    return state_dir() / STATE_FILE


def load_state() -> dict[str, Any]:
    try:
        data = json.loads(read_file(state_path(), MAX_BYTES))
    except (OSError, ValueError, RecursionError, ConfigError):  # too big, not a file: no state
        return {}
    return data if isinstance(data, dict) else {}


def saved_theme() -> str | None:
    theme = load_state().get("theme")
    return theme if isinstance(theme, str) and theme else None


def save_state(**values: str) -> bool:
    """Merge `values` into the state file; False when it could not be written."""
    path = state_path()
    try:
        with locked(path):
            state = {**load_state(), **values}
            write_atomic(path, json.dumps(state, indent=2).encode())
    except (OSError, ConfigError):
        return False
    return True
