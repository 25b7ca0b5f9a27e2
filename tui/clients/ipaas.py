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
from typing import Any

from tui.clients import shapes as s
from tui.clients.errors import (
    ApiError,
    BadCredentialsError,
    NotFoundError,
    RouteNotFoundError,
    ServerError,
)
from tui.clients.ipaas_requests import IpaasRequests
from tui.clients.ipaas_session import Session
from tui.clients.models import (
    Company,
    FieldsShape,
    Integration,
    IntegrationSummary,
    Page,
    PersistentDatum,
    ReadSource,
    Subscription,
    SubscriptionSummary,
    Version,
)
from tui.clients.recorder import Recorder
from tui.clients.responses import json_body, raise_for_status

__all__ = ["IpaasClient", "Session"]

INTEGRATIONS_QUERY = {"sortBy": "Name"}
LIST_QUERIES = {"integrations": INTEGRATIONS_QUERY}
DEFAULT_TYPE_FIELD = "oauth_authorization_type_id"  # assumed (../shared/docs/ipaas-api.md)


class IpaasClient(IpaasRequests):
    """iPaaS.com's operations: log-in, companies, integrations and versions, subscriptions.

    `type_field` is the JSON name of the integration's authorization type and `fields_shape`
    the shape custom_fields are written in: both guesses, so both are profile keys."""

    def __init__(
        self,
        base_url: str,
        *,
        type_field: str = DEFAULT_TYPE_FIELD,
        fields_shape: FieldsShape = "list",
        timeout: float | None = None,
        **options: Any,
    ) -> None:
        super().__init__(base_url, timeout=timeout, **options)
        self.type_field = type_field
        self.fields_shape: FieldsShape = fields_shape
        self.edit_read_missing = False  # the integrators read's route answered "no such route"
        self.recorder: Recorder | None = None  # journals the writes this client makes itself

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
        """The integration for editing: from the integrators read, which carries the versions'
        OAuth fields and the authorization type, else (its route missing) from the documented
        /subscriptions read, which carries neither (`Integration.source` says which)."""
        if not self.edit_read_missing:
            try:
                return await self.read_integration(integration_id, "integrators")
            except RouteNotFoundError:
                pass
        integration = await self.read_integration(integration_id, "subscriptions")
        # The same id answered on /subscriptions: the integrators read's route is missing.
        self.edit_read_missing = True
        return integration

    async def read_integration(self, integration_id: str, source: ReadSource) -> Integration:
        """The integration from one read: `integrators` (endpoint integration_edit) or
        `subscriptions` (endpoint integration)."""
        path = {"integration_id": integration_id}
        if source == "integrators":
            data = await self._get_json("integration_edit", path=path)
        else:
            data = await self._get_item("integration", path, "integrations")
        return Integration.from_json(data, source, self.type_field)

    async def write_version(
        self, integration_id: str, version_id: str, body: dict[str, Any]
    ) -> None:
        """Send one version write as built by version_body.py (the caller reads back)."""
        await self._call(
            "update_version",
            json_body=body,
            path={"integration_id": integration_id, "version_id": version_id},
        )

    async def write_integration(self, integration_id: str, body: dict[str, Any]) -> None:
        """Send one integration write (the authorization type); the caller reads back."""
        await self._call(
            "update_integration", json_body=body, path={"integration_id": integration_id}
        )

    async def version(self, integration_id: str, version_id: str) -> tuple[Integration, Version]:
        """The integration and one of its versions as iPaaS.com holds them now."""
        current = await self.get_integration(integration_id)
        remote = next((v for v in current.versions if v.id == version_id), None)
        if remote is None:
            raise NotFoundError(f"Version {version_id} no longer exists; reload the integration.")
        return current, remote

    async def _get_item(
        self,
        name: str,
        path: Mapping[str, str],
        list_name: str,
        query: Mapping[str, str] | None = None,
    ) -> Any:
        """One item. Every candidate answering 404 with an empty body is taken as the route
        missing only when the same route also fails for an id the list names; otherwise the
        item is not found, or this log-in may not see it."""
        try:
            return await self._get_json(name, query, path=path)
        except RouteNotFoundError as missing:
            known = await self._known_id(list_name)
            (key, wanted), *_ = path.items()
            if known is None or known == wanted:
                raise
            try:
                await self._call(name, query=query, path={key: known})
            except RouteNotFoundError:
                raise missing from None
            raise NotFoundError(
                f"{self.endpoints[name].about.capitalize()}: {wanted} was not found on "
                f"iPaaS.com, or this log-in has no access to it (the same route answers for "
                f"{known}). Refresh the list; check the company and your designation."
            ) from None

    async def _known_id(self, list_name: str) -> str | None:
        """An id the first page of a list names (None when the list is empty or fails)."""
        try:
            async for page in self._pages(list_name, dict(LIST_QUERIES.get(list_name, {}))):
                for row in page.rows:
                    if isinstance(row, dict) and row.get("id") not in (None, ""):
                        return s.id_text(s.json_id(row, "id", "a listed item"))
                return None
        except ApiError:
            return None
        return None

    # --- subscriptions ---------------------------------------------------------------------

    async def list_subscriptions(self) -> list[SubscriptionSummary]:
        rows = await self._get_all_pages("subscriptions", {})
        return [SubscriptionSummary.from_json(r) for r in rows]

    async def subscription_pages(self) -> AsyncIterator[Page[SubscriptionSummary]]:
        async for page in self._pages("subscriptions", {}):
            yield page.map(SubscriptionSummary.from_json)

    async def get_subscription(self, subscription_id: str) -> Subscription:
        data = await self._get_item(
            "subscription",
            {"subscription_id": subscription_id},
            "subscriptions",
            {"include": "persistentdata"},
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
        self, subscription_id: str, items: list[PersistentDatum], read: Subscription | None = None
    ) -> None:
        """Write items of the subscription's persistent data (the tokens), journalled by the
        recorder when there is one, and read back: an item iPaaS.com does not then hold as
        sent is an error (the caller keeps the tokens locally and says so).

        Whether the POST merges or replaces the list is documented nowhere, and the
        integration keeps other items there (poll state). Only our items are sent (re-sending
        the others could put back older values over the integration's); if the read-back
        shows that others went, the POST replaced the list, and the whole list as read just
        before is written back at once. The journal keeps the whole list read before: `read`,
        when the caller has just read the subscription (to check what it holds), else read here."""
        body = [_datum(i) for i in items]
        names = {i.name for i in items}
        current = read if read is not None else await self.get_subscription(subscription_id)
        others = [d for d in current.persistent_data if d.name not in names]
        handle: object = None
        if self.recorder is not None:
            before = [_datum(d) for d in current.persistent_data]
            item = {"subscription_id": subscription_id, "subscription": current.name}
            handle = self.recorder.begin("persistent_data", item, before, body)
        detail = ""
        try:
            after = await self._post_persistent_data(subscription_id, body)
            dropped = _dropped(others, after)
            if dropped:
                detail = f"iPaaS.com dropped {', '.join(dropped)}; written back"
                whole = body + [_datum(d) for d in others]
                after = await self._post_persistent_data(subscription_id, whole)
        except ApiError as exc:
            if self.recorder is not None:
                self.recorder.finish(handle, "failed", "; ".join(filter(None, [detail, str(exc)])))
            raise
        held = {d.name: d.value for d in after.persistent_data}
        differ = sorted(i.name for i in items if held.get(i.name) != i.value)
        problems = []
        if differ:
            problems.append(
                f"iPaaS.com did not keep {', '.join(differ)} as written in the persistent data "
                f"of subscription {subscription_id} (read back after writing); check the "
                "profile's token names and try again"
            )
        lost = _dropped(others, after)
        if lost:
            problems.append(
                f"the write removed {', '.join(lost)} from the persistent data of subscription "
                f"{subscription_id}, and writing them back did not keep them: put them back "
                "in iPaaS.com's portal with the values `ipaas-auth history --json` shows"
            )
        if problems:
            problem = "; ".join(problems)
            if self.recorder is not None:
                self.recorder.finish(handle, "failed", problem)
            raise ServerError(problem + ".")
        if self.recorder is not None:
            self.recorder.finish(handle, "ok", detail)

    async def _post_persistent_data(
        self, subscription_id: str, body: list[dict[str, Any]]
    ) -> Subscription:
        """POST items of the persistent data, then what iPaaS.com holds after it."""
        await self._call(
            "persistent_data", json_body=body, path={"subscription_id": subscription_id}
        )
        return await self.get_subscription(subscription_id)


def _dropped(others: list[PersistentDatum], after: Subscription) -> list[str]:
    """The names of items held before (not written by us) that iPaaS.com no longer holds."""
    held = {d.name for d in after.persistent_data}
    return sorted(d.name for d in others if d.name not in held)


def _datum(d: PersistentDatum) -> dict[str, Any]:
    return {"name": d.name, "value": d.value, "expiration_date_time": d.expiration_date_time}


def _wire_id(text: str) -> int | str:
    """An id as iPaaS.com's models type it: integration and subscription ids are JSON numbers
    (`long`); anything that is not a whole number stays text."""
    return int(text) if text.isascii() and text.isdigit() else text
