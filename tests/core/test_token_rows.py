"""What a token row says of its access token's expiry: one rule (tui/core/token_rows.py) that
the command's line and the screen's cell both word."""

from __future__ import annotations

from tui.core.token_rows import TokenRow


def row(expires_at: float | None) -> TokenRow:
    return TokenRow(
        subscription="Demo Store",
        id="1",
        kept_here=True,
        on_ipaas=False,
        expires_at=expires_at,
        has_refresh_token=True,
        verified=None,
        client_id="1000.DEMO",
        dc="us",
    )


def test_seconds_left_is_unknown_zero_once_expired_or_whole_seconds() -> None:
    assert row(None).seconds_left(100.0) is None  # never guessed
    assert row(50.0).seconds_left(100.0) == 0
    assert row(100.5).seconds_left(100.0) == 0  # under a second: expired, as both faces say
    assert row(3699.9).seconds_left(100.0) == 3599
