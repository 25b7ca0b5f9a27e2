"""What `ipaas-auth token SUBSCRIPTION` prints, asking iPaaS.com no more than it must: the
access token kept on this machine when it is still good (nothing asked when the subscription is
named by id; the list alone when by name), else the subscription read and a refresh at Zoho."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from config.tokens import ZohoTokens
from tui.clients.ipaas import IpaasClient
from tui.core.authenticate import token_store
from tui.core.lookup import find_one, find_subscription, may_be_id
from tui.core.session import Session
from tui.core.tokens import REFRESH_MARGIN, Refreshed, fresh_access_token
from tui.oauth.tokens import TokenNames

# Where the answer came from: "kept" (this machine's store alone: no request to iPaaS.com),
# "listed" (iPaaS.com's list named the subscription; the kept token was still good), or
# "read" (the subscription was read, and the token refreshed at Zoho if it had to be).
Source = Literal["kept", "listed", "read"]
SOURCES: dict[Source, str] = {
    "kept": "the token kept on this machine (no request to iPaaS.com)",
    "listed": "the token kept on this machine (iPaaS.com's list named the subscription)",
    "read": "the subscription read from iPaaS.com",
}


@dataclass(frozen=True)
class TokenAnswer:
    fresh: Refreshed
    source: Source


def _good(tokens: ZohoTokens | None, now: float, margin: float) -> ZohoTokens | None:
    """The tokens when their access token has more than `margin` left (a known expiry only:
    a token handed to a script must work)."""
    if tokens is None:
        return None
    left = tokens.remaining(now)
    return tokens if left is not None and left > margin else None


async def access_token(
    session: Session,
    query: str,
    connect: Callable[[], Awaitable[IpaasClient]],
    now: float | None = None,
    margin: float = REFRESH_MARGIN,
) -> TokenAnswer:
    """The subscription's access token, refreshed first when it has less than `margin` left.
    `connect` is called only when iPaaS.com has to be asked."""
    moment = time.time() if now is None else now
    wanted = query.strip()
    if may_be_id(wanted):
        tokens = _good(await token_store(session, wanted).load(), moment, margin)
        if tokens is not None:
            return TokenAnswer(Refreshed(tokens), "kept")
    client = await connect()
    if may_be_id(wanted):
        subscription = await find_subscription(client, wanted)
    else:
        summary = find_one(await client.list_subscriptions(), wanted, "subscription")
        tokens = _good(await token_store(session, summary.id).load(), moment, margin)
        if tokens is not None:
            return TokenAnswer(Refreshed(tokens), "listed")
        subscription = await client.get_subscription(summary.id)
    fresh = await fresh_access_token(
        subscription,
        token_store(session, subscription.id),
        client,
        session.profile.push_tokens,
        TokenNames.of(session.profile),
        moment,
        margin,
    )
    return TokenAnswer(fresh, "read")
