"""An async iPaaS.com client on httpx: log in, pick a company, read and edit integrations,
versions and subscriptions.

GETs are retried with backoff on connection errors and 5xx; writes are sent once (a refused
connection, which sends nothing, is the only retry). A 401 triggers one token refresh.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from tui.clients import endpoints as ep
from tui.clients.errors import (
    ApiError,
    BadCredentialsError,
    NotFoundError,
    ServerError,
    SessionExpiredError,
    UnreachableError,
    VersionConflictError,
)
from tui.clients.http import new_async_client
from tui.clients.models import (
    Company,
    CustomField,
    Integration,
    IntegrationSummary,
    PersistentDatum,
    Subscription,
    SubscriptionSummary,
    Version,
)
from tui.clients.responses import (
    raise_for_status,
    reason,
    total_pages,
    version_differences,
)

DEFAULT_TIMEOUT = 15.0
PAGE_CONCURRENCY = 8


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
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.25,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.session: Session | None = None
        # A plain-http base (the loopback sandbox) never uses TLS: skip building an SSL context,
        # which costs ~35 ms of start-up. Every https base is verified as usual.
        tls = self.base_url.startswith("https:")
        self._http = new_async_client(  # timeouts, OS trust store, the debug trace
            timeout=timeout,
            transport=transport,
            verify=tls,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> IpaasClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- authentication ------------------------------------------------------------------

    async def login(self, email: str, password: str) -> Session:
        body = {
            "email_address": email,
            "password": password,
            "return_url": "",
            "remember_me": False,
            "tracking_guid": "",
        }
        response = await self._send(ep.LOGIN, json_body=body, authenticated=False)
        if response.status_code in (400, 401):
            raise BadCredentialsError(
                f"iPaaS.com refused the login for {email}: check the email and password "
                "(or use an API key)."
            )
        self.session = self._session_from(self._json(response, ep.LOGIN))
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
        data = await self._get_json(ep.COMPANIES, path={"user_id": session.user_id})
        return [Company.from_json(item) for item in data]

    async def change_company(self, company_id: str) -> None:
        data = await self._get_json(ep.CHANGE_COMPANY, path={"company_id": company_id})
        session = self._session_from(data, fallback=self._require_session())
        session.company_id = company_id
        self.session = session

    # --- integrations and versions --------------------------------------------------------

    async def list_integrations(self) -> list[IntegrationSummary]:
        rows = await self._get_all_pages(ep.INTEGRATIONS, {"sortBy": "Name"})
        return [
            IntegrationSummary(
                str(r["id"]), str(r.get("name", "")), str(r.get("description") or "")
            )
            for r in rows
        ]

    async def get_integration(self, integration_id: str) -> Integration:
        return Integration.from_json(
            await self._get_json(ep.INTEGRATION, path={"integration_id": integration_id})
        )

    async def update_authorization_type(
        self, integration: Integration, type_id: int
    ) -> Integration:
        body = {**integration.raw, "oauth_authorization_type_id": type_id}
        body.pop("versions", None)
        data = await self._write_json(
            ep.UPDATE_INTEGRATION, body, path={"integration_id": integration.id}
        )
        return Integration.from_json({**integration.raw, **data})

    async def update_version(
        self,
        integration_id: str,
        loaded: Version,
        template: str,
        custom_fields: tuple[CustomField, ...],
    ) -> Version:
        """Save a version's template and custom fields, refusing if someone else changed it."""
        current = await self.get_integration(integration_id)
        remote = next((v for v in current.versions if v.id == loaded.id), None)
        if remote is None:
            raise NotFoundError(f"Version {loaded.id} no longer exists; reload the integration.")
        differences = version_differences(loaded, remote)
        if differences:
            raise VersionConflictError(
                "The version was changed on iPaaS.com since you opened it; nothing was saved. "
                "Reload it and apply your change again.",
                differences,
            )
        body = remote.to_json(template, custom_fields)
        data = await self._write_json(
            ep.UPDATE_VERSION,
            body,
            path={"integration_id": integration_id, "version_id": loaded.id},
        )
        return Version.from_json(data)

    # --- subscriptions ---------------------------------------------------------------------

    async def list_subscriptions(self) -> list[SubscriptionSummary]:
        rows = await self._get_all_pages(ep.SUBSCRIPTIONS, {})
        return [
            SubscriptionSummary(
                str(r["id"]),
                str(r.get("name", "")),
                str(r.get("type", "")),
                str(r.get("description") or ""),
            )
            for r in rows
        ]

    async def get_subscription(self, subscription_id: str) -> Subscription:
        data = await self._get_json(
            ep.SUBSCRIPTION,
            {"include": "persistentdata"},
            path={"subscription_id": subscription_id},
        )
        return Subscription.from_json(data)

    async def update_subscription_settings(
        self, subscription_id: str, settings: Mapping[str, str]
    ) -> Subscription:
        data = await self._write_json(
            ep.UPDATE_SUBSCRIPTION,
            {"settings": dict(settings)},
            path={"subscription_id": subscription_id},
        )
        return Subscription.from_json(data)

    async def write_persistent_data(
        self, subscription_id: str, items: list[PersistentDatum]
    ) -> None:
        body = [
            {"name": i.name, "value": i.value, "expiration_date_time": i.expiration_date_time}
            for i in items
        ]
        await self._write_json(ep.PERSISTENT_DATA, body, path={"subscription_id": subscription_id})

    # --- plumbing --------------------------------------------------------------------------

    def _require_session(self) -> Session:
        if self.session is None:
            raise SessionExpiredError("Not logged in to iPaaS.com; log in first.")
        return self.session

    def _session_from(self, data: Any, fallback: Session | None = None) -> Session:
        if not isinstance(data, dict) or not data.get("access_token"):
            raise ServerError("iPaaS.com answered a log-in without an access token.")
        return Session(
            user_id=str(data.get("id") or (fallback.user_id if fallback else "")),
            user_name=str(data.get("name") or (fallback.user_name if fallback else "")),
            access_token=str(data["access_token"]),
            refresh_token=str(data.get("refresh_token") or ""),
            company_id=fallback.company_id if fallback else None,
        )

    async def _refresh(self) -> None:
        session = self._require_session()
        if not session.refresh_token:
            raise SessionExpiredError(
                "iPaaS.com refused the API key (expired or revoked); create a new one in "
                "User/Role Management > API Keys."
            )
        body = {"access_token": session.access_token, "refresh_token": session.refresh_token}
        response = await self._send(ep.REFRESH, json_body=body, authenticated=False)
        if response.status_code != 200:
            self.session = None
            raise SessionExpiredError("Your iPaaS.com session has expired; log in again.")
        self.session = self._session_from(self._json(response, ep.REFRESH), fallback=session)

    async def _get_json(
        self,
        endpoint: ep.Endpoint,
        query: Mapping[str, str] | None = None,
        path: Mapping[str, str] | None = None,
    ) -> Any:
        response = await self._authorized(endpoint, query=query, path=path)
        return self._json(response, endpoint)

    async def _write_json(
        self, endpoint: ep.Endpoint, body: Any, path: Mapping[str, str] | None = None
    ) -> Any:
        response = await self._authorized(endpoint, json_body=body, path=path)
        return self._json(response, endpoint) if response.content else {}

    async def _get_all_pages(
        self, endpoint: ep.Endpoint, query: dict[str, str]
    ) -> list[dict[str, Any]]:
        """Every page, following `X-Pagination`; pages after the first are fetched in parallel."""
        first = await self._authorized(endpoint, query={**query, "pageNumber": "1"})
        rows: list[dict[str, Any]] = list(self._json(first, endpoint))
        total = total_pages(first.headers.get("X-Pagination"))
        if total <= 1:
            return rows
        limit = asyncio.Semaphore(PAGE_CONCURRENCY)

        async def page(number: int) -> list[dict[str, Any]]:
            async with limit:
                response = await self._authorized(
                    endpoint, query={**query, "pageNumber": str(number)}
                )
                return list(self._json(response, endpoint))

        for chunk in await asyncio.gather(*(page(n) for n in range(2, total + 1))):
            rows.extend(chunk)
        return rows

    async def _authorized(
        self,
        endpoint: ep.Endpoint,
        *,
        query: Mapping[str, str] | None = None,
        json_body: Any = None,
        path: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        response = await self._send(endpoint, query=query, json_body=json_body, path=path)
        if response.status_code == 401:
            await self._refresh()
            response = await self._send(endpoint, query=query, json_body=json_body, path=path)
            if response.status_code == 401:
                self.session = None
                raise SessionExpiredError("iPaaS.com refused the session; log in again.")
        raise_for_status(response, endpoint)
        return response

    async def _send(
        self,
        endpoint: ep.Endpoint,
        *,
        query: Mapping[str, str] | None = None,
        json_body: Any = None,
        authenticated: bool = True,
        path: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        url = endpoint.url(self.base_url, **(path or {}))
        headers = {}
        if authenticated:
            headers["Authorization"] = f"Bearer {self._require_session().access_token}"
        content = None if json_body is None else json.dumps(json_body)
        attempts = self.retries if endpoint.method == "GET" else 1
        for attempt in range(1, attempts + 2):
            try:
                response = await self._http.request(
                    endpoint.method, url, params=query, content=content, headers=headers
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

    def _json(self, response: httpx.Response, endpoint: ep.Endpoint) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise ServerError(
                f"iPaaS.com answered {endpoint.path} with something that is not JSON "
                f"(HTTP {response.status_code}); try again later.",
                response.status_code,
            ) from exc
