"""What every start tidies, cheaply (a listing or two of our own directories) and never
raising: the temporary files of writers killed mid-save, the files an older version kept in
the home that now live in the state or cache directory, and the bytecode cache an older
version kept in the user cache directory (`pycache`: removed, it is ours)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from pathlib import Path

from config.atomic import OUR_CACHE_FILES, OUR_FILES, sweep_temporary_files
from config.paths import CACHE_IN_HOME, cache_dir, home_dir, one_home, state_dir

# What older versions wrote in the home that is state or log, not configuration.
STATE_FILES = re.compile(
    r"^(journal(\.1)?\.jsonl|state\.json|token_index\.json|debug(\.\d+)?\.log|crash-[\d-]+\.txt)$"
)
OLD_BYTECODE_CACHE = "pycache"  # sys.pycache_prefix of versions that overrode the environment


def tidy(now: float | None = None) -> None:
    now = time.time() if now is None else now
    home = home_dir()
    sweep_temporary_files(home, OUR_FILES, now)
    if not one_home():
        state, cache = state_dir(), cache_dir()
        if not same_folder(state, home):  # macOS keeps state in the home
            move_state_files(home, state)
            sweep_temporary_files(state, OUR_FILES, now)
        if not same_folder(home / CACHE_IN_HOME, cache):  # Windows: `Cache` in the home
            remove_old_list_cache(home / CACHE_IN_HOME)
        with contextlib.suppress(OSError):
            if os.path.isdir(cache / OLD_BYTECODE_CACHE):
                shutil.rmtree(cache / OLD_BYTECODE_CACHE, ignore_errors=True)
    sweep_temporary_files(cache_dir(), OUR_CACHE_FILES, now)


def same_folder(one: Path, other: Path) -> bool:
    """The same directory, also by another name (letter case on Windows and macOS, a link)."""
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet)
        return os.path.normcase(one) == os.path.normcase(other)


def move_state_files(home: Path, state: Path) -> list[Path]:
    """Move the journal, state.json, the token index, debug logs and crash reports an older
    version kept in the home to the state directory, once (a file already there is never
    overwritten)."""
    moved: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(home) if STATE_FILES.match(entry.name)]
    except OSError:
        return moved
    for name in names:
        with contextlib.suppress(OSError):
            state.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not (state / name).exists():
                shutil.move(home / name, state / name)  # another disk too
                moved.append(state / name)
    return moved


def remove_old_list_cache(folder: Path) -> None:
    """The integrations lists an older version cached in the home's `cache` folder: ours to
    delete (by name only; the folder goes if nothing else is in it)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if OUR_CACHE_FILES.match(entry.name)]
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
    with contextlib.suppress(OSError):
        folder.rmdir()
