"""What the user sees: each screen at 80x24 and 120x40, against the sandbox.

Update after an intended change with
`uv run pytest tests/screens/test_snapshots.py --snapshot-update`, and look at the report before
committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from config.profile import Profile
from tests.console import (
    open_profiles,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import create_app
from tui.sandbox import SandboxServer, start_sandbox
from tui.screens.confirm import ConfirmScreen
from tui.screens.field_editor import FieldEditor
from tui.screens.help import HelpScreen
from tui.screens.login import LoginScreen
from tui.screens.profile_editor import ProfileEditor
from tui.screens.version_editor import VersionEditorScreen
from tui.widgets.virtual_table import VirtualTable

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def snapshot_home(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own home, named by a path relative to its folder: the profiles screen shows
    the file's path, the same in every run and every worker."""
    monkeypatch.chdir(isolated_home.parent)
    monkeypatch.setenv("IPAAS_AUTH_HOME", isolated_home.name)
    return isolated_home


@pytest.fixture
def fixed_sandbox(snapshot_home: Path) -> Iterator[SandboxServer]:
    sandbox = start_sandbox(integrations=3, subscriptions=2)
    write_profiles(sandbox_profile_toml(sandbox))
    yield sandbox
    sandbox.stop()


Steps = Callable[[Pilot[None]], Awaitable[None]]


def steady(steps: Steps) -> Steps:
    """`steps`, then the text cursors made steady (shown, not blinking): on a loaded machine
    the screenshot comes more than a blink (0.5 s) after the focus, the cursor off or on."""

    async def run(pilot: Pilot[None]) -> None:
        await steps(pilot)
        for screen in pilot.app.screen_stack:
            for field in screen.query(Input):
                field.cursor_blink = False
            for area in screen.query(TextArea):
                area.cursor_blink = False

    return run


async def integrations(pilot: Pilot[None]) -> None:
    await wait_loaded(pilot, pilot.app)  # type: ignore[arg-type]
    table = pilot.app.screen.query_one(VirtualTable)
    # The rows on screen get their details in the background, no row highlighted first.
    await wait_for(pilot, lambda: all(row[1] != "…" for row in table.rows), "the row details")
    await pilot.pause()


async def integration(pilot: Pilot[None]) -> None:
    await wait_loaded(pilot, pilot.app)  # type: ignore[arg-type]
    await pilot.press("end", "enter")
    await wait_for(
        pilot,
        lambda: (
            screen_name(pilot.app) == "IntegrationScreen"  # type: ignore[arg-type]
            and pilot.app.screen.query_one(VirtualTable).rows
        ),
        "the integration",
    )


async def version_editor(pilot: Pilot[None]) -> None:
    await integration(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, VersionEditorScreen), "editor")
    await pilot.press("p")
    await pilot.pause()
    pilot.app.clear_notifications()


async def save_diff(pilot: Pilot[None]) -> None:
    """The version editor after the preset: ctrl+s shows what will change before saving."""
    await version_editor(pilot)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the diff")
    await pilot.pause()


async def field_editor(pilot: Pilot[None]) -> None:
    await version_editor(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FieldEditor), "field editor")
    await pilot.pause()


async def subscriptions(pilot: Pilot[None]) -> None:
    await wait_loaded(pilot, pilot.app)  # type: ignore[arg-type]
    await pilot.press("s")
    await wait_loaded(pilot, pilot.app)  # type: ignore[arg-type]


async def subscription(pilot: Pilot[None]) -> None:
    await subscriptions(pilot)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: (
            screen_name(pilot.app) == "SubscriptionScreen"  # type: ignore[arg-type]
            and pilot.app.screen.subscription is not None
        ),
        "the subscription",
    )  # type: ignore[attr-defined]
    await pilot.pause()


async def profiles(pilot: Pilot[None]) -> None:
    await open_profiles(pilot, pilot.app)  # type: ignore[arg-type]


async def profile_editor(pilot: Pilot[None]) -> None:
    await profiles(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfileEditor), "profile editor")
    await pilot.pause()


async def login(pilot: Pilot[None]) -> None:
    """The log-in dialog as a staging profile without a stored password shows it."""
    await integrations(pilot)  # the list behind the dialog, its details in
    profile = Profile(name="acme", environment="staging", email="you@example.com")
    pilot.app.push_screen(LoginScreen(profile))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LoginScreen), "log-in")
    await pilot.pause()


async def help_screen(pilot: Pilot[None]) -> None:
    await integrations(pilot)  # the list behind the help, its details in
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), "help")


SCREENS: dict[str, Steps] = {
    "integrations": integrations,
    "integration": integration,
    "version_editor": version_editor,
    "subscriptions": subscriptions,
    "subscription": subscription,
    "profiles": profiles,
    "help": help_screen,
    "save_diff": save_diff,
    "field_editor": field_editor,
    "profile_editor": profile_editor,
    "login": login,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(
    name: str,
    size: tuple[int, int],
    fixed_sandbox: SandboxServer,
    snap_compare: Callable[..., bool],
) -> None:
    assert snap_compare(create_app(), terminal_size=size, run_before=steady(SCREENS[name]))


def test_hostile_integrations(
    fixed_sandbox: SandboxServer, snap_compare: Callable[..., bool]
) -> None:
    """Names that are markup, CJK, emoji and an escape: shown as typed, columns in line."""
    from tests.hostile import seed_hostile
    from tui.sandbox.ipaas_data import seed

    fixed_sandbox.ipaas.data.integrations.update(seed(8, 0).integrations)  # room for them all
    seed_hostile(fixed_sandbox)
    assert snap_compare(create_app(), terminal_size=(80, 24), run_before=steady(integrations))


def test_small_screen_notices(snapshot_home: Path, snap_compare: Callable[..., bool]) -> None:
    """60x15, first run (the built-in sandbox), no usable keyring: each notice is one line."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the conftest fixture puts its own back after
    assert snap_compare(create_app(), terminal_size=(60, 15), run_before=steady(subscription))


async def save_dialog_over_a_toast(pilot: Pilot[None]) -> None:
    """A toast is showing when ctrl+s opens the save dialog: the dialog's lines and buttons
    are all in sight at 80x24 (the authorization type first, the toast gone)."""
    await version_editor(pilot)
    pilot.app.notify("A warning that would sit over the buttons.", severity="warning")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the diff")
    await pilot.pause()


def test_save_dialog_at_80x24(
    fixed_sandbox: SandboxServer, snap_compare: Callable[..., bool]
) -> None:
    assert snap_compare(
        create_app(), terminal_size=(80, 24), run_before=steady(save_dialog_over_a_toast)
    )


def test_conflict_at_80x24(fixed_sandbox: SandboxServer, snap_compare: Callable[..., bool]) -> None:
    """Saving over a change made elsewhere: a short toast, the details in the status line."""
    data = fixed_sandbox.ipaas.data

    async def conflict(pilot: Pilot[None]) -> None:
        await version_editor(pilot)
        data.integrations[data.zoho_integration_id]["versions"][0]["oauth_url_template"] = (
            "https://accounts.zoho.eu/oauth/v2/auth?scope=Changed.Elsewhere"
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen), "the diff")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: pilot.app.screen.query_one("#status").has_class("error"),
            "the conflict",
        )
        await pilot.pause()

    assert snap_compare(create_app(), terminal_size=(80, 24), run_before=steady(conflict))
