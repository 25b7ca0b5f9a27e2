"""The company's integrations: name, authorization type, versions; Enter opens one.

The list carries names only; the authorization type and the number of versions of the rows
on screen are fetched in the background (tui/core/prefetch.py) and filled in as they arrive.
"""

from __future__ import annotations

from textual import on

from config.zoho import AUTHORIZATION_TYPES
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration
from tui.core.prefetch import Prefetcher
from tui.screens.listing import FilteredListScreen, Listing
from tui.widgets.virtual_table import BuiltRows, Column, VirtualTable


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
        # Two lists of strings the summaries already hold, not a tuple or a dict entry per row.
        self.ids: list[str] = []
        self.names: list[str] = []
        self.details: Prefetcher[Integration] = Prefetcher(self._fetch_detail, self._arrived)

    async def fetch(self, client: IpaasClient) -> Listing:
        summaries = await client.list_integrations()
        self.details.forget()
        self.ids = [s.id for s in summaries]
        self.names = [s.name for s in summaries]
        texts = (f"{name}\n{key}" for name, key in zip(self.names, self.ids, strict=True))
        return Listing(self.ids, BuiltRows(self.ids, self._row_at), texts)

    def _row_at(self, index: int) -> tuple[str, ...]:
        integration_id = self.ids[index]
        detail = self.details.cache.get(integration_id)
        if detail is None:
            return (self.names[index], "…", "…", integration_id)
        type_id = detail.authorization_type_id
        kind = "—" if type_id is None else AUTHORIZATION_TYPES.get(type_id, str(type_id))
        return (self.names[index], kind, str(len(detail.versions)), integration_id)

    def open_row(self, key: str) -> None:
        from tui.screens.integration import IntegrationScreen

        self.app.push_screen(IntegrationScreen(key), callback=self.remember_detail)

    def remember_detail(self, integration: Integration | None) -> None:
        if integration is not None:
            self.details.remember(integration.id, integration)
            self._arrived(integration.id, integration)

    def _arrived(self, key: str, integration: Integration) -> None:
        self.query_one(VirtualTable).refresh_key(key)

    async def _fetch_detail(self, integration_id: str) -> Integration:
        client = await self.console.connected_client()
        return await client.get_integration(integration_id)

    @on(VirtualTable.Viewed)
    def viewed(self, event: VirtualTable.Viewed) -> None:
        """Fill in the authorization type and versions of the rows on screen."""
        if self.console.is_connected:
            self.details.want(event.keys)
