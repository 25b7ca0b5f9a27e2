"""The Authenticate screen's body: it presents the sign-in (tui.core.authenticate.Presenter) as
the use case reports it, and takes the address the person pastes. The screen keeps the keys."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from tui.core.authenticate_data import Browser, Caution, PasteSink, Phase, Progress, SignIn
from tui.core.authenticate_text import (
    caution_text,
    forward_lead,
    forward_text,
    minutes,
    open_in_text,
    plan_text,
    port_busy_text,
)
from tui.widgets.plain import plain, printable
from tui.widgets.text_fields import TextInput

# The lines a sign-in fills in, in order, with their classes; hidden while empty (a new attempt
# empties them). Over SSH the command to run first comes before the address to open; with no
# display here, after it, as the way from another machine.
LINES = {
    "ssh-command": "url",
    "forward-hint": "hint",
    "step-3": "",
    "sign-in-url": "url",
    "ssh-hint": "hint",
    "elsewhere": "",
    "elsewhere-command": "url",
    "elsewhere-hint": "hint",
    "port-busy": "error",
}

STEP_2 = "2. Press Enter to sign in at Zoho and accept."
STARTING = "2. Starting the sign-in…"
LAUNCHED = "2. Sign in at Zoho in the browser that opened, and accept:"
BY_HAND = "2. Open this address in {browser}, sign in at Zoho and accept:"
THEN_OPEN = "3. Then open this address in a browser there, sign in at Zoho and accept:"


class SignInPanel(VerticalScroll):
    # The paste field and the countdown stay at the bottom, in sight at 80x24 however long the
    # URL and the hints above them are: those scroll.
    DEFAULT_CSS = """
    SignInPanel #sign-in-foot {
        dock: bottom;
        height: auto;
    }
    """

    def __init__(self, title: str, redirect_uri: str, ask: Callable[[str], Awaitable[bool]]):
        super().__init__(id="authenticate")
        self.heading = title
        self.redirect_uri = redirect_uri
        self.ask = ask  # a yes/no question to the person (the screen's dialog)
        self.sign_in: SignIn | None = None  # once the listener is open
        self.paste_sink: PasteSink | None = None

    def compose(self) -> ComposeResult:
        yield Static(plain(self.heading), classes="title")
        yield Static(  # a Label would cut this line on an 80-column terminal
            "1. Register this redirect URI in Zoho's API console (your client > "
            "Authorized Redirect URIs), exactly as shown:"
        )
        yield Static(plain(self.redirect_uri), id="redirect-uri", classes="emphasis")
        yield Static(plain(STEP_2), id="step-2")
        for name, kind in LINES.items():
            line = Static("", id=name, classes=kind, markup=False)
            line.display = False
            yield line
        yield Static("", id="auth-error", classes="error", markup=False)
        with Vertical(id="sign-in-foot"):
            yield Static("", id="progress", classes="hint", markup=False)
            yield TextInput(
                placeholder="or paste the address your browser was sent to, then Enter",
                id="paste",
                disabled=True,
            )

    # --- the presenter ----------------------------------------------------------------------

    async def confirm(self, cautions: Sequence[Caution]) -> bool:
        return await self.ask(" ".join(caution_text(c) for c in cautions) + " Sign in anyway?")

    def show_redirect_uri(self, uri: str) -> None:
        self.query_one("#redirect-uri", Static).update(plain(uri))

    def show_sign_in(self, sign_in: SignIn) -> None:
        self.sign_in = sign_in
        hint = plan_text(sign_in.plan) + " Press u to copy the URL (w shows it as plain text)."
        command, lead = sign_in.forward_command, f"{forward_lead(sign_in)} (l copies it):"
        if sign_in.forward_first:
            self.step(f"2. {lead}")
            self.show("ssh-command", command)
            self.show("forward-hint", forward_text(sign_in))
            self.show("step-3", THEN_OPEN)
            hint += (
                " If the browser cannot reach localhost after you accept, paste the address it "
                "ends up on (v)."
            )
        elif sign_in.plan.launch:
            self.step(LAUNCHED)
            if sign_in.plan.reason == "web":  # the page's browser may be on another machine
                hint += (
                    " If, after you accept, the browser cannot reach localhost, paste the "
                    "address it ends up on (v)."
                )
        else:
            self.step(BY_HAND.format(browser=open_in_text(sign_in)))
            if sign_in.browser is Browser.REACHING:
                hint += " Or paste the address the browser ends up on (v)."
        # Painted wrapped (no link: nothing on screen is one); u copies it, w shows it whole.
        self.show("sign-in-url", sign_in.url)
        self.show("ssh-hint", hint)
        if command and sign_in.browser is Browser.REACHING:  # the way from another machine
            self.show("elsewhere", lead)
            self.show("elsewhere-command", command)
            self.show("elsewhere-hint", forward_text(sign_in))
        if sign_in.port_busy:  # no listener: the pasted address is the way to finish
            self.show("port-busy", port_busy_text(sign_in))
        self.screen.refresh_bindings()

    def show(self, name: str, text: str) -> None:
        """Fill in one of LINES (escaped, shown as typed); empty, it takes no room."""
        line = self.query_one(f"#{name}", Static)
        line.update(plain(text))
        line.display = bool(text)

    def show_progress(self, progress: Progress) -> None:
        if progress.phase is Phase.EXCHANGING:
            self.say("Zoho answered. Exchanging the code for tokens…")
            return
        where = (
            f"listening on {progress.listening}"
            if progress.listening
            else "waiting for the address you paste (v)"
        )
        left = minutes(progress.remaining)
        self.say(f"Waiting for Zoho… ends in {left} · {where} · Escape cancels")

    def accept_pastes(self, paste: PasteSink) -> None:
        self.paste_sink = paste
        field = self.query_one("#paste", Input)
        field.disabled = False
        if self.sign_in is not None and self.sign_in.port_busy:
            field.focus()

    @property
    def forward_command(self) -> str:
        return self.sign_in.forward_command if self.sign_in else ""

    def plain_text(self) -> str:
        """The ssh command and the URL as lines for the plain view (w), escaped, in the order
        they are used."""
        sign_in = self.sign_in
        if sign_in is None:
            return ""
        parts = [["Sign-in URL:", printable(sign_in.url)]]
        if sign_in.forward_command:  # over SSH first; else after, as the way from elsewhere
            forward = [f"{forward_lead(sign_in)}:", printable(sign_in.forward_command)]
            parts.insert(0 if sign_in.forward_first else 1, forward)
        lines = [line for part in parts for line in (*part, "")]
        lines += [
            "Select with the mouse to copy. Press Enter to return to ipaas-auth (Zoho's "
            "redirect is caught meanwhile).",
        ]
        return "\n".join(lines)

    # --- the rest of a sign-in's life -------------------------------------------------------

    def say(self, text: str) -> None:
        self.query_one("#progress", Static).update(plain(text))

    def step(self, text: str) -> None:
        """Step 2 as it stands: to press Enter, starting, or where to sign in."""
        self.query_one("#step-2", Static).update(plain(text))

    def starting(self) -> None:
        """Enter was pressed: step 2 no longer asks for it."""
        self.step(STARTING)

    def stopped(self, message: str, progress: str) -> None:
        self.step(STEP_2)  # Enter starts again
        self.query_one("#paste", Input).disabled = True
        # Focus off the disabled field: with nothing focused, Enter would wait (tui/typeahead).
        self.focus()
        self.query_one("#auth-error", Static).update(plain(message))
        self.say(progress)

    def again(self) -> None:
        """Empty for a new attempt."""
        self.sign_in = self.paste_sink = None
        for name in LINES:
            self.show(name, "")
        self.query_one("#auth-error", Static).update("")
        self.query_one("#paste", Input).value = ""
        self.say("Starting a new sign-in…")

    @on(Input.Submitted, "#paste")
    def pasted(self, event: Input.Submitted) -> None:
        refused = self.paste_sink(event.value) if self.paste_sink else ""
        error = self.query_one("#auth-error", Static)
        error.update(plain(refused))
        if refused:
            self.call_after_refresh(error.scroll_visible, animate=False)  # whole, at 80x24
        else:
            event.input.value = ""
