"""The company's integrations: name, authorization type, versions; Enter opens one.

The list carries names only; the authorization type and the number of versions of the rows
on screen are fetched in the background (tui/core/prefetch.py) and filled in as they arrive.

Sized for 100,000 integrations: the screen keeps no copy of the list of its own. The table
holds each id and name once (its name column is the only id -> name store), the filter holds
its search texts, and descriptions, which the list never shows, are not kept at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.timer import Timer

from tui.core import list_cache
from tui.core.connection_state import ConnectionState, Phase
from tui.core.prefetch import Prefetcher
from tui.screens import top_level
from tui.screens.listing import Fetched, FilteredListScreen, Rows
from tui.widgets.virtual_table import Column, VirtualTable

if TYPE_CHECKING:  # httpx and the client load after the first frame
    from tui.clients.ipaas import IpaasClient
    from tui.clients.models import Integration, Page

SETTLE = 0.1  # seconds the rows on screen stay before their details are asked for


class IntegrationsScreen(FilteredListScreen):
    MODE = top_level.INTEGRATIONS
    NOUN = "integrations"
    COLUMNS = (
        Column("Name"),
        # Wide enough for "OAuth Initiated within iPaaS" (the seed's type), whole; the name
        # takes the rest. Until the details arrive, "…".
        Column("Authorization", 28, usually="…"),
        Column("Versions", 8, usually="…"),
        Column("Id", 36, min_total_width=110),
    )

    def __init__(self) -> None:
        super().__init__()
        self.details: Prefetcher[Integration] = Prefetcher(self._fetch_detail, self._arrived)
        self._settle: Timer | None = None
        self._fresh_shown = False  # a list from iPaaS.com has been shown (not only a cache's)

    async def pages(self, client: IpaasClient) -> AsyncIterator[tuple[list[Fetched], Page[Any]]]:
        async for page in client.integration_pages():
            # Reloaded: forget the details of the list shown before. (The first load's are
            # kept: those of the cached rows were asked for at the same time as the list.)
            if page.number == 1 and self._fresh_shown:
                self.details.forget()
            rows = [(s.id, self._row(s.id, s.name), f"{s.name}\n{s.id}") for s in page.rows]
            yield rows, page

    def show_cached(self) -> None:
        """The last list of this profile from the cache; for the console's own sandbox
        without one (a first run), the list that sandbox starts with."""
        options = self.console.connection.options
        identity = list_cache.identity_at_start(options.profile, options.sandbox)
        cached = list_cache.load(identity) if identity is not None else None
        if cached is not None and cached.rows:
            capped = (
                f"first {len(cached.rows):,} of {cached.total:,}, "
                if cached.total > len(cached.rows)
                else ""
            )
            found, note = cached.rows, f"{capped}cached {cached.age()}"
        elif identity == list_cache.EMBEDDED_SANDBOX:
            from tui.sandbox.demo import starting_integrations

            starting = list_cache.embedded_sandbox_rows(starting_integrations())
            found, note = starting, "the sandbox's starting list"
        else:
            return
        del cached
        self.refreshing = "refreshing…"
        rows = Rows(self.COLUMNS)
        rows.add([(i, self._row(i, name), f"{name}\n{i}") for i, name in found])
        del found  # its tuples: the rows are held once, by the table
        self.show_rows(rows, note=note)

    def connection_changed(self, state: ConnectionState) -> None:
        """Once connected, alongside the fresh list, not after it: the details of the cached
        rows on screen, and the subscriptions' first page (s then shows it without a wait)."""
        super().connection_changed(state)
        if state.phase is not Phase.CONNECTED:
            return
        if self.keys:
            self.details.want(self.query_one(VirtualTable).visible_keys())
        session = state.session
        if session is not None and session.client is not None:
            session.client.read_ahead("subscriptions")

    def loaded(self) -> None:
        self._fresh_shown = True
        session = self.console.connection.session
        if session is None or session.client is None or session.client.session is None:
            return
        profile = session.profile
        identity = list_cache.identity_of(
            profile.name, profile.environment, profile.api_url, profile.company_id
        )
        company = session.client.session.company_id or ""
        table = self.query_one(VirtualTable)
        # A fresh list that replaced cached rows in place moved nothing, so no Viewed message
        # asks for the details of the rows on screen: ask here (those already known are kept).
        self.details.want(table.visible_keys())
        # Only what the cache keeps, sliced off the table's own lists (not 100,000 tuples):
        # the thread that writes it must not read lists the screen may change meanwhile.
        keys = table.keys[: list_cache.MAX_ROWS]
        names = list(table.rows.column(0)[: list_cache.MAX_ROWS])
        self._save_cache(identity, company, keys, names, len(table.keys))

    @work(group="list-cache", exit_on_error=False)
    async def _save_cache(
        self,
        identity: list_cache.Identity,
        company: str,
        keys: list[str],
        names: list[str],
        total: int,
    ) -> None:
        rows = zip(keys, names, strict=True)
        await asyncio.to_thread(list_cache.save, identity, company, rows, total)

    def _row(self, integration_id: str, name: str) -> tuple[str, ...]:
        detail = self.details.cache.get(integration_id)
        if detail is None:
            return (name, "…", "…", integration_id)
        from config.zoho import AUTHORIZATION_TYPES  # lazy: details come after the first frame

        type_id = detail.authorization_type_id
        kind = "—" if type_id is None else AUTHORIZATION_TYPES.get(type_id, str(type_id))
        return (name, kind, str(len(detail.versions)), integration_id)

    def open_row(self, key: str) -> None:
        from tui.screens.integration import IntegrationScreen

        self.app.push_screen(IntegrationScreen(key), callback=self.remember_detail)

    def remember_detail(self, integration: Integration | None) -> None:
        if integration is not None:
            self.details.remember(integration.id, integration)
            self._arrived(integration.id, integration)

    def retire(self) -> None:
        self.details.forget()  # the detail requests under way and queued

    def on_unmount(self) -> None:
        """Quitting stops the detail requests too: none outlives the console."""
        self.details.forget()

    def _arrived(self, key: str, integration: Integration) -> None:
        # Uninstalled meanwhile (another profile is in use), or its table already removed on
        # the way out.
        tables = self.query(VirtualTable) if self.is_attached else ()
        if not tables:
            return
        table = tables.first()
        row = table.row_of(key)
        if row is not None:
            table.update_row(key, self._row(key, row[0]))

    async def _fetch_detail(self, integration_id: str) -> Integration:
        client = await self.console.connection.client()
        return await client.get_integration(integration_id)

    @on(VirtualTable.Viewed)
    def viewed(self, event: VirtualTable.Viewed) -> None:
        """Fill in the authorization type and versions of the rows on screen, once they stay
        there: typing a filter or holding page-down asks for nothing on the way."""
        if self._settle is not None:
            self._settle.stop()
        keys = event.keys
        if self.console.connection.is_connected:
            self._settle = self.set_timer(SETTLE, lambda: self.details.want(keys))
