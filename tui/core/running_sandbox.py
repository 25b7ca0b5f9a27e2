"""A sandbox profile's target when its sandbox runs in another process (`api_url` set): the
sandbox's own info call names its Zoho accounts servers. Asynchronous, so that it runs
alongside the log-in instead of before it (one round trip fewer to the first data)."""

from __future__ import annotations

import httpx

from config.profile import Profile
from tui.clients.errors import ServerError, UnreachableError
from tui.clients.http import new_async_client, send_capped
from tui.connection import Target
from tui.sandbox.settings import INFO_PATH

INFO_TIMEOUT = 5.0


def runs_elsewhere(profile: Profile) -> bool:
    """A sandbox profile with an api_url: its sandbox is another process's, asked over HTTP."""
    return profile.environment == "sandbox" and bool(profile.api_url)


async def sandbox_target(api_url: str) -> Target:
    """The target of the sandbox at `api_url`, from its info call (one request, no retry: a
    sandbox that is not there is said at once)."""
    base = api_url.rstrip("/")
    try:
        async with new_async_client(verify=base.startswith("https:"), timeout=INFO_TIMEOUT) as http:
            response = await send_capped(
                http, "GET", base + INFO_PATH, what=f"the sandbox at {base}", deadline=INFO_TIMEOUT
            )
        accounts = response.json()["accounts_servers"]
        servers = {str(dc): str(url) for dc, url in accounts.items()}
    except httpx.HTTPError as exc:
        raise UnreachableError(
            f"No sandbox answers at {api_url}; start one with `ipaas-auth sandbox --port …` "
            "or remove api_url from the profile to let the console start its own."
        ) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ServerError(
            f"{api_url} does not look like an ipaas-auth sandbox; check the profile's api_url."
        ) from exc
    return Target(base, None, servers)
