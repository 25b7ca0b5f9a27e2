"""An async iPaaS.com client on httpx: log in, pick a company, read and edit integrations,
versions and subscriptions.

Paths come from the profile's endpoint table (config/endpoints.py); an endpoint with several
candidate paths moves to the next only when the server says the route does not exist
(`responses.route_missing`), and the client remembers which one answered. GETs are retried
with backoff on connection errors and 5xx; writes are sent once (a refused connection, which
sends nothing, is the only retry). A 401 triggers one token refresh, shared by every request
that saw it (single flight), then one retry.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from config.endpoints import DEFAULT_TABLE, Endpoint, EndpointTable
from tui.clients import shapes as s
from tui.clients.errors import (
    ApiError,
    BadCredentialsError,
    NotFoundError,
    SessionExpiredError,
    UnreachableError,
    VersionConflictError,
)
from tui.clients.http import new_async_client, send_capped
from tui.clients.models import (
    Company,
    Integration,
    IntegrationSummary,
    PersistentDatum,
    SavedVersion,
    Subscription,
    SubscriptionSummary,
    Version,
    VersionEdit,
)
from tui.clients.responses import (
    already_saved,
    json_body,
    no_route_error,
    raise_for_status,
    reason,
    route_missing,
    total_pages,
    version_conflict,
)

PAGE_CONCURRENCY = 8
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class Session:
    user_id: str
    user_name: str
    access_token: str
    refresh_token: str
    company_id: str | None = None


class IpaasClient:
    def __init__(
        self,
        base_url: str,
        *,
        endpoints: EndpointTable = DEFAULT_TABLE,
        retries: int = 3,
        backoff: float = 0.25,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.endpoints = endpoints
        self.retries = retries
        self.backoff = backoff
        self.session: Session | None = None
        self.answered: dict[str, str] = {}  # endpoint name -> the candidate path that answered
        self._refresh_lock = asyncio.Lock()
        # A plain-http base (the loopback sandbox) never uses TLS: skip building an SSL context,
        # which costs ~35 ms of start-up. Every https base is verified as usual.
        self._http = new_async_client(  # timeouts, OS trust store, the debug trace
            timeout=timeout,
            verify=self.base_url.startswith("https:"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> IpaasClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- authentication ------------------------------------------------------------------

    async def login(self, email: str, password: str) -> Session:
        # tracking_guid is a Guid? on the server: "" would be a 400, so it is left out.
        body = {
            "email_address": email,
            "password": password,
            "return_url": "",
            "remember_me": False,
        }
        response = await self._call("login", json_body=body, authenticated=False)
        if response.status_code in (400, 401):
            raise BadCredentialsError(
                f"iPaaS.com refused the login for {email}: check the email and password "
                "(or use an API key)."
            )
        raise_for_status(response, self.endpoints["login"])
        self.session = self._session_from(json_body(response, self.endpoints["login"]))
        return self.session

    def use_api_key(self, api_key: str) -> None:
        """Use an API key as the bearer token (assumed, see the endpoint table)."""
        self.session = Session(
            user_id="", user_name="API key", access_token=api_key, refresh_token=""
        )

    async def list_companies(self) -> list[Company]:
        session = self._require_session()
        if not session.user_id:
            raise ApiError(
                "With an API key the companies cannot be listed; set company_id in the profile."
            )
        data = await self._get_json("companies", path={"user_id": session.user_id})
        return [Company.from_json(item) for item in s.items(data, "the list of companies")]

    async def change_company(self, company_id: str) -> None:
        data = await self._get_json("change_company", path={"company_id": company_id})
        session = self._session_from(data, fallback=self._require_session())
        session.company_id = company_id
        self.session = session

    # --- integrations and versions --------------------------------------------------------

    async def list_integrations(self) -> list[IntegrationSummary]:
        rows = await self._get_all_pages("integrations", {"sortBy": "Name"})
        return [IntegrationSummary.from_json(r) for r in rows]

    async def get_integration(self, integration_id: str) -> Integration:
        return Integration.from_json(
            await self._get_json("integration", path={"integration_id": integration_id})
        )

    async def update_authorization_type(
        self, integration: Integration, type_id: int
    ) -> Integration:
        body = {**integration.raw, "oauth_authorization_type_id": type_id}
        body.pop("versions", None)
        data = await self._write_json(
            "update_integration", body, path={"integration_id": integration.id}
        )
        if data is None:
            return await self.get_integration(integration.id)
        return Integration.from_json({**integration.raw, **s.obj(data, "an integration")})

    async def update_version(
        self, integration_id: str, loaded: Version, edit: VersionEdit
    ) -> Version:
        """Save a version's editable parts, refusing if someone else changed them."""
        return (await self.save_version(integration_id, loaded, edit)).version

    async def save_version(
        self, integration_id: str, loaded: Version, edit: VersionEdit
    ) -> SavedVersion:
        """Save a version's editable parts. Refuses (VersionConflictError, nothing written)
        when a part was changed on iPaaS.com since `loaded` was read, unless that change is
        ours; writes nothing when iPaaS.com already holds the edit."""
        remote = await self._version(integration_id, loaded.id)
        differences = version_conflict(loaded, remote, edit)
        if differences:
            raise VersionConflictError(
                "The version was changed on iPaaS.com since you opened it; nothing was saved. "
                "Reload it and apply your change again.",
                differences,
            )
        if already_saved(remote, edit):
            return SavedVersion(remote, written=False)
        data = await self._write_json(
            "update_version",
            remote.to_json(edit),
            path={"integration_id": integration_id, "version_id": loaded.id},
        )
        if data is None:  # an empty answer: read back what was saved
            return SavedVersion(await self._version(integration_id, loaded.id), written=True)
        return SavedVersion(Version.from_json(data), written=True)

    async def _version(self, integration_id: str, version_id: str) -> Version:
        current = await self.get_integration(integration_id)
        remote = next((v for v in current.versions if v.id == version_id), None)
        if remote is None:
            raise NotFoundError(f"Version {version_id} no longer exists; reload the integration.")
        return remote

    # --- subscriptions ---------------------------------------------------------------------

    async def list_subscriptions(self) -> list[SubscriptionSummary]:
        rows = await self._get_all_pages("subscriptions", {})
        return [SubscriptionSummary.from_json(r) for r in rows]

    async def get_subscription(self, subscription_id: str) -> Subscription:
        data = await self._get_json(
            "subscription",
            {"include": "persistentdata"},
            path={"subscription_id": subscription_id},
        )
        return Subscription.from_json(data)

    async def update_subscription_settings(
        self, subscription_id: str, settings: Mapping[str, str]
    ) -> Subscription:
        data = await self._write_json(
            "update_subscription",
            {"settings": dict(settings)},
            path={"subscription_id": subscription_id},
        )
        if data is None:
            return await self.get_subscription(subscription_id)
        return Subscription.from_json(data)

    async def write_persistent_data(
        self, subscription_id: str, items: list[PersistentDatum]
    ) -> None:
        body = [
            {"name": i.name, "value": i.value, "expiration_date_time": i.expiration_date_time}
            for i in items
        ]
        await self._call(
            "persistent_data", json_body=body, path={"subscription_id": subscription_id}
        )

    # --- sessions --------------------------------------------------------------------------

    def _require_session(self) -> Session:
        if self.session is None:
            raise SessionExpiredError("Not logged in to iPaaS.com (or the session ended); log in.")
        return self.session

    def _session_from(self, value: object, fallback: Session | None = None) -> Session:
        data = s.obj(value, "a log-in answer")
        token = s.text(data, "access_token")
        if not token:
            raise s.shape_error("a log-in answer", "an access_token", data.get("access_token"))
        return Session(
            user_id=s.text(data, "id") or (fallback.user_id if fallback else ""),
            user_name=s.text(data, "name") or (fallback.user_name if fallback else ""),
            access_token=token,
            refresh_token=s.text(data, "refresh_token"),
            company_id=fallback.company_id if fallback else None,
        )

    async def _refresh_after(self, stale_token: str) -> None:
        """Single flight: the first request to see a 401 refreshes; the others wait for it and
        find a new token already there. A failed refresh ends the session for all of them."""
        async with self._refresh_lock:
            session = self._require_session()
            if session.access_token != stale_token:
                return
            if not session.refresh_token:
                raise SessionExpiredError(
                    "iPaaS.com refused the API key (expired or revoked); create a new one in "
                    "User/Role Management > API Keys."
                )
            body = {"access_token": session.access_token, "refresh_token": session.refresh_token}
            response = await self._call("refresh", json_body=body, authenticated=False)
            if response.status_code != 200:
                self.session = None
                raise SessionExpiredError("Your iPaaS.com session has expired; log in again.")
            endpoint = self.endpoints["refresh"]
            self.session = self._session_from(json_body(response, endpoint), fallback=session)

    # --- requests --------------------------------------------------------------------------

    async def _get_json(
        self,
        name: str,
        query: Mapping[str, str] | None = None,
        path: Mapping[str, str] | None = None,
    ) -> Any:
        response = await self._call(name, query=query, path=path)
        return json_body(response, self.endpoints[name])

    async def _write_json(self, name: str, body: Any, path: Mapping[str, str] | None = None) -> Any:
        """The answer's JSON, or None when the server answered with an empty body."""
        response = await self._call(name, json_body=body, path=path)
        return json_body(response, self.endpoints[name]) if response.content.strip() else None

    async def _get_all_pages(self, name: str, query: dict[str, str]) -> list[Any]:
        """Every page, following `X-Pagination`; pages after the first are fetched in parallel."""
        what = f"the {name} list"
        first = await self._call(name, query={**query, "pageNumber": "1"})
        rows = list(s.items(json_body(first, self.endpoints[name]), what))
        total = total_pages(first.headers.get("X-Pagination"))
        if total <= 1:
            return rows
        limit = asyncio.Semaphore(PAGE_CONCURRENCY)

        async def page(number: int) -> list[Any]:
            async with limit:
                response = await self._call(name, query={**query, "pageNumber": str(number)})
                return s.items(json_body(response, self.endpoints[name]), what)

        for chunk in await asyncio.gather(*(page(n) for n in range(2, total + 1))):
            rows.extend(chunk)
        return rows

    async def _call(
        self,
        name: str,
        *,
        query: Mapping[str, str] | None = None,
        json_body: Any = None,
        path: Mapping[str, str] | None = None,
        authenticated: bool = True,
    ) -> httpx.Response:
        """One endpoint of the table, trying its candidate paths while the route is missing.

        Authenticated calls raise our error for any failing status; unauthenticated ones
        (log-in, refresh) return the answer for the caller to judge.
        """
        endpoint = self.endpoints[name]
        candidates = list(endpoint.paths)
        remembered = self.answered.get(name)
        if remembered in candidates:
            candidates.remove(remembered)
            candidates.insert(0, remembered)
        content = None if json_body is None else json.dumps(json_body)
        tried: list[tuple[str, int]] = []
        for template in candidates:
            url = self.base_url + _fill(template, path or {})
            if authenticated:
                response = await self._authorized(endpoint, url, query, content)
            else:
                response = await self._send(endpoint, url, query, content, token=None)
            if route_missing(response):
                tried.append((template, response.status_code))
                continue
            self.answered[name] = template
            if authenticated:
                raise_for_status(response, endpoint)
            return response
        raise no_route_error(self.endpoints, endpoint, tried)

    async def _authorized(
        self,
        endpoint: Endpoint,
        url: str,
        query: Mapping[str, str] | None,
        content: str | None,
    ) -> httpx.Response:
        token = self._require_session().access_token
        response = await self._send(endpoint, url, query, content, token=token)
        if response.status_code != 401:
            return response
        await self._refresh_after(token)
        token = self._require_session().access_token
        response = await self._send(endpoint, url, query, content, token=token)
        if response.status_code == 401:
            self.session = None
            raise SessionExpiredError("iPaaS.com refused the session; log in again.")
        return response

    async def _send(
        self,
        endpoint: Endpoint,
        url: str,
        query: Mapping[str, str] | None,
        content: str | None,
        *,
        token: str | None,
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        what = f"iPaaS.com at {self.base_url}"
        attempts = self.retries if endpoint.method == "GET" else 1
        for attempt in range(1, attempts + 2):
            try:
                response = await send_capped(
                    self._http,
                    endpoint.method,
                    url,
                    what=what,
                    params=query,
                    content=content,
                    headers=headers,
                )
            except httpx.ConnectError as exc:
                if attempt <= attempts:  # nothing was sent: safe to retry, writes included
                    await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise UnreachableError(
                    f"Cannot reach iPaaS.com at {self.base_url} ({reason(exc)}); check the "
                    "network, VPN or the profile's api_url."
                ) from exc
            except httpx.TransportError as exc:
                if endpoint.method == "GET" and attempt <= attempts:
                    await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise UnreachableError(
                    f"iPaaS.com at {self.base_url} did not answer ({reason(exc)}); "
                    + (
                        "try again in a moment."
                        if endpoint.method == "GET"
                        else "the change may or may not have been saved: reload before retrying."
                    )
                ) from exc
            if response.status_code >= 500 and endpoint.method == "GET" and attempt <= attempts:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            return response
        raise AssertionError("unreachable")  # the loop always returns or raises


def _fill(template: str, values: Mapping[str, str]) -> str:
    """A path with its placeholders filled, each value quoted (ids are opaque text)."""
    return _PLACEHOLDER.sub(lambda m: quote(str(values.get(m.group(1), "")), safe=""), template)
