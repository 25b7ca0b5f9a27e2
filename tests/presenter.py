"""A presenter for the Authenticate use case (tui/core/authenticate.py) in tests: it keeps what
it was shown and, once pastes are accepted, acts as the person would: signs in at the sandbox's
consent page (tests/browser.py) and either pastes the address it ends on or lets the browser
follow it to the listener, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Literal

import httpx

from tests.browser import consent
from tui.core.authenticate import Caution, PasteSink, Progress, SignIn


class Recorder:
    def __init__(
        self,
        person: Literal["paste", "browser", "nobody"] = "nobody",
        decision: str = "accept",
        yes: bool = True,
    ) -> None:
        self.person = person
        self.decision = decision
        self.yes = yes  # the answer to a pre-flight question
        self.asked: list[list[Caution]] = []
        self.redirect_uris: list[str] = []
        self.sign_ins: list[SignIn] = []
        self.progress: list[Progress] = []
        self.paste: PasteSink | None = None
        self.refused: list[str] = []  # why pasted text was not taken
        self.acting: asyncio.Task[None] | None = None

    async def confirm(self, cautions: Sequence[Caution]) -> bool:
        self.asked.append(list(cautions))
        return self.yes

    def show_redirect_uri(self, uri: str) -> None:
        self.redirect_uris.append(uri)

    def show_sign_in(self, sign_in: SignIn) -> None:
        self.sign_ins.append(sign_in)

    def show_progress(self, progress: Progress) -> None:
        self.progress.append(progress)

    def accept_pastes(self, paste: PasteSink) -> None:
        self.paste = paste
        if self.person != "nobody":
            self.acting = asyncio.get_running_loop().create_task(self.act_out(paste))

    def pasted(self, text: str) -> str:
        """Paste `text` as the person would; why it was refused ("" if taken)."""
        assert self.paste is not None, "pastes are not accepted yet"
        refused = self.paste(text)
        if refused:
            self.refused.append(refused)
        return refused

    async def act_out(self, paste: PasteSink) -> None:
        url = self.sign_ins[-1].url
        location = await asyncio.to_thread(consent, url, self.decision)
        if self.person == "paste":
            self.pasted(location)
            return
        async with httpx.AsyncClient() as browser:
            await browser.get(location)  # the browser follows Zoho's redirect to the listener


async def until(condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """Let the loop run until `condition()` holds; fail naming `what` if it never does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)
