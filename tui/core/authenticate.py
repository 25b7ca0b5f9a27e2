"""Authenticate a subscription: gather the version's template and the subscription's client,
then hand back the flow (`tui.oauth.flow.AuthFlow`) that the screen or the command drives."""

from __future__ import annotations

from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.core.session import Session
from tui.oauth.flow import AuthFlow
from tui.oauth.tokens import TokenStore


def token_store(session: Session, subscription_id: str) -> TokenStore:
    """Where this profile keeps a subscription's tokens on this machine."""
    return TokenStore(session.secrets, session.profile.name, subscription_id)


async def prepare_flow(
    session: Session, client: IpaasClient, subscription: Subscription
) -> AuthFlow:
    """The flow for `subscription`; raises ApiError/ConfigError saying what is missing."""
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
    if not subscription.client_secret:
        raise ApiError(
            "The subscription has no Client Secret: set it in its settings (from Zoho's API "
            "console)."
        )
    return AuthFlow(
        profile=session.profile,
        target=target,
        subscription=subscription,
        template=version.oauth_url_template,
        custom_fields={f.key: f.value for f in version.custom_fields},
        store=token_store(session, subscription.id),
        ipaas=client,
    )
