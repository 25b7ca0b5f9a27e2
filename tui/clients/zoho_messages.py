"""What Zoho's OAuth errors mean and what to do about each, in words a person can act on
(../shared/docs/zoho-oauth.md: the errors, the multi-DC set-up, the limits)."""

from __future__ import annotations

API_CONSOLE_STEPS = (
    "in Zoho's API console (api-console.zoho.com) open the client, then Settings: turn on the "
    "toggle of the Zoho account's data centre, and either tick \"Use the same OAuth credentials "
    "for all data centers\" or copy that data centre's own client secret into the "
    "subscription's Client Secret"
)

ACCESS_DENIED = (
    "Zoho denied access: either Accept was not chosen on Zoho's consent page, or Zoho's limit "
    "of 10 authorization codes per client in 10 minutes was reached (then wait 10 minutes). "
    "Authenticate again and choose Accept."
)

NO_ORGANIZATION = (
    "The subscription has no Organization ID, which Zoho Commerce needs with every call. Find "
    "it in Zoho Commerce: Settings, then the organization profile (Zoho calls it "
    "zohofinance_orgid), and set it in the subscription's settings on iPaaS.com. Or add the "
    "optional scope ZohoCommerce.sitesIndex.READ to the version's OAuth template and "
    "authenticate again: then ipaas-auth lists the organisations the token can see."
)


def invalid_client_message(accounts_server: str, dc: str = "") -> str:
    """Zoho's `invalid_client` has two causes; both are said, with the console's steps."""
    where = f"Zoho's {dc} data centre ({accounts_server})" if dc else f"Zoho at {accounts_server}"
    return (
        f"{where} does not accept this client (invalid_client). Either the request went to "
        "the wrong data centre (tokens belong to the data centre of the Zoho account that "
        "consented), or that data centre is not enabled for the client or has its own client "
        f"secret: {API_CONSOLE_STEPS}. Check the subscription's Client ID too."
    )


def messages(accounts_server: str, redirect_uri: str, refreshing: bool) -> dict[str, str]:
    return {
        "invalid_code": (
            "Zoho no longer accepts this refresh token (revoked, or pushed out by a 21st one); "
            "authenticate the subscription again."
            if refreshing
            else "The authorization code expired (codes live about 60 seconds) or was already "
            "used; authenticate again and finish within a minute."
        ),
        "invalid_client": invalid_client_message(accounts_server),
        "invalid_client_secret": (
            "Zoho refused the client secret: copy it again from Zoho's API console into the "
            "subscription's Client Secret."
        ),
        "invalid_redirect_uri": (
            f"The redirect URI {redirect_uri or '(none)'} does not match the one registered in "
            "Zoho's API console exactly (scheme, host, port, path, trailing slash); register it "
            "there or change the profile's callback_host/callback_port."
        ),
        "access_denied": ACCESS_DENIED,
    }
