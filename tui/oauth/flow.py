"""One sign-in's protocol, from the authorize URL to Zoho's tokens.

`start()` opens the callback listener (on a busy port, only a pasted address can finish),
`outcome` is the redirect's validated answer, by callback or by `paste()`, and `exchange()`
checks the accounts server and trades the code for tokens. How long to wait, where the tokens
go and what a person is told live above, in tui/core/authenticate.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from config.profile import Profile
from config.tokens import ZohoTokens
from config.zoho import check_accounts_server, parse_trusted_servers
from tui.clients import zoho
from tui.clients.errors import ApiError
from tui.clients.http import new_async_client
from tui.clients.models import Subscription
from tui.connection import Target
from tui.oauth.authorize import authorize_url
from tui.oauth.callback_result import Authorized, Outcome, parse_pasted
from tui.oauth.listener import CallbackListener, PortBusy
from tui.oauth.secrets import Pkce, new_state


class FlowError(ApiError):
    """The flow stopped; the message says why and what to do."""


def trusted_accounts_server(outcome: Authorized, target: Target, profile: Profile) -> str:
    """The server to send the client secret to: only a known Zoho accounts server, one the
    profile trusts (or this sandbox's own), whatever the callback says (the mix-up defence of
    RFC 9700). An unknown Zoho-shaped one is refused calmly, naming the key that trusts it."""
    named = outcome.accounts_server or target.accounts_url(profile.zoho_dc)
    if target.is_sandbox:  # the sandbox's own loopback servers, compared as it serves them
        server: str | None = named.rstrip("/")
        if server not in {u.rstrip("/") for u in target.sandbox_accounts.values()}:
            server = None
        if server is None:
            raise FlowError(
                f"The callback named {named!r} as the accounts server, which is not a Zoho "
                "accounts server. The flow was stopped and the client secret was not sent. If "
                "you did not start this sign-in yourself, someone may be trying to intercept it."
            )
        return server
    trusted = parse_trusted_servers(profile.trusted_accounts_servers)
    check = check_accounts_server(named, trusted, profile.name)
    if check.url is None:
        raise FlowError(check.problem)
    return check.url


class AuthFlow:
    """One attempt: its state, PKCE pair, authorize URL and listener are its own."""

    def __init__(
        self,
        *,
        profile: Profile,
        target: Target,
        subscription: Subscription,
        template: str,
        custom_fields: Mapping[str, str],
    ) -> None:
        self.profile = profile
        self.target = target
        self.subscription = subscription
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

    def again(self) -> AuthFlow:
        """A new attempt for the same subscription: a fresh state, PKCE pair and listener (a
        stopped flow's port is closed and its state is spent)."""
        return AuthFlow(
            profile=self.profile,
            target=self.target,
            subscription=self.subscription,
            template=self._template,
            custom_fields=self._custom_fields,
        )

    async def start(self) -> bool:
        """Open the listener: True when it listens, False when another program holds the port
        (then a pasted address is the only way to finish)."""
        try:
            await self.listener.start()
        except PortBusy:
            self.listener.start_without_port()
            return False
        return True

    @property
    def outcome(self) -> asyncio.Future[Outcome]:
        """The redirect's answer, set by the listener or by `paste()`; `start()` first."""
        assert self.listener.outcome is not None, "start() first"
        return self.listener.outcome

    def paste(self, text: str) -> Outcome:
        """Validate a pasted redirect exactly like a callback (InvalidCallback if it is not
        this sign-in's); it ends the wait."""
        outcome = parse_pasted(text, self.state, self.redirect_uri)
        future = self.listener.outcome
        if future is not None and not future.done():
            future.set_result(outcome)
        return outcome

    async def exchange(self, outcome: Authorized) -> ZohoTokens:
        """Trade the code for tokens at a trusted accounts server (FlowError otherwise)."""
        server = trusted_accounts_server(outcome, self.target, self.profile)
        async with new_async_client(verify=server.startswith("https:")) as http:
            return await zoho.exchange_code(
                http,
                server,
                client_id=self.subscription.client_id,
                client_secret=self.subscription.client_secret,
                code=outcome.code,
                redirect_uri=self.redirect_uri,
                location=outcome.location or self.profile.zoho_dc,
                code_verifier=self.pkce.verifier if self.pkce else None,
            )

    async def close(self) -> None:
        await self.listener.close()
