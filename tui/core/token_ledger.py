"""The index of Zoho refresh tokens this machine knows, beside the secret store that keeps them:
which were minted here or seen (here, or in a subscription's data on iPaaS.com), for which Zoho
client and data centre, which are dead; the authorization codes asked for lately; and each
subscription's last verification.

Zoho keeps at most 20 refresh tokens per user and client and deletes the oldest when a 21st is
minted; it allows 10 authorization codes per client in 10 minutes (../shared/docs/zoho-oauth.md).
Nothing in Zoho's answers names the user, so tokens are counted per client and data centre: an
upper bound of each user's count, which warns early rather than late.

`token_index.json` in the ipaas-auth home. No secret is kept: a token is known by a fingerprint
(a SHA-256 prefix, which cannot be turned back into the token). Capped, written atomically
under a lock; an unreadable file is an empty index, never an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from config.atomic import locked, write_atomic
from config.bounded import read_file
from config.errors import ConfigError
from config.paths import state_dir

INDEX_FILE = "token_index.json"
MAX_BYTES = 2_000_000
MAX_TOKENS = 2_000  # the oldest dead ones go first
MAX_VERIFIED = 5_000
CODES_WINDOW = 600.0
MINTED, SEEN_HERE, SEEN_ON_IPAAS = "minted here", "seen here", "seen on iPaaS.com"


class LedgerError(ConfigError):
    """The index cannot be written (the tokens themselves are unaffected)."""


def fingerprint(token: str) -> str:
    """What the index knows a token by: not the token, and not enough to find it."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:24]


@dataclass(frozen=True)
class KnownToken:
    """A refresh token the index knows of."""

    fingerprint: str
    client_id: str
    dc: str
    subscription_id: str
    at: float  # when it was minted or first seen
    how: str  # MINTED, SEEN_HERE or SEEN_ON_IPAAS
    dead_at: float | None = None  # revoked, or refused by Zoho
    why_dead: str = ""

    @property
    def live(self) -> bool:
        return self.dead_at is None


@dataclass(frozen=True)
class Seen:
    """A refresh token to remember, and where it comes from."""

    refresh_token: str
    client_id: str
    dc: str
    subscription_id: str
    how: str = MINTED


@dataclass(frozen=True)
class LastVerified:
    at: float
    ok: bool
    detail: str


def index_path() -> Path:
    return state_dir() / INDEX_FILE


class TokenLedger:
    """Read and update the index; each update is one locked read-modify-write."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or index_path()

    # --- reading -------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(read_file(self.path, MAX_BYTES, error=LedgerError))
        except (OSError, ValueError, RecursionError, ConfigError):
            return {}
        return data if isinstance(data, dict) else {}

    def tokens(self) -> list[KnownToken]:
        """Every known token, oldest first."""
        found = [_known(key, raw) for key, raw in _section(self._read(), "tokens").items()]
        return sorted((t for t in found if t is not None), key=lambda t: t.at)

    def live_tokens(self, client_id: str, dc: str) -> list[KnownToken]:
        """The live refresh tokens of one Zoho client in one data centre, oldest first."""
        return [t for t in self.tokens() if t.live and t.client_id == client_id and t.dc == dc]

    def recent_codes(self, client_id: str, now: float) -> list[float]:
        """When this tool asked Zoho for the client's authorization codes, in the last 10 min."""
        times = _times(_section(self._read(), "codes").get(client_id))
        return sorted(t for t in times if now - CODES_WINDOW < t <= now)

    def last_verified(self, profile: str, subscription_id: str) -> LastVerified | None:
        return _verified(_section(self._read(), "verified").get(f"{profile}:{subscription_id}"))

    def all_verified(self, profile: str) -> dict[str, LastVerified]:
        """Every subscription's last verification under `profile`, in one read."""
        found: dict[str, LastVerified] = {}
        for key, raw in _section(self._read(), "verified").items():
            owner, _, subscription_id = key.rpartition(":")
            verified = _verified(raw) if owner == profile else None
            if verified is not None:
                found[subscription_id] = verified
        return found

    # --- writing -------------------------------------------------------------------------

    def record_token(
        self,
        refresh_token: str,
        *,
        client_id: str,
        dc: str,
        subscription_id: str,
        at: float,
        how: str = MINTED,
    ) -> bool:
        """Remember a refresh token; True when it was new to the index (a token already known
        keeps its first date: the oldest is the one Zoho deletes)."""
        seen = Seen(refresh_token, client_id, dc, subscription_id, how)
        return bool(self.record_tokens([seen], at))

    def record_tokens(self, seen: list[Seen], at: float) -> int:
        """Remember several tokens in one write; how many were new."""
        added = 0
        with self._update() as data:
            tokens = _section(data, "tokens")
            for item in seen:
                key = fingerprint(item.refresh_token)
                if not item.refresh_token or key in tokens:
                    continue
                tokens[key] = {
                    "client_id": item.client_id,
                    "dc": item.dc,
                    "subscription_id": item.subscription_id,
                    "at": at,
                    "how": item.how,
                    "dead_at": None,
                    "why_dead": "",
                }
                added += 1
            _cap_tokens(tokens)
        return added

    def refreshes(self, refresh_token: str, now: float, window: float) -> int:
        """How often this tool's verifications refreshed the token in the last `window` s."""
        times = _times(_section(self._read(), "refreshes").get(fingerprint(refresh_token)))
        return sum(1 for t in times if now - window < t <= now)

    def record_refreshes(self, refresh_tokens: list[str], at: float, window: float) -> None:
        """The refreshes of one run, in one write (older than `window` are forgotten)."""
        with self._update() as data:
            refreshes = _section(data, "refreshes")
            for key in list(refreshes):
                refreshes[key] = [t for t in _times(refreshes[key]) if at - window < t]
                if not refreshes[key]:
                    del refreshes[key]
            for token in refresh_tokens:
                refreshes.setdefault(fingerprint(token), []).append(at)

    def mark_dead(self, refresh_tokens: list[str], at: float, why: str) -> None:
        """Revoked tokens, or tokens Zoho no longer accepts: they no longer count."""
        with self._update() as data:
            tokens = _section(data, "tokens")
            for token in refresh_tokens:
                known = tokens.get(fingerprint(token))
                if isinstance(known, dict) and known.get("dead_at") is None:
                    known.update(dead_at=at, why_dead=why)

    def record_code(self, client_id: str, at: float) -> None:
        """An authorization code asked for (an Authenticate's consent)."""
        with self._update() as data:
            codes = _section(data, "codes")
            kept = _times(codes.get(client_id))
            codes[client_id] = [t for t in kept if at - CODES_WINDOW < t] + [at]

    def record_verified(self, profile: str, results: dict[str, LastVerified]) -> None:
        """The verifications of one run, in one write."""
        with self._update() as data:
            verified = _section(data, "verified")
            for subscription_id, result in results.items():
                verified.pop(f"{profile}:{subscription_id}", None)  # newest last
                verified[f"{profile}:{subscription_id}"] = asdict(result)
            for stale in list(verified)[: max(0, len(verified) - MAX_VERIFIED)]:
                del verified[stale]

    @contextmanager
    def _update(self) -> Iterator[dict[str, Any]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path, LedgerError):
            data = self._read()
            yield data
            raw = json.dumps(data, sort_keys=True).encode()
            if len(raw) <= MAX_BYTES:
                try:
                    write_atomic(self.path, raw)
                except OSError as exc:
                    raise LedgerError(
                        f"Cannot write {self.path} ({exc.strerror or exc}); free some disk "
                        "space or fix the folder's permissions."
                    ) from exc


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        section = data[name] = {}
    return section


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _times(value: object) -> list[float]:
    """A list of moments as read; anything else (a damaged index) is none."""
    return [float(t) for t in value if _number(t)] if isinstance(value, list) else []


def _known(key: str, raw: object) -> KnownToken | None:
    """A token's entry as read, or None when it is not one of ours (wrong types included)."""
    if not isinstance(raw, dict):
        return None
    texts = [raw.get(k) for k in ("client_id", "dc", "subscription_id", "how")]
    dead_at, why = raw.get("dead_at"), raw.get("why_dead", "")
    if not all(isinstance(t, str) for t in texts) or not _number(raw.get("at")):
        return None
    if (dead_at is not None and not _number(dead_at)) or not isinstance(why, str):
        return None
    client_id, dc, subscription_id, how = (str(t) for t in texts)
    dead = None if dead_at is None else float(dead_at)
    return KnownToken(key, client_id, dc, subscription_id, float(raw["at"]), how, dead, why)


def _verified(raw: object) -> LastVerified | None:
    if not isinstance(raw, dict) or set(raw) != {"at", "ok", "detail"}:
        return None
    at, ok, detail = raw["at"], raw["ok"], raw["detail"]
    if not _number(at) or not isinstance(ok, bool) or not isinstance(detail, str):
        return None
    return LastVerified(float(at), ok, detail)


def _cap_tokens(tokens: dict[str, Any]) -> None:
    """Past MAX_TOKENS, forget the oldest dead tokens, then the oldest."""
    excess = len(tokens) - MAX_TOKENS
    if excess <= 0:
        return

    def order(key: str) -> tuple[bool, float]:
        known = _known(key, tokens[key])  # one not ours goes first
        return (known.live, known.at) if known is not None else (False, 0.0)

    for key in sorted(tokens, key=order)[:excess]:
        del tokens[key]
