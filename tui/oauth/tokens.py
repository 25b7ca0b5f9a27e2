"""Where a subscription's Zoho tokens live: the keyring (always) and, when the profile allows,
the subscription's persistent data on iPaaS.com so the integration can use them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from config.profile import Profile
from config.secrets import SecretStore, tokens_key
from config.tokens import ZohoTokens
from tui.clients.ipaas import IpaasClient
from tui.clients.models import PersistentDatum, Subscription

ACCESS_TOKEN = "AccessToken"  # the defaults of the profile keys access_token_name and
REFRESH_TOKEN = "RefreshToken"  # refresh_token_name


@dataclass(frozen=True)
class TokenNames:
    """The persistent-data names the tokens are written under: the integration decides which
    names it reads, so they are profile keys."""

    access: str = ACCESS_TOKEN
    refresh: str = REFRESH_TOKEN

    @classmethod
    def of(cls, profile: Profile) -> TokenNames:
        return cls(profile.access_token_name, profile.refresh_token_name)

    def blanks(self) -> list[PersistentDatum]:
        """What revoking leaves in the persistent data: both names, empty."""
        return [PersistentDatum(self.access, "", None), PersistentDatum(self.refresh, "", None)]


class TokenStore:
    def __init__(self, secrets: SecretStore, profile: str, subscription_id: str) -> None:
        self.secrets = secrets
        self.profile = profile
        self.key = tokens_key(subscription_id)

    async def load(self) -> ZohoTokens | None:
        raw = await asyncio.to_thread(self.secrets.get, self.profile, self.key)
        return ZohoTokens.from_json(raw) if raw else None

    async def save(self, tokens: ZohoTokens) -> None:
        await asyncio.to_thread(self.secrets.set, self.profile, self.key, tokens.to_json())

    async def delete(self) -> None:
        await asyncio.to_thread(self.secrets.delete, self.profile, self.key)


def persistent_data(tokens: ZohoTokens, names: TokenNames | None = None) -> list[PersistentDatum]:
    names = names or TokenNames()
    expires = (
        None
        if tokens.expires_at is None
        else datetime.fromtimestamp(tokens.expires_at, UTC).isoformat().replace("+00:00", "Z")
    )
    items = [PersistentDatum(names.access, tokens.access_token, expires)]
    if tokens.refresh_token:
        items.append(PersistentDatum(names.refresh, tokens.refresh_token, None))
    return items


async def push_tokens(
    ipaas: IpaasClient,
    subscription_id: str,
    tokens: ZohoTokens,
    names: TokenNames | None = None,
    read: Subscription | None = None,
) -> None:
    """Write the tokens where the integration reads them (the subscription's persistent data);
    `read`: the subscription as the caller has just read it (one round trip fewer)."""
    await ipaas.write_persistent_data(subscription_id, persistent_data(tokens, names), read)
