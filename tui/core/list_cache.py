"""The last integrations list of a profile, kept in the user cache directory (config.paths) so
that the next start shows rows at once, before the keyring, httpx or the network are touched.
The commands keep the subscriptions list the same way: shell completion offers both names.

Not secret (ids and names: the list shows nothing else) and capped in size. Reading needs
only profiles.toml (tomllib) and json: a missing, unreadable, corrupt or foreign cache is
simply no cache, never an error. Writes are atomic and best-effort.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from config.bounded import read_file
from config.errors import ConfigError
from config.paths import CACHE_IN_HOME, PROFILES_MAX_BYTES, cache_dir, profiles_path
from tui.options import PROFILE_ENV

SANDBOX_PROFILE = "sandbox"  # tui.connection's name for the built-in sandbox's profile
CACHE_DIR = CACHE_IN_HOME  # its folder when $IPAAS_AUTH_HOME holds everything
FORMAT = 2  # 1 also kept descriptions: such a file is no cache
MAX_ROWS = 20_000
MAX_BYTES = 4_000_000  # what is written; a bigger file is not read
MAX_TEXT = 200  # characters kept of an id or a name
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

Row = tuple[str, str]  # (id, name)


# A NamedTuple, not a frozen dataclass: imported on the way to the first frame, where building
# a dataclass costs ~0.5 ms, a NamedTuple ~0.1 ms (issue 13).
class Identity(NamedTuple):
    """Whose list it is: a cache is shown only to the same profile, environment and API."""

    profile: str
    target: str  # "environment api_url", as the profile says them
    company_id: str  # "" when the profile names none (then the last company used is fine)


class CachedList(NamedTuple):
    rows: list[Row]
    saved_at: float
    total: int  # rows the list had when saved (more than len(rows) when capped)
    company_id: str

    def age(self, now: float | None = None) -> str:
        """How old the list is, in words ("just now", "3 min ago", "2 h ago", "4 days ago")."""
        seconds = max(0.0, (time.time() if now is None else now) - self.saved_at)
        if seconds < 60:
            return "just now"
        if seconds < 3600:
            return f"{int(seconds // 60)} min ago"
        if seconds < 2 * 86400:
            return f"{int(seconds // 3600)} h ago"
        return f"{int(seconds // 86400)} days ago"


EMBEDDED_SANDBOX = Identity(SANDBOX_PROFILE, "sandbox ", "")  # the sandbox the console starts


def embedded_sandbox_rows(starting: Iterable[tuple[int, str]]) -> list[Row]:
    """The list the console's own sandbox starts with (`starting`, its (id, name) pairs), in
    the API's order (by name): known without the network, because this process starts that
    sandbox, fresh, with this data. A first run then shows rows as soon as a returning one
    does (issue 13)."""
    rows = [(str(integration_id), name) for integration_id, name in starting]
    rows.sort(key=lambda row: row[1].lower())
    return rows


def identity_at_start(
    profile: str | None, sandbox: bool, env: Mapping[str, str] | None = None
) -> Identity | None:
    """The identity the console is about to open, read the way Session.open chooses the
    profile, but with tomllib alone; None when it cannot tell (the session will say why)."""
    env = os.environ if env is None else env
    try:
        path = profiles_path()
        if sandbox or not path.exists():
            return EMBEDDED_SANDBOX
        import tomllib  # lazy: the sandbox (no profiles.toml) starts without it

        data = tomllib.loads(read_file(path, PROFILES_MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError, ConfigError):
        return None
    profiles = data.get("profiles")
    name = profile or env.get(PROFILE_ENV) or data.get("default")
    if not isinstance(profiles, dict) or not isinstance(name, str):
        return None
    values = profiles.get(name)
    if not isinstance(values, dict):
        return None
    return identity_of(
        name, values.get("environment"), values.get("api_url"), values.get("company_id")
    )


def identity_of(name: str, environment: object, api_url: object, company_id: object) -> Identity:
    def text(value: object) -> str:
        return value if isinstance(value, str) else ""

    return Identity(name, f"{text(environment)} {text(api_url)}", text(company_id))


def cache_path(profile: str, kind: str = "integrations") -> Path | None:
    if not _SAFE_NAME.fullmatch(profile):
        return None
    return cache_dir() / f"{kind}-{profile}.json"


def load(identity: Identity, kind: str = "integrations") -> CachedList | None:
    """The cached list (of `kind`: integrations or subscriptions) for `identity`, or None (no
    file, unreadable, corrupt, another target or company, too big)."""
    path = cache_path(identity.profile, kind)
    if path is None:
        return None
    try:
        data = json.loads(read_file(path, MAX_BYTES))
    except (OSError, ValueError, RecursionError, ConfigError):  # too big, not a file: no cache
        return None
    return _parse(data, identity)


def _parse(data: Any, identity: Identity) -> CachedList | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("profile") != identity.profile or data.get("target") != identity.target:
        return None
    company = data.get("company_id")
    saved_at = data.get("saved_at")
    total = data.get("total")
    raw_rows = data.get("rows")
    if not isinstance(company, str) or (identity.company_id and company != identity.company_id):
        return None
    if not isinstance(saved_at, int | float) or not isinstance(raw_rows, list):
        return None
    rows: list[Row] = []
    for raw in raw_rows[:MAX_ROWS]:
        if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, str) for v in raw)):
            return None
        rows.append((raw[0], raw[1]))
    count = total if isinstance(total, int) and total >= len(rows) else len(rows)
    return CachedList(rows, float(saved_at), count, company)


def save(
    identity: Identity,
    company_id: str,
    rows: Iterable[Row],
    total: int,
    kind: str = "integrations",
) -> bool:
    """Keep `rows` (the first MAX_ROWS, within MAX_BYTES) as `identity`'s list of `kind`;
    False when it could not be written (a cache is a nicety: nothing is reported)."""
    path = cache_path(identity.profile, kind)
    if path is None:
        return False
    # Each row is encoded as it is read (no list of 20,000 lists, no second copy of the text).
    kept: list[bytes] = []
    budget = MAX_BYTES - 1000
    for row_id, name in rows:
        if len(kept) >= MAX_ROWS:
            break
        row = json.dumps([row_id[:MAX_TEXT], name[:MAX_TEXT]], separators=(",", ":")).encode()
        budget -= len(row) + 1
        if budget < 0:
            break
        kept.append(row)
    head = {
        "format": FORMAT,
        "profile": identity.profile,
        "target": identity.target,
        "company_id": company_id,
        "saved_at": time.time(),
        "total": max(total, len(kept)),
    }
    document = json.dumps(head, separators=(",", ":")).encode()[:-1]  # without its "}"
    content = b"".join([document, b',"rows":[', b",".join(kept), b"]}"])
    del kept
    from config.atomic import write_atomic  # lazy: a save comes after the first frame

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, content)
    except (OSError, ConfigError):  # FileWriteError: a read-only or full home
        return False
    return True
