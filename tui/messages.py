"""Messages the application posts to its screens (named in the past tense)."""

from __future__ import annotations

from textual.message import Message


class ConnectionFailed(Message):
    """Start-up failed; screens show `reason` as it is (it names the way out)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class Connected(Message):
    """Start-up finished: the client is logged in and scoped to a company."""
