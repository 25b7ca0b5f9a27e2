"""The sandbox's iPaaS.com sessions: log-in, refresh, API keys, company scope, the token and
role checks every other route is guarded by, and paging. `IpaasSimulator` (ipaas.py) serves
the integrations and subscriptions on top of it."""

from __future__ import annotations

import json
import math
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from tui.sandbox import evidence
from tui.sandbox.clock import Clock
from tui.sandbox.ipaas_data import IpaasData, User
from tui.sandbox.routing import Handler, Request, Response, error, json_response

PAGE_SIZE = 100
# One body for every 401 of a valid-looking request: an expired token and no access to the
# company's integrators area look alike (evidence.NO_ACCESS_STATUS).
UNAUTHORIZED = "The access token is invalid or expired."
Access = Literal["user", "company", "writer"]


@dataclass
class Session:
    user: User
    company_id: str | None  # None: a user-level token, good only for /sso
    expires_at: float
    refresh_token: str


GuardedHandler = Callable[[Request, "Session"], Response]


class IpaasSessions:
    """Who is logged in, with which token, scoped to which company."""

    def __init__(self, data: IpaasData, clock: Clock, token_lifetime: float = 3600) -> None:
        self.data = data
        self.clock = clock
        self.token_lifetime = token_lifetime
        self.page_size = PAGE_SIZE
        self.lock = threading.Lock()
        self.sessions: dict[str, Session] = {}  # access token -> session

    # --- sessions ------------------------------------------------------------------------

    def _issue(self, user: User, company_id: str | None) -> dict[str, Any]:
        token = "ipaas-at-" + secrets.token_urlsafe(24)
        expires = self.clock.now() + self.token_lifetime
        session = Session(user, company_id, expires, "ipaas-rt-" + secrets.token_urlsafe(24))
        self.sessions[token] = session
        return {
            "id": user.id,
            "name": user.name,
            "email_address": user.email,
            "access_token": token,
            "access_token_expiration": datetime.fromtimestamp(expires, UTC).isoformat(),
            "refresh_token": session.refresh_token,
            "return_url": "",
            "permissions": [],
            "tracking_guid": None,
        }

    def _session(self, request: Request, needs_company: bool = True) -> Session | Response:
        token = request.bearer()
        if token is None:
            return error(401, "Missing bearer token.")
        if token in self.data.api_keys:
            user = next(u for u in self.data.users.values() if u.id == self.data.api_keys[token])
            # A key is created inside one company and works there as it is (help "API
            # Keys"; iPaaS.com's tools never call ChangeCompany with one).
            return Session(user, self.data.company_id, math.inf, "")
        session = self.sessions.get(token)
        if session is None or session.expires_at <= self.clock.now():
            return error(401, UNAUTHORIZED)
        if needs_company and session.company_id is None:
            return error(403, "This token is not scoped to a company; call ChangeCompany first.")
        return session

    def _guard(self, handler: GuardedHandler, access: Access, integrators: bool = False) -> Handler:
        """Check the bearer token (and the company scope, access to the /integrators area,
        and the right to write) first."""

        def guarded(request: Request) -> Response:
            session = self._session(request, needs_company=access != "user")
            if isinstance(session, Response):
                return session
            designation = session.user.designation
            if integrators and designation not in evidence.INTEGRATORS_AREA:
                return error(evidence.NO_ACCESS_STATUS, UNAUTHORIZED)
            if access == "writer" and designation not in evidence.WRITERS:
                return error(403, "Only a MiSP or an Integrator may change this.")
            if access != "user" and session.company_id != self.data.company_id:
                # The extra companies are empty: lists are empty, anything named is not found.
                return self._page([], request) if not request.params else error(404, "Not found.")
            return handler(request, session)

        return guarded

    def login(self, request: Request) -> Response:
        body = request.json()
        if not isinstance(body, dict):
            return error(400, "The body must be a log-in request as JSON.")
        if not _guid_or_null(body.get("tracking_guid")):
            # What ASP.NET's model binding answers when a Guid? field gets "" or other text.
            return error(400, "The JSON value could not be converted to System.Nullable`1[Guid].")
        user = self.data.users.get(str(body.get("email_address", "")).lower())
        if user is None or body.get("password") != user.password:
            return error(401, "Invalid email address or password.")
        with self.lock:
            return json_response(self._issue(user, None))

    def refresh(self, request: Request) -> Response:
        body = request.json()
        if not isinstance(body, dict):
            return error(400, "The body must be a refresh request as JSON.")
        with self.lock:
            session = self.sessions.get(str(body.get("access_token", "")))
            if session is None or session.refresh_token != body.get("refresh_token"):
                return error(401, "Invalid refresh token; log in again.")
            del self.sessions[str(body["access_token"])]
            return json_response(self._issue(session.user, session.company_id))

    def companies(self, request: Request, session: Session) -> Response:
        if request.params["user_id"] != session.user.id:
            return error(403, "You can only list your own companies.")
        designation = session.user.designation
        designation_id = evidence.DESIGNATION_IDS[designation]
        return json_response(
            [
                {
                    "id": company_id,
                    "name": name,
                    "logo": "",
                    "designation_id": designation_id,
                    "user_type_id": 1,
                    "designations": {str(designation_id): designation},
                }
                for company_id, name in self.data.companies.items()
            ]
        )

    def change_company(self, request: Request, session: Session) -> Response:
        company_id = request.params["company_id"].lower()
        if company_id not in self.data.companies:
            return error(404, "No such company for this user.")
        with self.lock:
            return json_response(self._issue(session.user, company_id))

    def _page(self, rows: list[dict[str, Any]], request: Request) -> Response:
        try:
            page = max(1, int(request.query.get("pageNumber", "1")))
        except ValueError:
            return error(400, "pageNumber must be a number.")
        total_pages = max(1, math.ceil(len(rows) / self.page_size))
        chunk = rows[(page - 1) * self.page_size : page * self.page_size]
        header = json.dumps(
            {
                "current_Page": page,
                "total_Pages": total_pages,
                "page_Size": self.page_size,
                "total_Count": len(rows),
            }
        )
        return json_response(chunk, headers={"X-Pagination": header})


def _guid_or_null(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
