"""From a profile to a logged-in iPaaS.com client: where to connect, with which credentials,
and which Zoho accounts servers to trust. No Textual here: the console calls it from workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from config.profile import Profile
from config.zoho import DATA_CENTRES, data_centre_for_host
from tui.clients.errors import ServerError, UnreachableError
from tui.clients.zoho import commerce_api_for

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer

SANDBOX_PROFILE = "sandbox"


@dataclass
class Target:
    """Where a profile's iPaaS.com and Zoho live."""

    api_url: str
    sandbox: SandboxServer | None = None  # started by us, stopped by us
    sandbox_accounts: dict[str, str] = field(default_factory=dict)  # dc -> URL (sandbox only)

    @property
    def is_sandbox(self) -> bool:
        return bool(self.sandbox_accounts)

    def accounts_url(self, dc: str) -> str:
        if self.sandbox_accounts:
            return self.sandbox_accounts.get(dc) or self.sandbox_accounts["us"]
        return DATA_CENTRES[dc].accounts_url

    def commerce_api(self, accounts_server: str, location: str) -> str:
        """Zoho Commerce for the tokens' data centre; `ZohoError` where Commerce does not exist
        (never the US host for another data centre's tokens)."""
        if self.sandbox_accounts:
            return accounts_server.rstrip("/") + "/store/api/v1"
        dc = location.lower().strip()
        if dc not in DATA_CENTRES:
            by_host = data_centre_for_host(urlsplit(accounts_server).hostname or "")
            dc = by_host.code if by_host else dc
        return commerce_api_for(dc)

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None


def sandbox_profile() -> Profile:
    """The profile used when there is no profiles.toml yet, or with --sandbox."""
    return Profile(name=SANDBOX_PROFILE, environment="sandbox", email="integrator@sandbox.test")


def sandbox_credentials() -> Credentials:
    """The demo log-in every sandbox accepts: a sandbox profile never asks for one."""
    from tui.sandbox import demo

    return Credentials(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)


def open_target(profile: Profile) -> Target:
    """Resolve the profile's API; for a sandbox profile without api_url, start one in-process."""
    if profile.environment != "sandbox":
        return Target(profile.resolved_api_url)
    if not profile.api_url:
        from tui.sandbox.own import start_own_sandbox
        from tui.sandbox.settings import options_from_env

        sandbox = start_own_sandbox(options_from_env())
        return Target(sandbox.url, sandbox, dict(sandbox.world.dc_urls))
    return Target(profile.resolved_api_url, None, _running_sandbox_accounts(profile.api_url))


def runs_elsewhere(profile: Profile) -> bool:
    """A sandbox profile with an api_url: its sandbox is another process's, asked over HTTP."""
    return profile.environment == "sandbox" and bool(profile.api_url)


def _running_sandbox_accounts(api_url: str) -> dict[str, str]:
    import httpx

    from tui.sandbox.settings import INFO_PATH

    try:
        # verify only matters for https; for http it would just build an SSL context (~35 ms).
        response = httpx.get(
            api_url.rstrip("/") + INFO_PATH, timeout=5, verify=api_url.startswith("https:")
        )
        return _accounts(response.json(), api_url)
    except httpx.HTTPError as exc:
        raise _no_sandbox(api_url) from exc
    except ValueError as exc:
        raise _not_a_sandbox(api_url) from exc


async def sandbox_target(api_url: str) -> Target:
    """`open_target` for a sandbox running elsewhere, asynchronously: its info call can then run
    alongside the log-in instead of before it (one round trip fewer to the first data). One
    request, no retry: a sandbox that is not there is said at once."""
    import httpx

    from tui.clients.http import new_async_client, send_capped
    from tui.sandbox.settings import INFO_PATH

    base = api_url.rstrip("/")
    try:
        async with new_async_client(verify=base.startswith("https:"), timeout=5) as http:
            response = await send_capped(
                http, "GET", base + INFO_PATH, what=f"the sandbox at {base}", deadline=5
            )
        return Target(base, None, _accounts(response.json(), api_url))
    except httpx.HTTPError as exc:
        raise _no_sandbox(api_url) from exc
    except ValueError as exc:
        raise _not_a_sandbox(api_url) from exc


def _accounts(info: object, api_url: str) -> dict[str, str]:
    """The accounts servers the sandbox's info answer names (data centre -> URL)."""
    accounts = info.get("accounts_servers") if isinstance(info, dict) else None
    if not isinstance(accounts, dict):
        raise _not_a_sandbox(api_url)
    return {str(dc): str(url) for dc, url in accounts.items()}


def _no_sandbox(api_url: str) -> UnreachableError:
    return UnreachableError(
        f"No sandbox answers at {api_url}; start one with `ipaas-auth sandbox --port …` "
        "or remove api_url from the profile to let the console start its own."
    )


def _not_a_sandbox(api_url: str) -> ServerError:
    return ServerError(
        f"{api_url} does not look like an ipaas-auth sandbox; check the profile's api_url."
    )


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str = ""
    api_key: str = ""
