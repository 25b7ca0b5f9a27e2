"""Authenticate a subscription: gather the version's template and the subscription's client,
then hand back the flow (`tui.oauth.flow.AuthFlow`) that the screen or the command drives."""

from __future__ import annotations

from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.core.session import Session
from tui.oauth.flow import AuthFlow, Completed
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
    return AuthFlow(
        profile=session.profile,
        target=target,
        subscription=subscription,
        template=version.oauth_url_template,
        custom_fields={f.key: f.value for f in version.custom_fields or ()},
        store=token_store(session, subscription.id),
        ipaas=client,
    )


def kept_nowhere(completed: Completed, process_ends: bool) -> str:
    """Why the new tokens would be lost, or "" when something keeps them.

    Neither the secret store nor iPaaS.com took them; or only this process's memory did and
    the process is about to end (a command, unlike the console, which shows them until quit).
    The caller must then hand them to the person, unmasked, once."""
    if completed.pushed:
        return ""
    if completed.keep_error:
        where = completed.keep_error
    elif completed.in_memory and process_ends:
        where = "only this process's memory had them (no usable keyring), and it ends now."
    else:
        return ""
    ipaas = (
        f"iPaaS.com did not take them: {completed.push_error}"
        if completed.push_error
        else "they were not sent to iPaaS.com (push_tokens is off)."
    )
    return f"{where} {ipaas}"
