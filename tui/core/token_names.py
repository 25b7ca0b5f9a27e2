"""`doctor --subscription SUB`: which of a subscription's settings and persistent data look like
tokens, and the profile's `access_token_name`/`refresh_token_name` they suggest.

Where the Zoho Commerce integration reads its tokens is not public (../shared/docs/ipaas-api.md,
"Unknown"): the names an existing subscription already holds are the best evidence there is.
Values are shown masked, as everywhere else.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from config.profile import Profile
from config.tokens import mask
from tui.clients.errors import ApiError, NotFoundError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.core.checks import FAILURE, OK, WARNING, Check
from tui.core.endpoint_checks import api_failure
from tui.core.lookup import find_subscription

NAME = "token names"
TOKEN_LIKE = re.compile(r"token|access|refresh|oauth|bearer|jwt", re.IGNORECASE)
_REFRESH = re.compile(r"refresh", re.IGNORECASE)
_ACCESS = re.compile(r"access", re.IGNORECASE)


@dataclass(frozen=True)
class TokenLike:
    """A setting or persistent-data item whose name looks like a token's."""

    where: str  # "persistent data" or "setting"
    name: str
    value: str  # masked
    expires: str | None = None

    def line(self) -> str:
        value = self.value or "(empty)"
        expires = f"  (expires {self.expires})" if self.expires else ""
        return f"{self.where} {self.name!r} = {value}{expires}"


def token_like(subscription: Subscription) -> list[TokenLike]:
    """Persistent data first (where ipaas-auth pushes the tokens), then the settings."""
    found = [
        TokenLike("persistent data", d.name, mask(d.value), d.expiration_date_time)
        for d in subscription.persistent_data
        if TOKEN_LIKE.search(d.name)
    ]
    found += [
        TokenLike("setting", key, mask(value))
        for key, value in subscription.settings.items()
        if TOKEN_LIKE.search(key)
    ]
    return found


def suggested_names(found: list[TokenLike]) -> tuple[str | None, str | None]:
    """(access, refresh): the first name that says "refresh" for the refresh token; for the
    access token the first that says "access", else the first other token-like name."""
    refresh = next((f.name for f in found if _REFRESH.search(f.name)), None)
    access = next((f.name for f in found if _ACCESS.search(f.name)), None)
    if access is None:
        access = next((f.name for f in found if not _REFRESH.search(f.name)), None)
    return access, refresh


async def token_names_check(client: IpaasClient, query: str, profile: Profile) -> Check:
    """One doctor check: the token-like names of subscription `query` (id or name)."""
    try:
        subscription = await find_subscription(client, query)
    except NotFoundError as exc:  # a name mistyped, not a bug
        return Check(
            NAME,
            FAILURE,
            str(exc),
            "Give an id or a name that `ipaas-auth "
            "subscriptions` lists: `ipaas-auth doctor --subscription SUB`.",
        )
    except ApiError as exc:
        return api_failure(NAME, exc)
    return describe(subscription, profile)


def describe(subscription: Subscription, profile: Profile) -> Check:
    what = f"subscription {subscription.name} ({subscription.id})"
    current = (profile.access_token_name, profile.refresh_token_name)
    writes = f"the profile pushes the tokens as persistent data {current[0]} and {current[1]}"
    found = token_like(subscription)
    if not found:
        return Check(
            NAME,
            WARNING,
            f"{what}: no setting or persistent data is named like a token; {writes}",
            "Where the Zoho Commerce integration reads its tokens is not public: after a first "
            "`ipaas-auth authenticate`, run this again; if the integration reads other names, "
            f"set them with `ipaas-auth profiles set {profile.name} access_token_name=… "
            "refresh_token_name=…`.",
        )
    access, refresh = suggested_names(found)
    changes = {
        key: name
        for key, name, now in (
            ("access_token_name", access, current[0]),
            ("refresh_token_name", refresh, current[1]),
        )
        if name is not None and name != now
    }
    lines = tuple(f.line() for f in found)
    detail = f"{what}: {len(found)} named like a token; {writes}"
    if not changes:
        return Check(NAME, OK, f"{detail}: " + "; ".join(lines))
    words = " ".join(shlex.quote(f"{key}={name}") for key, name in changes.items())
    return Check(
        NAME,
        WARNING,
        detail,
        "If the integration reads the tokens under these names, use them: "
        f"`ipaas-auth profiles set {profile.name} {words}`. Found:",
        lines,
    )
