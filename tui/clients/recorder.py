"""What the client tells about a write it makes on its own (tokens pushed to a subscription's
persistent data): the journal's interface, seen from the HTTP layer, which knows no journal."""

from __future__ import annotations

from typing import Any, Protocol


class Recorder(Protocol):
    def begin(self, kind: str, item: dict[str, Any], before: Any, sent: Any) -> object:
        """Record a write about to be sent; NotJournalledError (the write is not sent) if it
        cannot."""
        ...

    def finish(self, handle: object, status: str, detail: str = "") -> None:
        """Record how the write ended."""
        ...
