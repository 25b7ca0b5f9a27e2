"""The iPaaS.com side of the sandbox: the paths and JSON of ../shared/docs/ipaas-api.md.

Routing, integrations, versions and subscriptions here; log-in, tokens, the guards and paging
in ipaas_sessions.py."""

from __future__ import annotations

import copy
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from config.endpoints import BY_NAME
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

    def __init__(self, data: IpaasData, clock: Clock, token_lifetime: float = 3600) -> None:
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
            "update_integration": self._guard(self.update_integration, "writer"),
            "update_version": self._guard(self.update_version, "writer"),
            "subscriptions": self._guard(self.list_subscriptions, "company"),
            "subscription": self._guard(self.get_subscription, "company"),
            "update_subscription": self._guard(self.update_subscription, "writer"),
            "persistent_data": self._guard(self.persistent_data, "writer"),
        }
        self.paths: dict[str, str | None] = {name: BY_NAME[name].path for name in self.handlers}
        self.router = self._build_router()

    def serve_at(self, name: str, path: str | None) -> None:
        """Serve endpoint `name` at `path` instead (None: not at all, a route that is gone)."""
        with self.lock:
            self.paths[name] = path
            self.router = self._build_router()

    def disable(self, name: str) -> None:
        self.serve_at(name, None)

    def replace_handler(self, name: str, handler: Handler) -> None:
        """Answer endpoint `name` with `handler` (no token check): a server gone odd."""
        with self.lock:
            self.handlers[name] = handler
            self.router = self._build_router()

    def routes(self) -> set[tuple[str, str]]:
        """(method, path) of every iPaaS.com route served now."""
        return {(BY_NAME[n].method, p) for n, p in self.paths.items() if p is not None}

    def _build_router(self) -> Router:
        router = Router()
        for name, handler in self.handlers.items():
            path = self.paths[name]
            if path is not None:
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

    def _wire_version(self, version: dict[str, Any]) -> dict[str, Any]:
        """A stored version as the API sends it, custom_fields in this sandbox's shape."""
        out = copy.deepcopy(version)
        if self.data.fields_shape == "dict":
            out["custom_fields"] = {f["key"]: f["value"] for f in version["custom_fields"]}
        return out

    def _wire_integration(self, integration: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(integration)
        out["versions"] = [self._wire_version(v) for v in integration["versions"]]
        return out

    def get_integration(self, request: Request, session: Session) -> Response:
        integration = self.data.integrations.get(request.params["integration_id"])
        if integration is None:
            return error(404, "Integration not found.")
        with self.lock:
            return json_response(self._wire_integration(integration))

    def update_integration(self, request: Request, session: Session) -> Response:
        integration = self.data.integrations.get(request.params["integration_id"])
        if integration is None:
            return error(404, "Integration not found.")
        body = request.json()
        if not isinstance(body, dict):
            return error(400, "The body must be the integration as JSON.")
        if "id" in body and not _is_long(body["id"]):
            return error(400, "The JSON value could not be converted to System.Int64 (id).")
        type_id = body.get("oauth_authorization_type_id")
        if not isinstance(type_id, int) or isinstance(type_id, bool) or not 0 <= type_id <= 4:
            return error(400, "oauth_authorization_type_id must be 0-4.")
        with self.lock:
            integration["oauth_authorization_type_id"] = type_id
            changed = _rename(integration, body)
            result = json_response(self._wire_integration(integration))
        if changed:  # outside self.lock: a listing being built holds the cache's lock first
            self.listings.invalidate()
        return result

    def update_version(self, request: Request, session: Session) -> Response:
        integration = self.data.integrations.get(request.params["integration_id"])
        version = next(
            (
                v
                for v in (integration or {}).get("versions", [])
                if v["id"] == request.params["version_id"].lower()
            ),
            None,
        )
        if version is None:
            return error(404, "Integration version not found.")
        body = request.json()
        if not isinstance(body, dict):
            return error(400, "The body must be the version as JSON.")
        if "id" in body and not isinstance(body["id"], str):
            return error(400, "The JSON value could not be converted to System.String (id).")
        if "parent_id" in body and not _is_long(body["parent_id"]):
            return error(400, "The JSON value could not be converted to System.Int64 (parent_id).")
        fields = _read_fields(body.get("custom_fields"), self.data.fields_shape)
        if fields is None:
            shape = (
                "an object of {key: value}"
                if self.data.fields_shape == "dict"
                else "a list of {key, value, available_in_api}"
            )
            return error(400, f"custom_fields must be {shape}.")
        with self.lock:
            for key in ("oauth_url_template", "oauth_identifier_field"):
                version[key] = str(body.get(key) or "")
            version["oauth_success_callback_field"] = str(
                body.get("oauth_success_callback_field") or ""
            )
            version["custom_fields"] = fields
            return json_response(self._wire_version(version))

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
        with self.lock:
            stored = {item["name"]: item for item in subscription["persistent_data"]}
            for item in body:
                stored[item["name"]] = {
                    "name": item["name"],
                    "value": str(item.get("value", "")),
                    "expiration_date_time": item.get("expiration_date_time"),
                }
            subscription["persistent_data"] = list(stored.values())
        return json_response({"status": "success"})


def _is_long(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_fields(value: object, shape: str) -> list[dict[str, Any]] | None:
    """custom_fields from a request body in `shape`, stored as a list; None if malformed."""
    if value is None:
        return []
    if shape == "dict":
        if not isinstance(value, dict) or not all(
            isinstance(v, str | None) for v in value.values()
        ):
            return None
        return [{"key": k, "value": v or "", "available_in_api": None} for k, v in value.items()]
    if not isinstance(value, list) or not all(
        isinstance(f, dict) and isinstance(f.get("key"), str) for f in value
    ):
        return None
    return [
        {
            "key": f["key"],
            "value": str(f.get("value") or ""),
            "available_in_api": f.get("available_in_api")
            if isinstance(f.get("available_in_api"), bool)
            else None,
        }
        for f in value
    ]


def _rename(item: dict[str, Any], body: dict[str, Any]) -> bool:
    """Apply a PUT's name and description to `item`; True when that changes a listing."""
    renamed = {k: body[k] for k in ("name", "description") if isinstance(body.get(k), str)}
    changed = any(item[k] != v for k, v in renamed.items())
    item.update(renamed)
    return changed
