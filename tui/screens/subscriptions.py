"""The company's subscriptions; Enter opens one (settings, tokens, Authenticate)."""

from __future__ import annotations

from tui.clients.ipaas import IpaasClient
from tui.screens.listing import FilteredListScreen
from tui.widgets.virtual_table import Column


class SubscriptionsScreen(FilteredListScreen):
    SCREEN_NAME = "subscriptions"
    NOUN = "subscriptions"
    COLUMNS = (
        Column("Name"),
        Column("Description", 30, min_total_width=100),
        Column("Id", 36, min_total_width=120),
    )

    async def fetch(self, client: IpaasClient) -> list[tuple[str, tuple[str, ...], str]]:
        rows = await client.list_subscriptions()
        return [(s.id, (s.name, s.description, s.id), f"{s.name}\n{s.id}") for s in rows]

    def open_row(self, key: str) -> None:
        from tui.screens.subscription import SubscriptionScreen

        self.app.push_screen(SubscriptionScreen(key))
