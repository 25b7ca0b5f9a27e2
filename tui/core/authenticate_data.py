"""What the Authenticate use case (tui/core/authenticate.py) returns and tells its presenter:
data, never sentences (tui/core/authenticate_text.py words them for both faces)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from config.tokens import ZohoTokens
from tui.oauth.browser import BrowserPlan


class Kept(Enum):
    """Where this machine keeps the new tokens."""

    KEYRING = "keyring"
    SECRETS_FILE = "secrets file"  # the file a profile opted in to (secret_storage = "file")
    # This process only: a sandbox profile without a usable keyring, in the console (for a
    # command, whose memory ends with it, that is NOWHERE).
    MEMORY = "memory"
    NOWHERE = "nowhere"  # nothing on this machine keeps them (keep_error says why)


@dataclass(frozen=True)
class Authenticated:
    tokens: ZohoTokens
    kept: Kept
    pushed: bool = False  # written to the subscription's persistent data on iPaaS.com
    push_off: bool = False  # not sent: the profile sets push_tokens = false
    keep_error: str = ""  # why this machine could not keep them (they are still here)
    push_error: str = ""  # why iPaaS.com did not take them
    secrets_file: Path | None = None  # the file, when kept is SECRETS_FILE
    # Nothing that outlives this process has them: the face must hand them over, once.
    kept_nowhere: bool = False


class Why(Enum):
    """Why a sign-in stopped without tokens."""

    DECLINED = "declined"  # the person said no to a pre-flight caution
    REFUSED = "refused"  # Zoho's redirect carried an error (Deny on the consent page)
    TIMED_OUT = "timed out"
    FAILED = "failed"  # our own error (Zoho, the listener, the network): it says what to do
    UNEXPECTED = "unexpected"  # a bug


@dataclass(frozen=True)
class Stopped:
    why: Why
    detail: str = ""  # the error's own message; for UNEXPECTED, "Type: message"
    error: BaseException | None = None  # what it stopped on (FAILED, UNEXPECTED)
    waited: float = 0.0  # TIMED_OUT: the seconds waited
    by_option: bool = False  # TIMED_OUT: a command's --timeout set them, not auth_timeout
    profile: str = ""  # the profile whose auth_timeout (or callback_port) it was


@dataclass(frozen=True)
class Caution:
    """Something to tell, and to have confirmed, before a sign-in starts: one of Zoho's limits
    about to bite (tui/core/token_rules.py words it)."""

    kind: str  # "zoho-limit"
    detail: str = ""


class Browser(Enum):
    """Where the browser that finishes a sign-in is, as far as this machine can tell."""

    HERE = "here"  # this machine's (opened, or to open by hand on this desktop)
    # An SSH session: on the person's own machine, which reaches this one only through the
    # `ssh -L` forward: it comes first.
    OWN_MACHINE = "own machine"
    # No display and no SSH (a container, a server's console): none opens here; any browser
    # that reaches this machine's ports will do, and the forward is the way from another one.
    REACHING = "reaching"


@dataclass(frozen=True)
class SignIn:
    """What the person needs to sign in, once the listener is open."""

    url: str
    plan: BrowserPlan
    forward_command: str  # `ssh -L …` to run on the person's own machine, "" if no use here
    port_busy: bool  # another program holds the callback port: only a paste finishes
    port: int
    profile: str
    # The sign-in page's port when it is served on this machine's loopback (the sandbox's):
    # a browser elsewhere needs it forwarded too, and the forward command does so.
    page_port: int | None = None
    forward_host_known: bool = False  # the command names the host (IPAAS_AUTH_SSH_HOST)
    browser: Browser = Browser.HERE  # where the browser that finishes the sign-in is
    ports: tuple[int, ...] = ()  # this machine's ports the browser must reach (callback, page)

    @property
    def forward_first(self) -> bool:
        """The `ssh -L` command comes before the address: over SSH the browser on the person's
        own machine reaches nothing here without it. With no display here, it comes after, as
        the way from another machine."""
        return bool(self.forward_command) and self.browser is Browser.OWN_MACHINE


class Phase(Enum):
    WAITING = "waiting"  # for the browser's redirect or a paste
    EXCHANGING = "exchanging"  # the code for tokens, then keeping them


@dataclass(frozen=True)
class Progress:
    phase: Phase
    remaining: float = 0.0  # WAITING: seconds before the sign-in gives up
    listening: str = ""  # WAITING: the listener's host:port; "" when only a paste finishes


PasteSink = Callable[[str], str]  # pasted text in; "" if it ended the wait, else why not


class Presenter(Protocol):
    """A face of the sign-in: the screen or the command."""

    async def confirm(self, cautions: Sequence[Caution]) -> bool: ...

    def show_redirect_uri(self, uri: str) -> None: ...

    def show_sign_in(self, sign_in: SignIn) -> None: ...

    def show_progress(self, progress: Progress) -> None: ...

    def accept_pastes(self, paste: PasteSink) -> None:
        """From now on, text the person pastes goes to `paste` (the SSH fallback)."""


@dataclass(frozen=True)
class Face:
    """What the face running the sign-in changes in it."""

    web_opener: Callable[[str], None] | None = None  # textual serve: the page opens the URL
    no_browser: bool = False  # a command's --no-browser
    timeout: float | None = None  # a command's --timeout, else the profile's auth_timeout
    process_ends: bool = False  # a command: what only its memory keeps is lost when it ends


@dataclass(frozen=True)
class Timing:
    """The clock the countdown reads and how often it is shown: tests move a fake clock."""

    clock: Callable[[], float] = time.monotonic
    tick: float = 1.0
