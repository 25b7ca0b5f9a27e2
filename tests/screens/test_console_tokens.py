"""The tokens screen (shift+t on the subscriptions list, named in its help): every subscription's
tokens, problems first with what to do, k checks them all with Zoho while a progress bar moves,
Enter opens one. Driven by keys against the sandbox over real HTTP."""

from __future__ import annotations

from textual.widgets import ProgressBar, Static

from tests.console import (
    painted,
    sandbox_profile_toml,
    screen_name,
    wait_for,
    wait_loaded,
    write_profiles,
)
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.sandbox.zoho_fleet import add_zoho_subscriptions
from tui.screens.help import HelpScreen
from tui.screens.tokens_overview import TokensOverviewScreen
from tui.widgets.virtual_table import VirtualTable


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#status", Static).render())


async def test_tokens_screen_lists_problems_first_checks_all_and_opens_one(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    add_zoho_subscriptions(sandbox, 80)
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("s")
        await wait_loaded(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        assert any("shift+t" in row[0] and "All tokens" in row[1] for row in app.screen.rows)
        await pilot.press("escape")
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(app.screen, TokensOverviewScreen), "the screen")
        screen = app.screen
        await wait_for(pilot, lambda: "with a problem" in status(app), "the rows")
        table = screen.query_one(VirtualTable)
        first = table.rows[table.shown[0]]
        assert first[0] == "!" and first[1] == "Zoho Commerce – Demo Store"  # noqa: RUF001
        box = screen.query_one("#row-details", Static)
        await wait_for(pilot, lambda: "Problem: no tokens" in painted(box), "the first's details")
        assert "ipaas-auth authenticate" in painted(box)
        assert "never" in table.rows[table.shown[-1]]
        # What the progress bar and the status line showed on the way (it may be over before a
        # look at the screen would see it).
        shown: list[tuple[bool, str]] = []
        bar = screen.query_one(ProgressBar)
        progressed = screen.progressed

        def recorded(*args: object) -> None:
            progressed(*args)  # type: ignore[arg-type]
            shown.append((bool(bar.display), status(app)))

        screen.progressed = recorded  # type: ignore[method-assign]
        await pilot.press("k")
        await wait_for(pilot, lambda: shown, "the progress")
        await wait_for(pilot, lambda: "with a problem" in status(app), "the check's end")
        assert any(on and "Checking tokens with Zoho" in said for on, said in shown), shown
        count = len(sandbox.ipaas.data.subscriptions)
        assert not bar.display and bar.total == count and bar.progress == count
        assert "1 with a problem" in status(app)
        checked = [table.rows[i] for i in table.shown[1:]]
        assert all(row[5].endswith(" ok") for row in checked if row[2] != "none")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "SubscriptionScreen", "the subscription")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, "back to the tokens")


def test_the_expiry_cell_words_the_rows_seconds_left() -> None:
    from tests.core.test_token_rows import row
    from tui.screens.tokens_overview import expiry_text

    assert expiry_text(row(None), 0.0) == "expiry unknown"
    assert expiry_text(row(10.0), 20.0) == "expired"
    assert expiry_text(row(3599.0), 0.0) == "59 min left"
