"""The company's integrations: name, authorization type, versions; Enter opens one."""

from __future__ import annotations

from textual import on, work
from textual.timer import Timer

from config.zoho import AUTHORIZATION_TYPES
from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration
from tui.screens.listing import FilteredListScreen
from tui.widgets.virtual_table import Column, VirtualTable

DETAIL_DELAY = 0.15  # seconds the cursor rests before its row's details are fetched


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
        self.details: dict[str, Integration] = {}
        self._detail_timer: Timer | None = None

    async def fetch(self, client: IpaasClient) -> list[tuple[str, tuple[str, ...], str]]:
        summaries = await client.list_integrations()
        self.names = {s.id: s.name for s in summaries}
        self.details.clear()
        return [(s.id, self._row(s.id), f"{s.name}\n{s.id}") for s in summaries]

    def _row(self, integration_id: str) -> tuple[str, ...]:
        name = self.names.get(integration_id, "")
        detail = self.details.get(integration_id)
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
            self.details[integration.id] = integration
            self.query_one(VirtualTable).update_row(integration.id, self._row(integration.id))

    @on(VirtualTable.Highlighted)
    def highlighted(self, event: VirtualTable.Highlighted) -> None:
        """Fill in the authorization type and versions of the row the cursor rests on."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        key = event.key
        if key and key not in self.details and self.console.is_connected:
            # Wait for the cursor (or the filter) to settle: one request, not one per keystroke.
            self._detail_timer = self.set_timer(DETAIL_DELAY, lambda: self.load_detail(key))

    @work(exclusive=True, group="integration-detail", exit_on_error=False)
    async def load_detail(self, integration_id: str) -> None:
        try:
            client = await self.console.connected_client()
            self.remember_detail(await client.get_integration(integration_id))
        except ApiError:
            return  # only a nicety here; opening the row reports the error
