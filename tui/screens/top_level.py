"""The console's three top-level screens, in one table: the mode each is shown in
(`App.MODES`), the key that shows it from the other two, and its screen, imported only when
first shown (start-up needs one of the three). Nothing else names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from textual.binding import Binding, BindingType
from textual.screen import Screen

INTEGRATIONS = "integrations"
SUBSCRIPTIONS = "subscriptions"
PROFILES = "profiles"


class TopLevel(NamedTuple):
    mode: str
    key: str
    description: str
    tooltip: str
    screen: Callable[[], Screen[Any]]


def _integrations() -> Screen[Any]:
    from tui.screens.integrations import IntegrationsScreen

    return IntegrationsScreen()


def _subscriptions() -> Screen[Any]:
    from tui.screens.subscriptions import SubscriptionsScreen

    return SubscriptionsScreen()


def _profiles() -> Screen[Any]:
    from tui.screens.profiles import ProfilesScreen

    return ProfilesScreen()


TOP_LEVEL = (
    TopLevel(INTEGRATIONS, "i", "Integrations", "The company's integrations", _integrations),
    TopLevel(SUBSCRIPTIONS, "s", "Subscriptions", "The company's subscriptions", _subscriptions),
    TopLevel(PROFILES, "o", "Profiles", "Environment profiles (profiles.toml)", _profiles),
)
FIRST = INTEGRATIONS  # the mode the console starts in
SCREENS: dict[str, Callable[[], Screen[Any]]] = {t.mode: t.screen for t in TOP_LEVEL}


def bindings() -> list[BindingType]:
    """The keys that go from one top-level screen to another (`go` is TopLevelScreen's)."""
    return [
        Binding(t.key, f"go({t.mode!r})", t.description, id=f"nav.{t.mode}", tooltip=t.tooltip)
        for t in TOP_LEVEL
    ]
