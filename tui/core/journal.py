"""The journal of every change this tool makes to iPaaS.com, so that each can be seen and undone.

`journal.jsonl` in the state directory (config.paths): append-only, mode 0600, one JSON document
a line. A change is written BEFORE it is sent (what was read, what will be sent); its outcome is
appended as a second line with the same id once known, so a change whose process died mid-way
still shows, as "pending". Secrets are masked by the debug trace's rules (tui.redaction), so a
masked value is unknown to `undo`. The file is capped: past MAX_BYTES it moves to
`journal.1.jsonl` (one older file kept) and a new one starts.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config.atomic import locked
from config.bounded import open_file, skip_line
from config.errors import ConfigError, FileWriteError
from config.paths import state_dir
from tui.clients.errors import NotJournalledError
from tui.redaction import REDACTED, is_secret_name, redact_text

JOURNAL_FILE = "journal.jsonl"
OLDER_FILE = "journal.1.jsonl"
MAX_BYTES = 4 * 1024 * 1024  # thousands of changes; then one older file is kept
MAX_LINE = 1024 * 1024  # a longer line is not ours: skipped when read
MAX_READ = MAX_BYTES + MAX_LINE  # of one file: a journal of ours is rotated before this
PENDING = "pending"
KINDS = ("version", "authorization_type", "persistent_data")


class JournalError(ConfigError):
    """The journal cannot be written: the change is not sent."""


@dataclass(frozen=True)
class Entry:
    """One change: where, what, the item before it (fields as read; absent ones absent), what
    was sent, and how it ended."""

    id: str
    at: str
    profile: str
    environment: str
    company: str
    kind: str
    item: dict[str, Any]
    before: Any
    sent: Any
    outcome: dict[str, Any] = field(default_factory=lambda: {"status": PENDING})
    undo_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "profile": self.profile,
            "environment": self.environment,
            "company": self.company,
            "kind": self.kind,
            "item": self.item,
            "before": self.before,
            "sent": self.sent,
            "outcome": self.outcome,
            "undo_of": self.undo_of,
        }

    @property
    def status(self) -> str:
        status = self.outcome.get("status")
        return status if isinstance(status, str) else PENDING


@dataclass(frozen=True)
class Where:
    """The profile, environment and company every entry of one session names."""

    profile: str
    environment: str
    company: str


class JournalRecorder:
    """The journal behind the client's Recorder interface (tui/clients/recorder.py), for the
    writes the client makes itself; `where` is asked at each write (the company is known only
    once connected)."""

    def __init__(self, journal: Journal, where: Callable[[], Where]) -> None:
        self.journal = journal
        self.where = where

    def begin(self, kind: str, item: dict[str, Any], before: Any, sent: Any) -> object:
        try:
            return self.journal.begin(self.where(), kind, item, before, sent)
        except JournalError as exc:
            raise NotJournalledError(str(exc)) from exc

    def finish(self, handle: object, status: str, detail: str = "") -> None:
        if isinstance(handle, Entry):
            self.journal.finish(handle, status, detail)


def journal_path() -> Path:
    return state_dir() / JOURNAL_FILE


class Journal:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or journal_path()

    def begin(
        self,
        where: Where,
        kind: str,
        item: dict[str, Any],
        before: Any,
        sent: Any,
        undo_of: str | None = None,
    ) -> Entry:
        """Record a change about to be sent; JournalError (send nothing then) if it cannot."""
        entry = Entry(
            _new_id(),
            datetime.now(UTC).isoformat(timespec="seconds"),
            where.profile,
            where.environment,
            where.company,
            kind,
            item,
            masked(before),
            masked(sent),
            undo_of=undo_of,
        )
        self._append(entry.to_json())
        return entry

    def finish(self, entry: Entry, status: str, detail: str = "", **more: Any) -> Entry:
        """Record how a change ended. Best effort: the change is made already, and losing its
        outcome line must not hide that (history shows it as pending)."""
        outcome = {"status": status, "detail": redact_text(detail), **masked(more)}
        with contextlib.suppress(JournalError):
            self._append({"id": entry.id, "outcome": outcome})
        return replace(entry, outcome=outcome)

    def entries(self, profile: str | None = None, limit: int | None = None) -> list[Entry]:
        """The changes, newest first (of one profile when named)."""
        found: dict[str, Entry] = {}
        for document in self._documents():
            identifier = document.get("id")
            if not isinstance(identifier, str):
                continue
            if "kind" in document:
                entry = _entry(document)
                if entry is not None:
                    found[identifier] = entry
            elif identifier in found and isinstance(document.get("outcome"), dict):
                done = found[identifier]
                found[identifier] = replace(done, outcome=document["outcome"])
        chosen = [e for e in reversed(found.values()) if profile is None or e.profile == profile]
        return chosen[:limit] if limit is not None else chosen

    def get(self, identifier: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == identifier), None)

    def _append(self, document: dict[str, Any]) -> None:
        line = (json.dumps(document, ensure_ascii=True, default=str) + "\n").encode()
        try:
            with locked(self.path, JournalError):
                self._rotate_if_full(len(line))
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
                fd = os.open(self.path, flags, 0o600)
                try:
                    os.write(fd, line)
                finally:
                    os.close(fd)
        except OSError as exc:
            raise JournalError(
                f"Cannot write the change journal {self.path} ({exc.strerror or exc}); nothing "
                "was sent. Free some disk space or fix the folder's permissions, then retry."
            ) from exc
        except FileWriteError as exc:
            raise JournalError(f"{exc}; nothing was sent.") from exc

    def _rotate_if_full(self, adding: int) -> None:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        if size + adding > MAX_BYTES:
            os.replace(self.path, self.path.with_name(OLDER_FILE))

    def _documents(self) -> Iterator[dict[str, Any]]:
        for path in (self.path.with_name(OLDER_FILE), self.path):
            yield from _read_lines(path)


def _read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON documents of one file, read in bounded lines and at most MAX_READ bytes in
    all; anything else is skipped (and a directory or a device is no journal)."""
    try:
        handle = open_file(path)
    except (OSError, ConfigError):
        return
    with handle:
        left = MAX_READ
        while left > 0:
            line = handle.readline(min(MAX_LINE + 1, left))
            if not line:
                return
            left -= len(line)
            if len(line) > MAX_LINE:  # the rest of an over-long line: skip up to its end
                left -= skip_line(handle, left)
                continue
            try:
                document = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(document, dict):
                yield document


def _entry(data: dict[str, Any]) -> Entry | None:
    text = {k: data.get(k) for k in ("id", "at", "profile", "environment", "company", "kind")}
    if not all(isinstance(v, str) for v in text.values()) or not isinstance(data.get("item"), dict):
        return None
    undo_of = data.get("undo_of")
    outcome = data.get("outcome")
    return Entry(
        **{k: str(v) for k, v in text.items()},
        item=data["item"],
        before=data.get("before"),
        sent=data.get("sent"),
        outcome=outcome if isinstance(outcome, dict) else {"status": PENDING},
        undo_of=undo_of if isinstance(undo_of, str) else None,
    )


def masked(value: Any, name: str = "") -> Any:
    """A copy with secrets masked by the debug trace's rules (secret names, token-like values),
    where a custom field's `key` and a persistent datum's `name` name the value beside them:
    the journal must keep a field's key ("key" alone is a secret's name in the trace)."""
    if isinstance(value, dict):
        label = value.get("key", value.get("name"))
        if isinstance(label, str) and "value" in value:
            inner = REDACTED if is_secret_name(label) and value["value"] else value["value"]
            return {**value, "value": masked(inner)}
        return {k: masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(item, name) for item in value]
    if name and name != "custom_fields" and is_secret_name(name) and value not in (None, ""):
        return REDACTED
    return redact_text(value) if isinstance(value, str) else value


def _new_id() -> str:
    """Sortable and short: the time, then random hex (two changes in one second differ)."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


def is_masked(value: Any) -> bool:
    """A value the journal could not keep (a secret): unknown to undo."""
    return isinstance(value, str) and value == REDACTED
