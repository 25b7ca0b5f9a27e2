"""The company's subscriptions; Enter opens one (settings, tokens, Authenticate)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tui.screens import top_level
from tui.screens.listing import Fetched, FilteredListScreen
from tui.widgets.virtual_table import Column

if TYPE_CHECKING:  # httpx and the client load after the first frame
    from tui.clients.ipaas import IpaasClient
    from tui.clients.models import Page


class SubscriptionsScreen(FilteredListScreen):
    BINDINGS = [
        Binding(
            "T",
            "tokens",
            "All tokens",
            key_display="shift+t",
            id="subscriptions.tokens",
            tooltip="Every subscription's Zoho tokens, problems first; k checks them all",
        ),
    ]
    MODE = top_level.SUBSCRIPTIONS
    NOUN = "subscriptions"
    COLUMNS = (
        # Description from 80 columns: the table gives it what the names on screen leave
        # (tui/widgets/virtual_table.py give_spare), "Subscription to Generated Integration
        # 00001" whole beside the seed's names.
        Column("Name"),
        Column("Description", 30, min_total_width=80),
        Column("Id", 36, min_total_width=120),
    )

    async def pages(self, client: IpaasClient) -> AsyncIterator[tuple[list[Fetched], Page[Any]]]:
        async for page in client.subscription_pages():
            rows: list[Fetched] = [
                (s.id, (s.name, s.description, s.id), f"{s.name}\n{s.id}") for s in page.rows
            ]
            yield rows, page

    def action_tokens(self) -> None:
        from tui.screens.tokens_overview import TokensOverviewScreen

        self.app.push_screen(TokensOverviewScreen())

    def open_row(self, key: str) -> None:
        from tui.screens.subscription import SubscriptionScreen

        self.app.push_screen(SubscriptionScreen(key))
