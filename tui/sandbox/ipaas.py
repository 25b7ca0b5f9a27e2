"""The iPaaS.com side of the sandbox: the paths and JSON of ../shared/docs/ipaas-api.md.

Routing, integrations, versions and subscriptions here; log-in, tokens, the guards and paging
in ipaas_sessions.py; the answers' shapes and the writes' rules in ipaas_shapes.py and
evidence.py (the worst case the evidence allows)."""

from __future__ import annotations

import copy
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from config.endpoints import BY_NAME
from tui.sandbox import evidence, ipaas_shapes
from tui.sandbox.clock import Clock
from tui.sandbox.ipaas_data import IpaasData
from tui.sandbox.ipaas_sessions import PAGE_SIZE, IpaasSessions, Session
from tui.sandbox.listing_cache import ListingCache
from tui.sandbox.routing import Handler, Request, Response, Router, error, json_response

__all__ = ["PAGE_SIZE", "IpaasSimulator", "Session"]


class IpaasSimulator(IpaasSessions):
    """iPaaS.com as the endpoint table describes it: each handler is registered by endpoint
    NAME and served at the method and first path of config/endpoints.py (one source). Tests
    move a route (`serve_at`) or remove it (`disable`) to play a server that differs."""

    def __init__(
        self,
        data: IpaasData,
        clock: Clock,
        token_lifetime: float = 3600,
        integrators_read: bool = True,
    ) -> None:
        super().__init__(data, clock, token_lifetime)
        self.faults: deque[int] = deque()  # statuses the next requests answer (an outage drill)
        self.listings = ListingCache()
        self.calls: Counter[str] = Counter()  # endpoint name -> requests that reached it
        self.observers: list[Callable[[Request, Response], None]] = []  # after each answer
        self.requests: deque[tuple[str, str]] = deque(maxlen=1000)  # (method, path), recent
        self.handlers: dict[str, Handler] = {
            "login": self.login,
            "refresh": self.refresh,
            "companies": self._guard(self.companies, "user"),
            "change_company": self._guard(self.change_company, "user"),
            "integrations": self._guard(self.list_integrations, "company"),
            "integration": self._guard(self.get_integration, "company"),
            "integration_edit": self._guard(self.get_integration_edit, "company", True),
            "update_integration": self._guard(self.update_integration, "writer", True),
            "update_version": self._guard(self.update_version, "writer", True),
            "subscriptions": self._guard(self.list_subscriptions, "company"),
            "subscription": self._guard(self.get_subscription, "company"),
            "update_subscription": self._guard(self.update_subscription, "writer"),
            "persistent_data": self._guard(self.persistent_data, "writer"),
        }
        self.paths: dict[str, str | None] = {name: BY_NAME[name].path for name in self.handlers}
        # Endpoints answered as routes this server lacks (see `hide`).
        self.hidden: set[str] = set() if integrators_read else {"integration_edit"}
        self.router = self._build_router()

    @property
    def integrators_read(self) -> bool:
        """Whether the assumed integrators read (`integration_edit`) is served."""
        return "integration_edit" not in self.hidden

    def serve_at(self, name: str, path: str | None) -> None:
        """Serve endpoint `name` at `path` instead (None: not at all, a route that is gone)."""
        with self.lock:
            self.paths[name] = path
            self.router = self._build_router()

    def disable(self, name: str) -> None:
        self.serve_at(name, None)

    def hide(self, name: str) -> None:
        """Answer endpoint `name` as a route iPaaS.com does not have: 404 with an empty body,
        also where another method's route shares its path (`disable` leaves a 405 there)."""
        with self.lock:
            self.hidden.add(name)
            self.router = self._build_router()

    def replace_handler(self, name: str, handler: Handler) -> None:
        """Answer endpoint `name` with `handler` (no token check): a server gone odd."""
        with self.lock:
            self.handlers[name] = handler
            self.router = self._build_router()

    def routes(self) -> set[tuple[str, str]]:
        """(method, path) of every iPaaS.com route served now."""
        return {
            (BY_NAME[n].method, p)
            for n, p in self.paths.items()
            if p is not None and n not in self.hidden
        }

    def _build_router(self) -> Router:
        router = Router()
        for name, handler in self.handlers.items():
            path = self.paths[name]
            if path is None:
                continue
            if name in self.hidden:
                router.add(BY_NAME[name].method, path, lambda _: evidence.missing_route())
            else:
                router.add(BY_NAME[name].method, path, self._counted(name, handler))
        return router

    def _counted(self, name: str, handler: Handler) -> Handler:
        def counted(request: Request) -> Response:
            with self.lock:
                self.calls[name] += 1
            return handler(request)

        return counted

    def dispatch(self, request: Request) -> Response | None:
        """Route `request`, unless a simulated outage answers it first."""
        with self.lock:
            self.requests.append((request.method, request.path))
            fault = self.faults.popleft() if self.faults else None
        if fault is not None:
            return error(fault, "Simulated outage.")
        response = self.router.dispatch(request)
        if response is not None:
            for observe in list(self.observers):
                observe(request, response)
        return response

    # --- integrations --------------------------------------------------------------------

    def list_integrations(self, request: Request, session: Session) -> Response:
        by_name = request.query.get("sortBy", "").lower() == "name"
        rows = self.listings.rows(
            "integrations by name" if by_name else "integrations",
            len(self.data.integrations),
            lambda: self._integration_rows(by_name),
        )
        return self._page(rows, request)

    def _integration_rows(self, by_name: bool) -> list[dict[str, Any]]:
        with self.lock:
            integrations = list(self.data.integrations.values())
        # Lookup rows carry the id as a string (DevelopmentUtility's lookup model).
        keys = ("name", "description", "mapping_collection_type_id", "image_url")
        rows = [{"id": str(i["id"]), **{k: i[k] for k in keys}} for i in integrations]
        if by_name:
            rows.sort(key=lambda row: str(row["name"]).lower())
        return rows

    def _integration(self, request: Request) -> dict[str, Any] | None:
        return self.data.integrations.get(request.params["integration_id"])

    def get_integration(self, request: Request, session: Session) -> Response:
        """The documented /subscriptions read: SystemTypeResponse, no OAuth fields."""
        integration = self._integration(request)
        if integration is None:
            return error(404, "Integration not found.")
        with self.lock:
            return json_response(ipaas_shapes.system_type(integration, self.data.fields_shape))

    def get_integration_edit(self, request: Request, session: Session) -> Response:
        """The assumed integrators read: authorization type and VersionResponse versions."""
        integration = self._integration(request)
        if integration is None:
            return error(404, "Integration not found.")
        with self.lock:
            return json_response(ipaas_shapes.integration_edit(integration))

    def update_integration(self, request: Request, session: Session) -> Response:
        """Replaces the integration's own fields (a left-out one is nulled); keeps versions."""
        integration = self._integration(request)
        if integration is None:
            return error(404, "Integration not found.")
        fields = ipaas_shapes.integration_request(request.json())
        if isinstance(fields, Response):
            return fields
        with self.lock:
            renamed = integration["name"] != fields["name"]
            integration.update(fields)
            result = json_response(ipaas_shapes.integration_edit(integration))
        if renamed:  # outside self.lock: a listing being built holds the cache's lock first
            self.listings.invalidate()
        return result

    def update_version(self, request: Request, session: Session) -> Response:
        """Replaces the whole version (VersionRequest); custom_fields only as the list."""
        version_id = request.params["version_id"].lower()
        versions = (self._integration(request) or {}).get("versions", [])
        version = next((v for v in versions if v["id"] == version_id), None)
        if version is None:
            return error(404, "Integration version not found.")
        fields = ipaas_shapes.version_request(request.json())
        if isinstance(fields, Response):
            return fields
        with self.lock:
            version.update(fields)
            return json_response(ipaas_shapes.version_response(version))

    # --- subscriptions -------------------------------------------------------------------

    def list_subscriptions(self, request: Request, session: Session) -> Response:
        rows = self.listings.rows(
            "subscriptions", len(self.data.subscriptions), self._subscription_rows
        )
        return self._page(rows, request)

    def _subscription_rows(self) -> list[dict[str, Any]]:
        with self.lock:
            subscriptions = list(self.data.subscriptions.values())
        return [
            {
                "id": s["id"],  # a number, like the real API; so is "type", the integration id
                "type": s["integration_id"],
                "name": s["name"],
                "description": s["description"],
                "value": s["id"],
                "attached_items_count": 0,
                "image_url": "",
            }
            for s in subscriptions
        ]

    def get_subscription(self, request: Request, session: Session) -> Response:
        subscription = self.data.subscriptions.get(request.params["subscription_id"])
        if subscription is None:
            return error(404, "Subscription not found.")
        with self.lock:
            result = copy.deepcopy(subscription)
        if "persistentdata" not in request.query.get("include", "").lower():
            result.pop("persistent_data")
        return json_response(result)

    def update_subscription(self, request: Request, session: Session) -> Response:
        subscription = self.data.subscriptions.get(request.params["subscription_id"])
        if subscription is None:
            return error(404, "Subscription not found.")
        body = request.json()
        settings = body.get("settings") if isinstance(body, dict) else None
        if not isinstance(settings, dict):
            return error(400, "The body needs a settings object.")
        with self.lock:
            subscription["settings"].update({str(k): str(v) for k, v in settings.items()})
            changed = _rename(subscription, body)
            result = json_response(copy.deepcopy(subscription))
        if changed:  # outside self.lock: a listing being built holds the cache's lock first
            self.listings.invalidate()
        return result

    def persistent_data(self, request: Request, session: Session) -> Response:
        subscription = self.data.subscriptions.get(request.params["subscription_id"])
        if subscription is None:
            return error(404, "Subscription not found.")
        body = request.json()
        if not isinstance(body, list) or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) for item in body
        ):
            return error(400, "The body must be a list of {name, value, expiration_date_time}.")
        # Whether iPaaS.com merges or replaces is documented nowhere: the worst case, the list
        # sent becomes the whole list (tui/sandbox/evidence.py).
        stored = {
            item["name"]: {
                "name": item["name"],
                "value": str(item.get("value", "")),
                "expiration_date_time": item.get("expiration_date_time"),
            }
            for item in body
        }
        with self.lock:
            subscription["persistent_data"] = list(stored.values())
        return json_response({"status": "success"})


def _rename(item: dict[str, Any], body: dict[str, Any]) -> bool:
    """Apply a PUT's name and description to `item`; True when that changes a listing."""
    renamed = {k: body[k] for k in ("name", "description") if isinstance(body.get(k), str)}
    changed = any(item[k] != v for k, v in renamed.items())
    item.update(renamed)
    return changed
