"""An async iPaaS.com client on httpx: log in, pick a company, read and edit integrations,
versions and subscriptions.

Paths come from the profile's endpoint table (config/endpoints.py); an endpoint with several
candidate paths moves to the next only when the server says the route does not exist
(`responses.route_missing`), and the client remembers which one answered. GETs are retried
with backoff on connection errors and 5xx; writes are sent once (a refused connection, which
sends nothing, is the only retry). A 401 triggers one token refresh, shared by every request
that saw it (single flight), then one retry. That plumbing is in ipaas_requests.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

from tui.clients import shapes as s
from tui.clients.errors import (
    ApiError,
    BadCredentialsError,
    NotFoundError,
    VersionConflictError,
)
from tui.clients.ipaas_requests import IpaasRequests, Session
from tui.clients.models import (
    Company,
    Integration,
    IntegrationSummary,
    Page,
    PersistentDatum,
    SavedVersion,
    Subscription,
    SubscriptionSummary,
    Version,
    VersionEdit,
)
from tui.clients.responses import already_saved, json_body, raise_for_status, version_conflict

__all__ = ["IpaasClient", "Session"]

INTEGRATIONS_QUERY = {"sortBy": "Name"}


class IpaasClient(IpaasRequests):
    """iPaaS.com's operations: log-in, companies, integrations and versions, subscriptions."""

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

    def use_api_key(self, api_key: str, company_id: str | None = None) -> None:
        """Use an API key as the bearer token (assumed, see the endpoint table) for company
        calls as it is: a key is created inside one company, and iPaaS.com's own tools call
        ChangeCompany only with a user's token (StandardUtilities.cs). `company_id` is the
        company the profile names, if any (else unknown)."""
        self.session = Session(
            user_id="",
            user_name="API key",
            access_token=api_key,
            refresh_token="",
            company_id=company_id,
            api_key=True,
        )

    async def check_access(self) -> None:
        """One cheap company-scoped read, to learn at log-in whether iPaaS.com takes the
        token: the first page of the subscriptions (NoPermissionError or ApiKeyRefusedError
        naming it when refused). The subscriptions, not the integrations: they are the
        company's own, usually a handful, and paged (X-Pagination), while the integrations
        lookup lists every integration the company can see in one unpaged answer."""
        await self._call("subscriptions", query={"pageNumber": "1"})

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
        rows = await self._get_all_pages("integrations", INTEGRATIONS_QUERY)
        return [IntegrationSummary.from_json(r) for r in rows]

    async def integration_pages(self) -> AsyncIterator[Page[IntegrationSummary]]:
        """The integrations page by page as they arrive (a console shows each at once)."""
        async for page in self._pages("integrations", INTEGRATIONS_QUERY):
            yield page.map(IntegrationSummary.from_json)

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
        self,
        integration_id: str,
        loaded: Version,
        edit: VersionEdit,
        *,
        even_if_unchanged: bool = False,
    ) -> SavedVersion:
        """Save a version's editable parts. Refuses (VersionConflictError, nothing written)
        when a part was changed on iPaaS.com since `loaded` was read, unless that change is
        ours; writes nothing when iPaaS.com already holds the edit, unless `even_if_unchanged`
        (`doctor --check-writes` proves the write route that way)."""
        remote = await self._version(integration_id, loaded.id)
        differences = version_conflict(loaded, remote, edit)
        if differences:
            raise VersionConflictError(
                "The version was changed on iPaaS.com since you opened it; nothing was saved. "
                "Reload it and apply your change again.",
                differences,
            )
        if already_saved(remote, edit) and not even_if_unchanged:
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

    async def subscription_pages(self) -> AsyncIterator[Page[SubscriptionSummary]]:
        async for page in self._pages("subscriptions", {}):
            yield page.map(SubscriptionSummary.from_json)

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
        # The id is in the body too, so an override may leave {subscription_id} out of the
        # path (`body_ids` in config/endpoints.py). A number, as iPaaS.com's ids are.
        body = {"id": _wire_id(subscription_id), "settings": dict(settings)}
        data = await self._write_json(
            "update_subscription", body, path={"subscription_id": subscription_id}
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


def _wire_id(text: str) -> int | str:
    """An id as iPaaS.com's models type it: integration and subscription ids are JSON numbers
    (`long`); anything that is not a whole number stays text."""
    return int(text) if text.isascii() and text.isdigit() else text
