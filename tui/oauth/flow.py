"""One Authenticate flow, from the authorize URL to stored tokens.

The screen drives it: `start()` opens the listener, `wait()` returns the redirect's outcome (or
`paste()` supplies it), `complete()` checks the accounts server, exchanges the code and stores
the tokens. `close()` always closes the port.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from config.errors import SecretStorageError
from config.profile import Profile
from config.secrets import kept_in as secrets_kept_in
from config.tokens import ZohoTokens
from config.zoho import known_accounts_server
from tui.clients import zoho
from tui.clients.errors import ApiError
from tui.clients.http import new_async_client
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.connection import Target
from tui.oauth.authorize import authorize_url
from tui.oauth.callback_result import Authorized, Outcome, Refused, parse_pasted
from tui.oauth.listener import CallbackListener, PortBusy
from tui.oauth.ports import port_owner_hint
from tui.oauth.secrets import Pkce, new_state
from tui.oauth.tokens import TokenNames, TokenStore, push_tokens


class FlowError(ApiError):
    """The flow stopped; the message says why and what to do."""


class FlowTimedOut(FlowError):
    pass


def kept_in(store: TokenStore) -> str:
    """Where the store keeps tokens, in words: the keyring, or the file a profile opted in to."""
    return secrets_kept_in(store.secrets)


@dataclass(frozen=True)
class Completed:
    tokens: ZohoTokens
    pushed: bool  # written to the subscription's persistent data
    push_error: str = ""
    keep_error: str = ""  # why the keyring could not keep them (the tokens are still here)
    kept_in: str = "the keyring"  # or memory, for a sandbox profile on a machine without one
    in_memory: bool = False  # kept only by this process: gone when it ends


NO_REFRESH_TOKEN = (
    "Zoho sent no refresh token, so these tokens stop working within the hour: Zoho sends one "
    "only on the first consent for a client. Add &prompt=consent to the version's OAuth "
    "template, or revoke this app at Zoho (accounts.zoho.com, Connected Apps), then "
    "authenticate again."
)


def completion_notice(completed: Completed) -> tuple[str, str]:
    """(message, severity) telling where the new tokens were kept, and what to do if nowhere;
    first of all, that there is no refresh token when Zoho sent none (a re-consent)."""
    message, severity = _kept_notice(completed)
    if completed.tokens.refresh_token:
        return message, severity
    return f"{NO_REFRESH_TOKEN} {message}", "error" if severity == "error" else "warning"


def _kept_notice(completed: Completed) -> tuple[str, str]:
    kept = not completed.keep_error
    if kept and completed.pushed:
        return (
            f"Authenticated: tokens saved in {completed.kept_in} and in the subscription's data.",
            "information",
        )
    if kept and not completed.push_error:
        return f"Authenticated: tokens saved in {completed.kept_in}.", "information"
    if kept:
        return (
            f"Tokens saved in {completed.kept_in}, but not on iPaaS.com: {completed.push_error}",
            "warning",
        )
    if completed.pushed:
        return (
            "Tokens saved in the subscription's persistent data on iPaaS.com, but not in this "
            f"machine's keyring: {completed.keep_error}",
            "warning",
        )
    also = (
        f" iPaaS.com did not take them either: {completed.push_error}"
        if completed.push_error
        else ""
    )
    return (
        f"The tokens are kept nowhere: {completed.keep_error}{also} They are on the "
        "subscription screen until you leave it: copy them now with c and shift+c.",
        "error",
    )


def port_busy_message(profile: Profile) -> str:
    port = profile.callback_port
    return (
        f"Port {port} is already in use by another program, so the browser's redirect cannot "
        "reach ipaas-auth (that program receives it instead: make sure it is yours). You can "
        "still finish: after you accept, paste the address your browser ends up on (an error "
        f"page is fine). To use the listener, stop that program{port_owner_hint(port)} or set "
        f"another port: `ipaas-auth profiles set {profile.name} callback_port=PORT`, and "
        "register the new redirect URI in Zoho's API console."
    )


def trusted_accounts_server(outcome: Authorized, target: Target, profile: Profile) -> str:
    """The server to send the client secret to: only a known Zoho accounts server (or this
    sandbox's own), whatever the callback says (the mix-up defence of RFC 9700)."""
    named = outcome.accounts_server or target.accounts_url(profile.zoho_dc)
    if target.is_sandbox:  # the sandbox's own loopback servers, compared as it serves them
        server: str | None = named.rstrip("/")
        if server not in {u.rstrip("/") for u in target.sandbox_accounts.values()}:
            server = None
    else:
        server = known_accounts_server(named)
    if server is None:
        raise FlowError(
            f"The callback named {named!r} as the accounts server, which is not a Zoho accounts "
            "server. The flow was stopped and the client secret was not sent. If you did not "
            "start this sign-in yourself, someone may be trying to intercept it."
        )
    return server


class AuthFlow:
    def __init__(
        self,
        *,
        profile: Profile,
        target: Target,
        subscription: Subscription,
        template: str,
        custom_fields: Mapping[str, str],
        store: TokenStore,
        ipaas: IpaasClient,
    ) -> None:
        self.profile = profile
        self.target = target
        self.subscription = subscription
        self.store = store
        self.ipaas = ipaas
        self._template = template
        self._custom_fields = dict(custom_fields)
        self.state = new_state()
        self.pkce = Pkce.new() if profile.pkce else None
        self.redirect_uri = profile.callback_url
        self.url = authorize_url(
            template,
            client_id=subscription.client_id,
            redirect_uri=self.redirect_uri,
            state=self.state,
            accounts_url=target.accounts_url(profile.zoho_dc),
            custom_fields=custom_fields,
            pkce=self.pkce,
        )
        self.listener = CallbackListener(profile.callback_host, profile.callback_port, self.state)
        self.deadline = 0.0
        self.timeout: float | None = None  # a command's --timeout, else the profile's
        self.port_busy = ""  # why the redirect cannot reach us (then only a paste finishes)

    def again(self) -> AuthFlow:
        """A new attempt for the same subscription: a fresh state, PKCE pair and listener (a
        stopped flow's port is closed and its state is spent)."""
        return AuthFlow(
            profile=self.profile,
            target=self.target,
            subscription=self.subscription,
            template=self._template,
            custom_fields=self._custom_fields,
            store=self.store,
            ipaas=self.ipaas,
        )

    async def start(self, timeout: float | None = None) -> None:
        """Open the listener; on a busy port, go on without it: a pasted address finishes.
        The wait ends after `timeout` seconds (a command's --timeout), else the profile's
        auth_timeout."""
        try:
            await self.listener.start()
        except PortBusy:
            self.listener.start_without_port()
            self.port_busy = port_busy_message(self.profile)
        self.timeout = timeout
        self.deadline = time.monotonic() + (timeout or self.profile.auth_timeout)

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    async def wait(self) -> Outcome:
        assert self.listener.outcome is not None, "start() first"
        try:
            return await asyncio.wait_for(asyncio.shield(self.listener.outcome), self.remaining())
        except TimeoutError:
            if self.timeout:
                raise FlowTimedOut(
                    f"No answer from the browser within {self.timeout:g} s (--timeout); give "
                    "more with --timeout SECONDS."
                ) from None
            raise FlowTimedOut(
                f"No answer from the browser within {self.profile.auth_timeout} s, the "
                "profile's auth_timeout (`ipaas-auth profiles set "
                f"{self.profile.name} auth_timeout=SECONDS` allows more)."
            ) from None

    def paste(self, text: str) -> Outcome:
        """Validate a pasted redirect exactly like a callback; it ends the wait."""
        outcome = parse_pasted(text, self.state, self.redirect_uri)
        future = self.listener.outcome
        if future is not None and not future.done():
            future.set_result(outcome)
        return outcome

    async def complete(self, outcome: Outcome) -> Completed:
        if isinstance(outcome, Refused):
            raise FlowError(outcome.message())
        server = trusted_accounts_server(outcome, self.target, self.profile)
        async with new_async_client(verify=server.startswith("https:")) as http:
            tokens = await zoho.exchange_code(
                http,
                server,
                client_id=self.subscription.client_id,
                client_secret=self.subscription.client_secret,
                code=outcome.code,
                redirect_uri=self.redirect_uri,
                location=outcome.location or self.profile.zoho_dc,
                code_verifier=self.pkce.verifier if self.pkce else None,
            )
        # The code is spent: from here on a keyring or iPaaS.com failure must not lose the
        # tokens, so each is reported alongside them instead of raised.
        keep_error = ""
        try:
            if not tokens.refresh_token:
                previous = await self.store.load()
                if previous and previous.refresh_token and previous.accounts_server == server:
                    tokens = replace(tokens, refresh_token=previous.refresh_token)
            await self.store.save(tokens)
        except SecretStorageError as exc:
            keep_error = str(exc)
        except Exception as exc:  # any keyring backend failure: the tokens must survive it
            keep_error = f"the keyring failed ({type(exc).__name__}: {exc})."
        # A sandbox profile without a keyring keeps its demo secrets in memory: say so.
        in_memory = getattr(self.store.secrets, "degraded", None)
        kept = Completed(
            tokens,
            pushed=False,
            keep_error=keep_error,
            kept_in=(
                "memory until you quit (no usable keyring)" if in_memory else kept_in(self.store)
            ),
            in_memory=bool(in_memory) and not keep_error,
        )
        if not self.profile.push_tokens:
            return kept
        try:
            await push_tokens(self.ipaas, self.subscription.id, tokens, TokenNames.of(self.profile))
        except ApiError as exc:
            return replace(kept, push_error=str(exc))
        except Exception as exc:  # never lose issued tokens to an unexpected push failure
            return replace(kept, push_error=f"an unexpected error ({type(exc).__name__}: {exc}).")
        return replace(kept, pushed=True)

    async def close(self) -> None:
        await self.listener.close()
