"""token_index.json is ours but sits in the user's home, where an editor, a sync tool or an older
version may leave it any JSON at all: its docstring promises an unreadable index is an empty
one, never an error. Each part of a damaged document is read as absent and written over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.core.token_ledger import LastVerified, TokenLedger
from tui.core.token_rules import authenticate_warnings

GOOD = {"client_id": "c", "dc": "us", "subscription_id": "1", "at": 10.0, "how": "minted here"}
DAMAGED = [
    {"tokens": {"aa": GOOD, "bb": {**GOOD, "at": "yesterday"}}},
    {"tokens": {"aa": GOOD, "bb": {**GOOD, "client_id": 7}}},
    {"tokens": {"aa": GOOD, "bb": {**GOOD, "dead_at": "now"}}},
    {"tokens": {"aa": GOOD, "bb": ["not", "a", "token"]}},
    {"codes": {"c": 5}},
    {"codes": {"c": {"at": 1}}},
    {"refreshes": {"ff": 3}},
    {"verified": {"p:1": {"at": "x", "ok": "yes", "detail": None}}},
    {"verified": {"p:1": {"at": 5, "ok": True, "detail": "fine", "more": 1}}},
]


@pytest.mark.parametrize("document", DAMAGED, ids=[json.dumps(d)[:60] for d in DAMAGED])
def test_a_damaged_index_reads_as_empty_parts_and_is_written_over(
    tmp_path: Path, document: dict[str, object]
) -> None:
    path = tmp_path / "token_index.json"
    path.write_text(json.dumps(document))
    ledger = TokenLedger(path)
    assert all(isinstance(t.at, float) and isinstance(t.client_id, str) for t in ledger.tokens())
    assert len(ledger.live_tokens("c", "us")) <= 2
    assert ledger.recent_codes("c", 100.0) == []
    assert ledger.refreshes("x", 100.0, 50.0) == 0
    verified = ledger.all_verified("p")
    assert all(isinstance(v.at, float) and isinstance(v.ok, bool) for v in verified.values())
    assert authenticate_warnings(ledger, "c", "us", 100.0) == []
    ledger.record_code("c", 100.0)
    ledger.record_refreshes(["x"], 100.0, 50.0)
    ledger.record_tokens([], 100.0)
    ledger.mark_dead(["x"], 100.0, "test")
    ledger.record_verified("p", {"2": LastVerified(100.0, True, "ok")})
    assert ledger.recent_codes("c", 100.0) == [100.0]
    assert ledger.refreshes("x", 100.0, 50.0) == 1
    assert ledger.last_verified("p", "2") == LastVerified(100.0, True, "ok")
