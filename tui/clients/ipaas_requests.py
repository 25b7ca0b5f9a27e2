"""The request plumbing of the iPaaS.com client: one endpoint of the table per call, its
candidate paths tried while the route is missing (remembering which one answered), GET retries
with backoff, and the session with its single-flight renewal: refreshed ahead of its expiry or
after a 401, and, when the refresh is refused, one log-in again by the owner's `relogin`.
`IpaasClient` (ipaas.py) builds the API's operations on it."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from config.endpoints import DEFAULT_TABLE, Endpoint, EndpointTable
from tui.clients import shapes as s
from tui.clients.errors import (
    ApiKeyRefusedError,
    NoPermissionError,
    SessionExpiredError,
    UnreachableError,
)
from tui.clients.http import REQUEST_TIMEOUT, new_async_client, send_capped
from tui.clients.ipaas_session import Session, session_from
from tui.clients.models import Page
from tui.clients.request_messages import key_refused, no_permission, waited
from tui.clients.responses import (
    json_body,
    no_route_error,
    raise_for_status,
    route_missing,
    total_count,
    total_pages,
)

PAGE_CONCURRENCY = 8
AHEAD_FRESH = 30.0  # seconds a first page read ahead stays good to show as fresh
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class IpaasRequests:
    """The plumbing under IpaasClient: the session and its single-flight refresh, candidate
    paths, retries, and reading answers. IpaasClient adds the API's operations on top."""

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
        # One call's whole budget: every attempt, and the backoff between them.
        self.timeout = REQUEST_TIMEOUT if timeout is None else timeout
        self._session: Session | None = None
        self.clock: Callable[[], float] = time.time  # when tokens expire (tests move it)
        # Told of every new session (log-in, company, refresh), e.g. to keep it for next time.
        self.on_session: Callable[[Session], None] | None = None
        # Logs in again when a refresh is refused; used once, then cleared (None: the session
        # ends, SessionExpiredError). Its own requests run in the renewing task.
        self.relogin: Callable[[], Awaitable[None]] | None = None
        self.answered: dict[str, str] = {}  # endpoint name -> the candidate path that answered
        self._refresh_lock = asyncio.Lock()
        self._renewing: asyncio.Task[Any] | None = None  # the task renewing the session now
        # First pages read ahead (`read_ahead`): list name -> (when, the request).
        self._ahead: dict[str, tuple[float, asyncio.Task[httpx.Response]]] = {}
        # A plain-http base (the loopback sandbox) never uses TLS: skip building an SSL context,
        # which costs ~35 ms of start-up. Every https base is verified as usual.
        self._http = new_async_client(  # timeouts, OS trust store, the debug trace
            timeout=timeout,
            verify=self.base_url.startswith("https:"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            transport=transport,
        )

    async def aclose(self) -> None:
        for _, task in self._ahead.values():
            task.cancel()
        self._ahead.clear()
        await self._http.aclose()

    def read_ahead(self, name: str) -> None:
        """Ask for the first page of list `name` now, alongside other requests, for a
        `_pages(name, {})` soon after (within AHEAD_FRESH) to take instead of asking then."""
        if name in self._ahead:
            return
        task = asyncio.ensure_future(self._call(name, query={"pageNumber": "1"}))
        # Read by `_pages`, or by nobody: its failure is then reported by the request made
        # instead, never as an unretrieved task exception.
        task.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._ahead[name] = (asyncio.get_running_loop().time(), task)

    async def _first_page(self, name: str, query: dict[str, str]) -> httpx.Response:
        """Page 1 of list `name`: the one read ahead when it is still fresh, else asked now."""
        ahead = self._ahead.pop(name, None) if not query else None
        if ahead is not None:
            when, task = ahead
            if asyncio.get_running_loop().time() - when < AHEAD_FRESH:
                return await task
            task.cancel()
        return await self._call(name, query={**query, "pageNumber": "1"})

    # --- sessions --------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self._session

    @session.setter
    def session(self, session: Session | None) -> None:
        self._session = session
        if session is not None and self.on_session is not None:
            self.on_session(session)

    def _require_session(self) -> Session:
        if self.session is None:
            raise SessionExpiredError("Not logged in to iPaaS.com (or the session ended); log in.")
        return self.session

    def _session_from(self, value: object, fallback: Session | None = None) -> Session:
        return session_from(value, self.clock(), fallback)

    async def _renew(self, stale_token: str, *, ahead: bool = False) -> None:
        """Single flight: the first request to find the token stale (expiring, or refused with
        a 401) refreshes it; the others wait and find a new token there. A refused refresh
        logs in again once through `relogin`, if set; otherwise it ends the session for all of
        them (SessionExpiredError), unless it was tried `ahead` of an expiry still to come:
        the token then serves until it expires, and no refresh is tried again."""
        if self._renewing is not None and self._renewing is asyncio.current_task():
            # A request of the log-in again itself was refused: no second one.
            raise SessionExpiredError("iPaaS.com refused the session just made; log in again.")
        async with self._refresh_lock:
            session = self._require_session()
            if session.access_token != stale_token:
                return
            if session.refresh_token and await self._refreshed(session):
                return
            relogin, self.relogin = self.relogin, None
            if relogin is None:
                if ahead and session.expires_at and self.clock() < session.expires_at:
                    self._session = dataclasses.replace(session, refresh_token="")
                    return
                self.session = None
                raise SessionExpiredError(
                    "Your iPaaS.com session has expired; log in again."
                    if session.refresh_token
                    else "Your iPaaS.com session has expired and cannot be refreshed; log in again."
                )
            self._renewing = asyncio.current_task()
            try:
                await relogin()
            finally:
                self._renewing = None

    async def _refreshed(self, session: Session) -> bool:
        """Refresh `session` (POST Auth/Refresh, documented); False when iPaaS.com refuses."""
        body = {"access_token": session.access_token, "refresh_token": session.refresh_token}
        response = await self._call("refresh", json_body=body, authenticated=False)
        if response.status_code != 200:
            return False
        self.session = self._session_from(
            json_body(response, self.endpoints["refresh"]), fallback=session
        )
        return True

    async def _current_session(self) -> Session:
        """The session to send with: after any renewal under way (a request starting while
        the session is being replaced would use a token about to go), and refreshed first when
        it is about to expire."""
        if self._refresh_lock.locked() and self._renewing is not asyncio.current_task():
            async with self._refresh_lock:
                pass
        session = self._require_session()
        if session.expiring(self.clock()) and self._renewing is not asyncio.current_task():
            await self._renew(session.access_token, ahead=True)
            session = self._require_session()
        return session

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
        """Every page's rows, in order."""
        rows: list[Any] = []
        async for page in self._pages(name, query):
            rows.extend(page.rows)
        return rows

    async def _pages(self, name: str, query: dict[str, str]) -> AsyncIterator[Page[Any]]:
        """The pages in order as they arrive, following `X-Pagination`: the first at once, the
        others fetched PAGE_CONCURRENCY at a time. Leaving the loop early cancels the rest."""
        what = f"the {name} list"
        endpoint = self.endpoints[name]
        first = await self._first_page(name, query)
        header = first.headers.get("X-Pagination")
        total, count = total_pages(header), total_count(header)
        yield Page(s.items(json_body(first, endpoint), what), 1, total, count)

        async def page(number: int) -> list[Any]:
            response = await self._call(name, query={**query, "pageNumber": str(number)})
            return s.items(json_body(response, endpoint), what)

        numbers = iter(range(2, total + 1))
        window: deque[tuple[int, asyncio.Task[list[Any]]]] = deque()
        try:
            while True:
                while len(window) < PAGE_CONCURRENCY and (number := next(numbers, None)):
                    window.append((number, asyncio.ensure_future(page(number))))
                if not window:
                    return
                number, head = window.popleft()
                yield Page(await head, number, total, count)
        finally:
            for _, task in window:
                task.cancel()

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
                response = await self._authorized(endpoint, template, url, query, content)
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
        template: str,
        url: str,
        query: Mapping[str, str] | None,
        content: str | None,
    ) -> httpx.Response:
        """Send with the session's token (refreshed first when about to expire); after a 401,
        renew it once (single flight) and retry.

        A failed refresh logs in again once if the owner set `relogin`, else ends the session
        (SessionExpiredError). A 401 that survives a
        successful refresh is iPaaS.com saying "no access" (DevelopmentUtility
        iPaaSCallWrapper.cs): the session is kept and NoPermissionError names the call. An API
        key has nothing to refresh: its 401 is ApiKeyRefusedError, naming the call too.
        """
        session = await self._current_session()
        token = session.access_token
        response = await self._send(endpoint, url, query, content, token=token)
        if response.status_code != 401:
            return response
        call = f"{endpoint.method} {template} ({endpoint.about})"
        if session.api_key:
            raise ApiKeyRefusedError(key_refused(call, response), call)
        await self._renew(token)
        token = self._require_session().access_token
        response = await self._send(endpoint, url, query, content, token=token)
        if response.status_code == 401:
            raise NoPermissionError(no_permission(call, response), call)
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
        """Send once, or for a GET retry a failed connection or a 5xx with backoff; all of it
        within one deadline, the per-request timeout, so that a trickling server costs that
        long and no more, and the message says how long it was."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        what = f"iPaaS.com at {self.base_url}"
        attempts = self.retries if endpoint.method == "GET" else 1
        clock = asyncio.get_running_loop()
        started = clock.time()
        deadline = started + self.timeout
        for attempt in range(1, attempts + 2):
            try:
                response = await send_capped(
                    self._http,
                    endpoint.method,
                    url,
                    what=what,
                    deadline=max(0.0, deadline - clock.time()),
                    params=query,
                    content=content,
                    headers=headers,
                )
            except httpx.ConnectError as exc:
                # Nothing was sent: safe to retry, writes included.
                if attempt <= attempts and await self._backoff(attempt, deadline):
                    continue
                why = waited(exc, attempt, min(clock.time() - started, self.timeout))
                raise UnreachableError(
                    f"Cannot reach iPaaS.com at {self.base_url} ({why}); check the network, VPN "
                    "or the profile's api_url."
                ) from exc
            except httpx.TransportError as exc:
                if (
                    endpoint.method == "GET"
                    and attempt <= attempts
                    and await self._backoff(attempt, deadline)
                ):
                    continue
                why = waited(exc, attempt, min(clock.time() - started, self.timeout))
                raise UnreachableError(
                    f"iPaaS.com at {self.base_url} did not answer ({why}); "
                    + (
                        "try again in a moment."
                        if endpoint.method == "GET"
                        else "the change may or may not have been saved: reload before retrying."
                    )
                ) from exc
            if (
                response.status_code >= 500
                and endpoint.method == "GET"
                and attempt <= attempts
                and await self._backoff(attempt, deadline)
            ):
                continue
            return response
        raise AssertionError("unreachable")  # the loop always returns or raises

    async def _backoff(self, attempt: int, deadline: float) -> bool:
        """Wait before attempt `attempt` + 1; False (no wait) when the deadline would pass
        before that attempt could even start."""
        delay = self.backoff * 2 ** (attempt - 1)
        if asyncio.get_running_loop().time() + delay >= deadline:
            return False
        await asyncio.sleep(delay)
        return True


def _fill(template: str, values: Mapping[str, str]) -> str:
    """A path with its placeholders filled, each value quoted (ids are opaque text)."""
    return _PLACEHOLDER.sub(lambda m: quote(str(values.get(m.group(1), "")), safe=""), template)
