"""The console's three top-level screens, by the name the app installs each under: one table,
each screen imported only when first shown (start-up needs one of the three)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

TOP_LEVEL = ("integrations", "subscriptions", "profiles")


def top_level_screen(name: str) -> Screen[Any]:
    if name == "integrations":
        from tui.screens.integrations import IntegrationsScreen

        return IntegrationsScreen()
    if name == "subscriptions":
        from tui.screens.subscriptions import SubscriptionsScreen

        return SubscriptionsScreen()
    if name == "profiles":
        from tui.screens.profiles import ProfilesScreen

        return ProfilesScreen()
    raise ValueError(f"no top-level screen {name!r}; they are {', '.join(TOP_LEVEL)}")
