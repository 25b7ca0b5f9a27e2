"""Many Zoho Commerce subscriptions at once, each with its own Zoho client and tokens already
minted, as an integrator who looks after many customers has them: for the tokens view and its
tests (200 subscriptions through the consent page would take Zoho's code limit 20 times over).

Tokens are minted as the token endpoint mints them (a refresh grant and an access token of its
own data centre); nothing else of the sandbox changes.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tui.sandbox import demo
from tui.sandbox.zoho import ACCESS_LIFETIME, AccessToken, Grant

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer

SCOPE = "ZohoCommerce.salesorders.READ,ZohoCommerce.items.ALL"


@dataclass(frozen=True)
class Minted:
    """A subscription of the fleet and its tokens (the test decides where to keep them)."""

    subscription_id: str
    client_id: str
    client_secret: str
    access_token: str
    refresh_token: str
    expires_at: float
    dc: str


def _token() -> str:
    return f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"


def mint(
    sandbox: SandboxServer,
    client_id: str,
    dc: str = "us",
    scope: str = SCOPE,
    subscription_id: str = "",
) -> Minted:
    """A refresh token and an access token for `client_id` in `dc`, as an accepted consent
    and a code exchange would give (the 21st of a client deletes the oldest)."""
    world = sandbox.world
    refresh, access = _token(), _token()
    expires_at = world.clock.now() + ACCESS_LIFETIME
    with world.lock:
        world.refresh_tokens[refresh] = Grant(client_id, scope, dc)
        world.access_tokens[access] = AccessToken(refresh, scope, dc, expires_at)
        world.keep_refresh_limit(client_id)
    secret = world.clients.get(client_id, "")
    return Minted(subscription_id, client_id, secret, access, refresh, expires_at, dc)


def add_zoho_subscriptions(
    sandbox: SandboxServer,
    count: int,
    *,
    pushed: bool = True,
    dc: str = "us",
    names: tuple[str, str] = ("AccessToken", "RefreshToken"),
) -> list[Minted]:
    """`count` more subscriptions of the Zoho Commerce integration, each with its own client
    (registered with Zoho), Organization ID and minted tokens; with `pushed`, the tokens are
    in its persistent data under `names` (access, refresh), as a push leaves them."""
    data = sandbox.ipaas.data
    template = data.subscriptions[data.zoho_subscription_id]
    first = max(int(key) for key in data.subscriptions) + 1
    made = []
    for index in range(count):
        subscription_id = first + index
        client_id = f"1000.FLEET{subscription_id}"
        secret = f"fleet-secret-{subscription_id}"
        sandbox.world.clients[client_id] = secret
        minted = mint(sandbox, client_id, dc)
        subscription = copy.deepcopy(template)
        name = f"Zoho Customer {index + 1:04d}"
        subscription.update(id=subscription_id, name=name, persistent_data=[])
        subscription["settings"].update(
            {
                "Name": name,
                "Client ID": client_id,
                "Client Secret": secret,
                "Organization ID": demo.ZOHO_ORGANIZATION_ID,
            }
        )
        if pushed:
            expires = datetime.fromtimestamp(minted.expires_at, UTC).isoformat()
            subscription["persistent_data"] = [
                {
                    "name": names[0],
                    "value": minted.access_token,
                    "expiration_date_time": expires.replace("+00:00", "Z"),
                },
                {"name": names[1], "value": minted.refresh_token, "expiration_date_time": None},
            ]
        data.subscriptions[str(subscription_id)] = subscription
        made.append(
            Minted(
                str(subscription_id),
                client_id,
                secret,
                minted.access_token,
                minted.refresh_token,
                minted.expires_at,
                dc,
            )
        )
    return made
