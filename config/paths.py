"""Where ipaas-auth keeps its files: one directory, so a user knows what to back up or delete.
With the two files people may edit by hand, the most of each that is read (README, "Limits")."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "IPAAS_AUTH_HOME"
PROFILES_FILE = "profiles.toml"
SECRETS_FILE = "secrets.json"
PROFILES_MAX_BYTES = 1024 * 1024  # hand-written profiles take a few KB
SECRETS_MAX_BYTES = 4 * 1024 * 1024  # the file fallback: thousands of subscriptions' tokens


def home_dir() -> Path:
    """The directory every file of the console lives in (`$IPAAS_AUTH_HOME` wins)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir  # lazy: only needed when no override is set

    return Path(user_config_dir("ipaas-auth", appauthor=False))


def profiles_path() -> Path:
    return home_dir() / PROFILES_FILE


def secrets_file_path() -> Path:
    return home_dir() / SECRETS_FILE
