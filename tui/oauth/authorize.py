"""The authorize URL: the version's template rendered with the subscription's client id, the
local callback as redirect URI, a fresh state, and the profile's data centre."""

from __future__ import annotations

from collections.abc import Mapping

from config.errors import TemplateError
from config.template import Template, render_values
from config.zoho import REDIRECT_URL_FIELD
from tui.oauth.secrets import Pkce


def authorize_url(
    template_text: str,
    *,
    client_id: str,
    redirect_uri: str,
    state: str,
    accounts_url: str,
    custom_fields: Mapping[str, str] | None = None,
    pkce: Pkce | None = None,
) -> str:
    """Render the template; `{SystemTypeVersion:RedirectUrl}` becomes the local callback."""
    if not template_text.strip():
        raise TemplateError(
            "The integration version has no OAuth URL template: apply the Zoho Commerce preset "
            "(in the console: open the integration with i, then its version, then p; from a "
            "command: `ipaas-auth version apply INTEGRATION --preset zoho-commerce --yes`)."
        )
    if not client_id:
        raise TemplateError(
            "The subscription has no Client ID: set it in the subscription's settings "
            "(from Zoho's API console)."
        )
    template = Template.parse(template_text).with_accounts_url(accounts_url)
    if pkce is not None:
        template = template.with_param("code_challenge", pkce.challenge).with_param(
            "code_challenge_method", pkce.method
        )
    fields = {**(custom_fields or {}), REDIRECT_URL_FIELD: redirect_uri}
    return template.render(render_values(client_id, state, fields))
