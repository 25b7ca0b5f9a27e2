"""Where ipaas-auth keeps its files, as the platform expects of any CLI (platformdirs):

- the home (user config directory): profiles.toml and the secrets file, what a user backs up;
- the state directory: the journal of changes, the console's state.json, debug.log and crash
  reports (what is worth keeping but not configuration);
- the cache directory: the integrations lists shown at start (safe to delete at any time).

`$IPAAS_AUTH_HOME` puts all three in one place (the cache in its `cache` folder), so a user or
a test knows what to back up or delete. With the two files people may edit by hand, the most of
each that is read (README, "Limits").
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "IPAAS_AUTH_HOME"
APP_NAME = "ipaas-auth"
CACHE_IN_HOME = "cache"  # the cache's folder when $IPAAS_AUTH_HOME holds everything
PROFILES_FILE = "profiles.toml"
SECRETS_FILE = "secrets.json"
PROFILES_MAX_BYTES = 1024 * 1024  # hand-written profiles take a few KB
SECRETS_MAX_BYTES = 4 * 1024 * 1024  # the file fallback: thousands of subscriptions' tokens


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def home_dir() -> Path:
    """The directory of the configuration: profiles.toml, secrets.json (`$IPAAS_AUTH_HOME`
    wins)."""
    override = _override()
    if override is not None:
        return override
    from platformdirs import user_config_dir  # lazy: only needed when no override is set

    return Path(user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Logs and state: the journal, state.json, debug.log, crash reports (`~/.local/state/
    ipaas-auth` on Linux; the home itself under `$IPAAS_AUTH_HOME`)."""
    override = _override()
    if override is not None:
        return override
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """What can be rebuilt (`~/.cache/ipaas-auth` on Linux; `cache` in `$IPAAS_AUTH_HOME`)."""
    override = _override()
    if override is not None:
        return override / CACHE_IN_HOME
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def one_home() -> bool:
    """True when `$IPAAS_AUTH_HOME` holds every file (no platform directories are used)."""
    return _override() is not None


def profiles_path() -> Path:
    return home_dir() / PROFILES_FILE


def secrets_file_path() -> Path:
    return home_dir() / SECRETS_FILE
