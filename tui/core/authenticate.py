"""Authenticate a subscription: the one sign-in that the console's screen and the
`authenticate` command both run.

`prepare()` gathers the version's template and the subscription's client; `Authenticate.run()`
drives the sign-in through a presenter (the face: what it shows, where pasted text comes from)
and returns data, never sentences: `Authenticated` (where the tokens were kept) or `Stopped`
(why, with the error), declared in tui/core/authenticate_data.py and re-exported here.
tui/core/authenticate_text.py words that data, the same for both faces. Each rule lives here
once: the browser plan, when the `ssh -L` command is worth showing and for which ports, the
countdown and timeout, the memory-fallback check (a command's memory is nowhere) and "kept
nowhere".
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from config.errors import ConfigError, SecretStorageError
from config.secrets import FileSecrets, memory_fallback, memory_reason, primary_of
from config.tokens import ZohoTokens
from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.core.authenticate_data import (
    Authenticated,
    Browser,
    Caution,
    Face,
    Kept,
    PasteSink,
    Phase,
    Presenter,
    Progress,
    SignIn,
    Stopped,
    Timing,
    Why,
)
from tui.core.session import Session
from tui.core.token_ledger import TokenLedger
from tui.core.token_rules import authenticate_warnings, dc_of, note_authenticate
from tui.oauth.browser import (
    BrowserPlan,
    Forward,
    open_in_browser,
    plan_browser,
    ssh_destination,
    ssh_forward_command,
)
from tui.oauth.callback_result import InvalidCallback, Outcome, Refused
from tui.oauth.flow import AuthFlow
from tui.oauth.listener import ListenerError
from tui.oauth.tokens import TokenNames, TokenStore, push_tokens

# The use case and what it returns (declared apart, re-exported: importers need one name).
__all__ = [
    "Authenticate",
    "Authenticated",
    "Browser",
    "Caution",
    "Face",
    "Kept",
    "PasteSink",
    "Phase",
    "Presenter",
    "Progress",
    "SignIn",
    "Stopped",
    "Timing",
    "Why",
    "loopback_page",
    "prepare",
    "token_store",
]


# Where the browser is, by the plan's reason for opening none here (the others: here).
BROWSERS = {"ssh": Browser.OWN_MACHINE, "no-display": Browser.REACHING}


# --- the use case ---------------------------------------------------------------------------


class Authenticate:
    timing = Timing()

    def __init__(
        self,
        flow: AuthFlow,
        store: TokenStore,
        ipaas: IpaasClient,
        *,
        timing: Timing | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.flow = flow
        self.store = store
        self.ipaas = ipaas
        self.timing = timing or self.timing
        self.env = os.environ if env is None else env
        self.face = Face()
        self.plan: BrowserPlan | None = None

    @property
    def redirect_uri(self) -> str:
        return self.flow.redirect_uri

    def again(self) -> Authenticate:
        """A new attempt for the same subscription (a fresh state, PKCE pair and listener)."""
        return Authenticate(
            self.flow.again(), self.store, self.ipaas, timing=self.timing, env=self.env
        )

    async def preflight(self) -> list[Caution]:
        """What to say, and have confirmed, before the sign-in starts: a 21st refresh token
        (Zoho deletes the oldest, maybe the one a live integration uses), or a code refused by
        Zoho's 10-codes-in-10-minutes limit, from what this machine counted."""
        flow = self.flow
        found = authenticate_warnings(
            TokenLedger(), flow.subscription.client_id, flow.profile.zoho_dc
        )
        return [Caution("zoho-limit", text) for text in found]

    async def _count(self, tokens: ZohoTokens | None) -> None:
        """Count the code the redirect brought and the refresh token it minted, if any. Best
        effort: the code is spent and the tokens issued by now, and an index that cannot be
        written (a full disk, its lock held) must not lose them; only the count lags. In a
        thread: waiting for the index's lock must not freeze the console."""
        flow = self.flow
        dc = flow.profile.zoho_dc
        with contextlib.suppress(ConfigError):
            await asyncio.to_thread(
                note_authenticate,
                TokenLedger(),
                client_id=flow.subscription.client_id,
                dc=dc_of(tokens, dc) if tokens else dc,
                subscription_id=flow.subscription.id,
                refresh_token=tokens.refresh_token if tokens else "",
            )

    async def run(self, presenter: Presenter, face: Face | None = None) -> Authenticated | Stopped:
        """The whole sign-in. However it ends (cancelled included) the port is closed."""
        self.face = face or Face()
        cautions = await self.preflight()
        if cautions and not await presenter.confirm(cautions):
            return Stopped(Why.DECLINED)
        flow = self.flow
        presenter.show_redirect_uri(flow.redirect_uri)
        try:
            listening = await flow.start()
            sign_in = self._sign_in(listening)
            presenter.show_sign_in(sign_in)
            presenter.accept_pastes(self.paste)
            if sign_in.plan.launch:
                self.open_browser()
            outcome = await self._wait(presenter, listening)
            if isinstance(outcome, Stopped):
                return outcome
            if isinstance(outcome, Refused):
                return Stopped(Why.REFUSED, outcome.message())
            presenter.show_progress(Progress(Phase.EXCHANGING))
            try:
                tokens = await flow.exchange(outcome)
            except ApiError:
                await self._count(None)  # the code counts against Zoho's limit all the same
                raise
            await self._count(tokens)
        except (ApiError, ConfigError, ListenerError) as exc:
            return Stopped(Why.FAILED, str(exc), exc)
        except Exception as exc:  # a bug must not leave the face on "Waiting…"
            return Stopped(Why.UNEXPECTED, f"{type(exc).__name__}: {exc}", exc)
        finally:
            with contextlib.suppress(Exception):
                await flow.close()
        return await self._keep(tokens)

    def _sign_in(self, listening: bool) -> SignIn:
        """The browser plan, and the `ssh -L` rule: worth showing where no browser opens here
        (an SSH session, no display), for the ports a browser elsewhere must reach: the
        callback port when it is ours, and the sign-in page's when it is on this machine.
        Over SSH the browser is on the person's own machine and the forward comes first;
        with no display and no SSH, any browser that reaches those ports will do (a published
        container port, a browser on this machine's console), and the forward is only the
        way from another machine."""
        profile = self.flow.profile
        self.plan = plan_browser(
            self.env, is_web=self.face.web_opener is not None, no_browser=self.face.no_browser
        )
        page = loopback_page(self.flow.url)
        forwards = [Forward(profile.callback_port)] if listening else []
        if page is not None:
            forwards.append(page)
        remote = self.plan.reason in BROWSERS
        return SignIn(
            url=self.flow.url,
            plan=self.plan,
            forward_command=ssh_forward_command(forwards, self.env) if remote and forwards else "",
            port_busy=not listening,
            port=profile.callback_port,
            profile=profile.name,
            page_port=page.port if page else None,
            forward_host_known=bool(ssh_destination(self.env)),
            browser=BROWSERS.get(self.plan.reason, Browser.HERE),
            ports=tuple(forward.port for forward in forwards),
        )

    def open_browser(self) -> None:
        """Open the sign-in URL: through the face's opener (textual serve's page), else in a
        daemon thread, since webbrowser may wait for a $BROWSER command to exit and nothing
        must wait for it (a command's end least of all)."""
        url = self.flow.url
        if self.face.web_opener is not None:
            self.face.web_opener(url)
            return
        plan = self.plan or plan_browser(self.env)
        threading.Thread(target=open_in_browser, args=(url, plan), daemon=True).start()

    def paste(self, text: str) -> str:
        """Try `text` as the address the browser ended on: "" when it ends the wait, else why
        it was not taken (the wait goes on)."""
        try:
            self.flow.paste(text)
        except InvalidCallback as exc:
            return str(exc)
        return ""

    async def _wait(self, presenter: Presenter, listening: bool) -> Outcome | Stopped:
        """The countdown: until the redirect (or a paste) comes, or the deadline passes."""
        profile = self.flow.profile
        seconds = self.face.timeout or profile.auth_timeout
        clock, outcome = self.timing.clock, self.flow.outcome
        deadline = clock() + seconds
        where = f"{profile.callback_host}:{profile.callback_port}" if listening else ""
        while not outcome.done():
            remaining = deadline - clock()
            if remaining <= 0:
                return Stopped(
                    Why.TIMED_OUT,
                    waited=seconds,
                    by_option=self.face.timeout is not None,
                    profile=profile.name,
                )
            presenter.show_progress(Progress(Phase.WAITING, remaining, where))
            await asyncio.wait({outcome}, timeout=min(self.timing.tick, remaining))
        return outcome.result()

    async def _keep(self, tokens: ZohoTokens) -> Authenticated:
        """Keep the tokens on this machine and, if the profile says so, on iPaaS.com. The code
        is spent by now: a keyring or iPaaS.com failure is reported beside the tokens, never
        raised, so they are not lost."""
        keep_error = ""
        try:
            if not tokens.refresh_token:  # a re-consent: keep the refresh token we have
                previous = await self.store.load()
                server = tokens.accounts_server
                if previous and previous.refresh_token and previous.accounts_server == server:
                    tokens = replace(tokens, refresh_token=previous.refresh_token)
            await self.store.save(tokens)
        except SecretStorageError as exc:
            keep_error = str(exc)
        except Exception as exc:  # any keyring backend failure: the tokens must survive it
            keep_error = f"the keyring failed ({type(exc).__name__}: {exc})."
        kept, secrets_file = self._kept(keep_error)
        if kept is Kept.MEMORY and self.face.process_ends:
            # A command's memory ends with it: nothing on this machine keeps them. The store's
            # own error says why and what to do (a keyring to install, secret_storage = "file").
            kept, keep_error = Kept.NOWHERE, memory_reason(self.store.secrets)
        profile = self.flow.profile
        done = Authenticated(
            tokens, kept, push_off=not profile.push_tokens, keep_error=keep_error,
            secrets_file=secrets_file,
        )  # fmt: skip
        if profile.push_tokens:
            done = await self._push(done)
        return replace(done, kept_nowhere=done.kept is Kept.NOWHERE and not done.pushed)

    def _kept(self, keep_error: str) -> tuple[Kept, Path | None]:
        secrets = self.store.secrets
        if keep_error:
            return Kept.NOWHERE, None
        if memory_fallback(secrets):
            return Kept.MEMORY, None
        primary = primary_of(secrets)
        if isinstance(primary, FileSecrets):
            return Kept.SECRETS_FILE, primary.path
        return Kept.KEYRING, None

    async def _push(self, done: Authenticated) -> Authenticated:
        names = TokenNames.of(self.flow.profile)
        try:
            await push_tokens(self.ipaas, self.flow.subscription.id, done.tokens, names)
        except ApiError as exc:
            return replace(done, push_error=str(exc))
        except Exception as exc:  # never lose issued tokens to an unexpected push failure
            return replace(done, push_error=f"an unexpected error ({type(exc).__name__}: {exc}).")
        return replace(done, pushed=True)


def loopback_page(url: str) -> Forward | None:
    """Where the sign-in page is when this machine serves it on loopback (the sandbox, built in
    or `ipaas-auth sandbox`): a browser on another machine reaches it only through a forward."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a name, not an address; or a port out of range
        return None
    return Forward(port, "localhost" if host == "localhost" else host) if loopback else None


# --- getting ready --------------------------------------------------------------------------


def token_store(session: Session, subscription_id: str) -> TokenStore:
    """Where this profile keeps a subscription's tokens on this machine."""
    return TokenStore(session.secrets, session.profile.name, subscription_id)


async def prepare(
    session: Session, client: IpaasClient, subscription: Subscription
) -> Authenticate:
    """The sign-in for `subscription`; raises ApiError/ConfigError saying what is missing."""
    target = session.connect_target()
    integration = await client.get_integration(subscription.integration_id)
    version = next(
        (v for v in integration.versions if v.id == subscription.integration_version_id),
        integration.versions[0] if integration.versions else None,
    )
    if version is None:
        raise ApiError(
            f"{integration.name} has no version to take the OAuth template from; add one on "
            "iPaaS.com."
        )
    if version.oauth_url_template is None:
        raise ApiError(
            f"iPaaS.com did not send the OAuth URL template of {integration.name} "
            f"{version.name}: it was read from /subscriptions, because the integrators read's "
            "route is missing. Set that route in profiles.toml ([profiles.NAME.endpoints] "
            'integration_edit = "GET /…/{integration_id}"), then try again.'
        )
    if not subscription.client_secret:
        raise ApiError(
            "The subscription has no Client Secret: set it in its settings (from Zoho's API "
            "console)."
        )
    flow = AuthFlow(
        profile=session.profile,
        target=target,
        subscription=subscription,
        template=version.oauth_url_template,
        custom_fields={f.key: f.value for f in version.custom_fields or ()},
    )
    return Authenticate(flow, token_store(session, subscription.id), client)
