"""After a resize every screen looks as it would had the console started at that size: no stray
glyph left from the size before (issue 19). Each screen is resized and compared cell by cell,
glyph and style, with a fresh console opened at the same size and brought to the same place
(or, where a screen shows a one-time value such as the sign-in's state, with itself before the
round trip)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.console import (
    open_authenticate,
    open_zoho_version,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_auth_profile,
    write_profiles,
)
from tests.hostile import screen_strips
from tui.app import IpaasAuthApp, create_app
from tui.sandbox import SandboxServer
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from tui.screens.integrations import IntegrationsScreen
from tui.screens.subscription import SubscriptionScreen
from tui.screens.tokens_overview import TokensOverviewScreen
from tui.widgets.virtual_table import VirtualTable

Cells = list[list[tuple[str, str]]]  # per row, each cell's glyph and style
Size = tuple[int, int]
Opening = Callable[[Pilot[None], IpaasAuthApp], Awaitable[None]]
BIG, SMALL = (120, 40), (80, 24)
TOAST = "A toast that stays while the terminal is resized."


def cells(app: IpaasAuthApp) -> Cells:
    """What the terminal shows, cell by cell: a segment boundary moving is not a difference."""
    return [
        [(glyph, str(segment.style)) for segment in strip for glyph in segment.text]
        for strip in screen_strips(app)
    ]


def differences(got: Cells, want: Cells) -> str:
    """The rows that differ, each with its first differing column and both cells there."""
    said = []
    for y, (row, wanted) in enumerate(zip(got, want, strict=False)):
        if row != wanted:
            pairs = enumerate(zip(row, wanted, strict=False))
            x = next((x for x, (a, b) in pairs if a != b), min(len(row), len(wanted)))
            text = "".join(glyph for glyph, _ in row).rstrip()
            said.append(
                f"row {y}, column {x}: {row[x : x + 1]} not {wanted[x : x + 1]}\n  {text!r}"
            )
    if len(got) != len(want):
        said.append(f"{len(got)} rows, not {len(want)}")
    return "\n".join(said)


def details_shown(app: IpaasAuthApp) -> bool:
    """The integrations list, if it is on screen or under a dialog, shows the details of every
    row in sight. They arrive on their own a little after the rows, so two frames in a row can
    be the same before they do."""
    for screen in app.screen_stack:
        if isinstance(screen, IntegrationsScreen):
            table = screen.query_one(VirtualTable)
            return all(table.rows[table.keys.index(key)][1] != "…" for key in table.visible_keys())
    return True


async def settled(pilot: Pilot[None], app: IpaasAuthApp) -> Cells:
    """The frame once loads are done and two frames in a row are the same."""
    await app.workers.wait_for_complete()
    await wait_for(pilot, lambda: details_shown(app), "the rows' details")
    frames: list[Cells] = []

    def same_twice() -> bool:
        frames.append(cells(app))
        return len(frames) > 1 and frames[-1] == frames[-2]

    await wait_for(pilot, same_twice, "the screen to settle")
    return frames[-1]


async def resized_to(pilot: Pilot[None], app: IpaasAuthApp, size: Size, want: Cells) -> None:
    """Resize, then wait for the frame `want`; fail naming the cells that stay different."""
    await pilot.resize_terminal(*size)
    try:
        await wait_for(pilot, lambda: cells(app) == want, f"the frame wanted at {size}", 5)
    except AssertionError:
        wrong = differences(cells(app), want)
        raise AssertionError(f"after resizing to {size}:\n{wrong}") from None


async def arrived(pilot: Pilot[None], app: IpaasAuthApp, opening: Opening, toast: bool) -> Cells:
    """Brought to a place, quiet but for the test's own toast: the frame it settles on."""
    await opening(pilot, app)
    await quiet(pilot, app, toast)
    return await settled(pilot, app)


async def fresh_frame(size: Size, opening: Opening, toast: bool) -> Cells:
    app = create_app()
    async with app.run_test(size=size) as pilot:
        return await arrived(pilot, app, opening, toast)


async def quiet(pilot: Pilot[None], app: IpaasAuthApp, toast: bool) -> None:
    """No toast but the test's own, which stays up for the whole test."""
    await app.workers.wait_for_complete()
    app.clear_notifications()
    if toast:
        app.notify(TOAST, severity="warning", timeout=120)


# --- the places -----------------------------------------------------------------------------


async def the_list(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await wait_loaded(pilot, app)
    await pilot.press("r")  # the rows shown again at the table's width, as a reload does


async def an_integration(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await wait_loaded(pilot, app)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "the integration")
    await wait_for(pilot, lambda: app.screen.query_one(VirtualTable).rows, "the versions")


async def the_save_question(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await open_zoho_version(pilot, app)
    await pilot.press("p", "ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the save question")


async def the_subscriptions(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await wait_loaded(pilot, app)
    await pilot.press("s")
    await wait_loaded(pilot, app)


async def a_subscription(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await the_subscriptions(pilot, app)
    await pilot.press("slash", *"demo store", "enter", "enter")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, SubscriptionScreen) and app.screen.subscription is not None,
        "the subscription",
    )


async def the_tokens(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await the_subscriptions(pilot, app)
    await pilot.press("T")
    await wait_for(pilot, lambda: isinstance(app.screen, TokensOverviewScreen), "the tokens")


async def the_help(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    await wait_loaded(pilot, app)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")


PLACES: dict[str, tuple[Opening, bool]] = {  # (how to get there, with a toast showing)
    "integrations": (the_list, False),
    "integrations with a toast": (the_list, True),
    "integration": (an_integration, False),
    "version editor": (open_zoho_version, False),
    "save question": (the_save_question, False),
    "subscriptions": (the_subscriptions, False),
    "subscription with a toast": (a_subscription, True),
    "tokens": (the_tokens, False),
    "help": (the_help, False),
}


@pytest.mark.parametrize("place", PLACES)
async def test_a_resized_screen_is_drawn_as_a_fresh_one(sandbox: SandboxServer, place: str) -> None:
    """Narrower, then back: each frame the same as a fresh console's at that size."""
    opening, toast = PLACES[place]
    write_profiles(sandbox_profile_toml(sandbox))
    small = await fresh_frame(SMALL, opening, toast)
    app = create_app()
    async with app.run_test(size=BIG) as pilot:
        big = await arrived(pilot, app, opening, toast)
        await resized_to(pilot, app, SMALL, small)
        await resized_to(pilot, app, BIG, big)


@pytest.mark.parametrize("size", [(100, 30), (60, 20)])
async def test_the_list_resized_narrower_has_no_scroll_bar_left(
    sandbox: SandboxServer, size: Size
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    want = await fresh_frame(size, the_list, False)
    app = create_app()
    async with app.run_test(size=BIG) as pilot:
        await arrived(pilot, app, the_list, False)
        await resized_to(pilot, app, size, want)


async def test_the_authenticate_screen_after_a_round_trip_is_as_before(
    auth_sandbox: SandboxServer, port: int
) -> None:
    """Its sign-in URL is new in every console (its state): compared with itself."""
    write_auth_profile(auth_sandbox, port)
    app = create_app()
    async with app.run_test(size=BIG) as pilot:
        await open_authenticate(pilot, app)
        await quiet(pilot, app, True)
        big = await settled(pilot, app)
        await pilot.resize_terminal(*SMALL)
        small = await settled(pilot, app)
        await pilot.resize_terminal(60, 20)
        await settled(pilot, app)
        await resized_to(pilot, app, SMALL, small)
        await resized_to(pilot, app, BIG, big)
