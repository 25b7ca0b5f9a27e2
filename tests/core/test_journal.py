"""The change journal: written before a change is sent, 0600, append-only, capped and rotated,
secrets masked (a custom field's key kept), read in bounded lines whatever the file holds."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from tui.core import journal as journal_module
from tui.core.journal import PENDING, Journal, JournalError, Where, masked
from tui.redaction import REDACTED

WHERE = Where("demo", "sandbox", "Sandbox Company (c-1)")
ZOHO_TOKEN = "1000." + "a" * 32 + "." + "b" * 32


def begin(journal: Journal, **item: object) -> journal_module.Entry:
    return journal.begin(WHERE, "version", dict(item) or {"version_id": "v"}, {"a": 1}, {"a": 2})


def test_an_entry_is_pending_until_its_outcome_is_appended(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    entry = begin(journal)
    assert [e.status for e in journal.entries()] == [PENDING]
    journal.finish(entry, "ok", "done")
    (only,) = journal.entries()
    assert (only.id, only.status, only.outcome["detail"]) == (entry.id, "ok", "done")
    assert (only.profile, only.environment, only.company) == tuple(WHERE.__dict__.values())
    lines = (tmp_path / "journal.jsonl").read_text().splitlines()
    assert len(lines) == 2  # appended, never rewritten
    assert json.loads(lines[0])["outcome"] == {"status": PENDING}


def test_newest_first_and_by_profile(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    first = begin(journal)
    other = journal.begin(Where("prod", "production", "x"), "version", {}, {}, {})
    last = begin(journal)
    assert [e.id for e in journal.entries()] == [last.id, other.id, first.id]
    assert [e.id for e in journal.entries("demo")] == [last.id, first.id]
    assert [e.id for e in journal.entries("demo", limit=1)] == [last.id]
    assert journal.get(other.id) == other


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_file_is_private(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    begin(journal)
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600


def test_past_its_cap_the_file_moves_aside_and_both_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_module, "MAX_BYTES", 600)
    journal = Journal(tmp_path / "journal.jsonl")
    ids = [begin(journal).id for _ in range(6)]
    assert (tmp_path / journal_module.OLDER_FILE).exists()
    assert journal.path.stat().st_size <= 600
    read = [e.id for e in journal.entries()]
    assert read == ids[::-1][: len(read)] and len(read) >= 2  # the newest ones, in order


def test_lines_that_are_not_entries_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_module, "MAX_LINE", 600)
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    kept = begin(journal)
    with path.open("ab") as handle:
        handle.write(b"not json\n[1, 2]\n" + b"x" * 5000 + b"\n" + b'{"id": 5}\n\x00\xff\n')
    after = begin(journal)
    assert [e.id for e in journal.entries()] == [after.id, kept.id]


def test_a_journal_that_cannot_be_written_is_our_error(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    path.mkdir()  # a directory where the file belongs (root may write anywhere else)
    with pytest.raises(JournalError, match="nothing was sent"):
        begin(Journal(path))


def test_secrets_are_masked_and_a_custom_fields_key_is_kept() -> None:
    value = {
        "custom_fields": [
            {"key": "RedirectUrl", "value": "https://portal.example/app"},
            {"key": "ClientSecret", "value": "s3cret"},
            {"key": "Note", "value": f"token {ZOHO_TOKEN} inside"},
        ],
        "persistent_data": [{"name": "RefreshToken", "value": ZOHO_TOKEN}],
        "password": "hunter2",
        "oauth_url_template": "https://accounts.zoho.com/oauth/v2/auth?scope=X",
        "empty_secret": "",
    }
    out = masked(value)
    fields = out["custom_fields"]
    assert [f["key"] for f in fields] == ["RedirectUrl", "ClientSecret", "Note"]
    assert fields[0]["value"] == "https://portal.example/app"
    assert fields[1]["value"] == REDACTED
    assert ZOHO_TOKEN not in json.dumps(out)
    assert out["persistent_data"][0] == {"name": "RefreshToken", "value": REDACTED}
    assert out["password"] == REDACTED
    assert out["oauth_url_template"] == value["oauth_url_template"]


def test_what_is_journalled_is_masked(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    entry = journal.begin(
        WHERE,
        "persistent_data",
        {"subscription_id": "1"},
        [{"name": "AccessToken", "value": ZOHO_TOKEN}],
        [{"name": "AccessToken", "value": ZOHO_TOKEN}],
    )
    journal.finish(entry, "failed", f"refused {ZOHO_TOKEN}")
    assert ZOHO_TOKEN not in journal.path.read_text()
