"""Every subscription's Zoho tokens at a glance, problems first (tui/core/tokens_overview.py):
where they are, when the access token expires, the last check; k checks them all with Zoho,
showing progress; Enter opens the highlighted subscription."""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ProgressBar, Static

from config.errors import ConfigError
from tui.clients.errors import ApiError
from tui.core.token_rows import TokenRow
from tui.core.tokens_overview import overview
from tui.screens.inner import InnerScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.title_bar import TitleBar
from tui.widgets.virtual_table import Column, VirtualTable

COLUMNS = (
    Column("", 1),
    Column("Subscription"),
    Column("Tokens", 9),
    Column("Access token", 14),
    Column("Refresh", 7),
    Column("Last check", 16),
    Column("DC", 3),
    Column("Client id", 22, min_total_width=110),
)


def expiry_text(row: TokenRow, now: float) -> str:
    if row.where == "none":
        return "-"
    left = row.seconds_left(now)
    if left is None:
        return "expiry unknown"
    return f"{left // 60} min left" if left else "expired"


def check_text(row: TokenRow) -> str:
    if row.verified is None:
        return "never"
    when = time.strftime("%m-%d %H:%M", time.localtime(row.verified.at))
    return f"{when} {'ok' if row.verified.ok else 'FAILED'}"


def cells(row: TokenRow, now: float) -> tuple[str, ...]:
    return (
        "!" if row.problem else "",
        row.subscription,
        row.where,
        expiry_text(row, now),
        "yes" if row.has_refresh_token else "no",
        check_text(row),
        row.dc or "-",
        row.client_id or "-",
    )


def details(row: TokenRow) -> str:
    lines = [f"{row.subscription} ({row.id})"]
    if row.problem:
        lines += [f"Problem: {row.problem}", f"What to do: {row.fix}"]
    elif row.verified is not None:
        lines.append(row.verified.detail)
    if row.note:
        lines.append(row.note)
    return "\n".join(lines)


class TokensOverviewScreen(InnerScreen):
    BINDINGS = [
        Binding(
            "k",
            "verify",
            "Check all",
            id="tokens.verify",
            tooltip="Check every subscription's tokens with one cheap Zoho call each "
            "(refreshing only expired access tokens)",
        ),
        Binding("r", "reload", "Reload", id="tokens.reload", tooltip="Read the tokens again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, TokenRow] = {}
        self.running = False  # a read or a check is under way

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Zoho tokens of every subscription", classes="title")
        yield VirtualTable(COLUMNS, id="token-rows")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static("", id="row-details", classes="hint")
        yield Static("", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self.query_one(ProgressBar).display = False
        self.load(False)

    def action_verify(self) -> None:
        self.load(True)

    def action_reload(self) -> None:
        self.load(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("verify", "reload") and self.running:
            return None  # shown dimmed: one read or check at a time
        return True

    def progressed(self, phase: str, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total or None, progress=done)
        what = "Reading subscriptions" if phase == "reading" else "Checking tokens with Zoho"
        self.set_status(f"{what}… {done} of {total}")

    @work(exclusive=True, group="tokens-overview", exit_on_error=False)
    async def load(self, verify: bool) -> None:
        self.running = True
        self.refresh_bindings()
        try:
            client = await self.console.connection.client()
            session = self.console.connection.session
            assert session is not None
            rows = await overview(
                client,
                profile=session.profile,
                secrets=session.secrets,
                target=session.connect_target(),
                verify=verify,
                progress=self.progressed,
            )
        except (ApiError, ConfigError) as exc:
            self.set_status(f"{exc} Press r to retry.", error=True)
            self.notify(str(exc), title="Tokens", severity="error")
            return
        finally:
            self.running = False
            self.refresh_bindings()
            self.query_one(ProgressBar).display = False
        self.show(rows)

    def show(self, rows: list[TokenRow]) -> None:
        now = time.time()
        self.rows = {row.id: row for row in rows}
        table = self.query_one(VirtualTable)
        table.set_rows([row.id for row in rows], [cells(row, now) for row in rows])
        problems = sum(1 for row in rows if row.problem)
        self.set_status(
            f"{len(rows)} subscriptions, {problems} with a problem (listed first) · k checks all "
            "with Zoho · Enter opens one"
        )
        self.show_details(table.highlighted_key)

    def show_details(self, key: str | None) -> None:
        row = self.rows.get(key or "")
        self.query_one("#row-details", Static).update(plain(details(row) if row else ""))

    @on(VirtualTable.Highlighted)
    def highlighted(self, event: VirtualTable.Highlighted) -> None:
        self.show_details(event.key)

    @on(VirtualTable.Selected)
    def selected(self, event: VirtualTable.Selected) -> None:
        from tui.screens.subscription import SubscriptionScreen

        self.app.push_screen(SubscriptionScreen(event.key))
