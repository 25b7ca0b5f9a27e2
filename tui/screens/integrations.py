"""The company's integrations: name, authorization type, versions; Enter opens one.

The list carries names only; the authorization type and the number of versions of the rows
on screen are fetched in the background (tui/core/prefetch.py) and filled in as they arrive.
"""

from __future__ import annotations

from textual import on
from textual.timer import Timer

from config.zoho import AUTHORIZATION_TYPES
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration
from tui.core.prefetch import Prefetcher
from tui.screens.listing import FilteredListScreen
from tui.widgets.virtual_table import Column, VirtualTable

SETTLE = 0.1  # seconds the rows on screen stay before their details are asked for


class IntegrationsScreen(FilteredListScreen):
    SCREEN_NAME = "integrations"
    NOUN = "integrations"
    COLUMNS = (
        Column("Name"),
        Column("Authorization", 16),
        Column("Versions", 8),
        Column("Id", 36, min_total_width=110),
    )

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self.details: Prefetcher[Integration] = Prefetcher(self._fetch_detail, self._arrived)
        self._settle: Timer | None = None

    async def fetch(self, client: IpaasClient) -> list[tuple[str, tuple[str, ...], str]]:
        summaries = await client.list_integrations()
        self.names = {s.id: s.name for s in summaries}
        self.details.forget()
        return [(s.id, self._row(s.id), f"{s.name}\n{s.id}") for s in summaries]

    def _row(self, integration_id: str) -> tuple[str, ...]:
        name = self.names.get(integration_id, "")
        detail = self.details.cache.get(integration_id)
        if detail is None:
            return (name, "…", "…", integration_id)
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

    def _arrived(self, key: str, integration: Integration) -> None:
        self.query_one(VirtualTable).update_row(key, self._row(key))

    async def _fetch_detail(self, integration_id: str) -> Integration:
        client = await self.console.connected_client()
        return await client.get_integration(integration_id)

    @on(VirtualTable.Viewed)
    def viewed(self, event: VirtualTable.Viewed) -> None:
        """Fill in the authorization type and versions of the rows on screen, once they stay
        there: typing a filter or holding page-down asks for nothing on the way."""
        if self._settle is not None:
            self._settle.stop()
        keys = event.keys
        if self.console.is_connected:
            self._settle = self.set_timer(SETTLE, lambda: self.details.want(keys))
