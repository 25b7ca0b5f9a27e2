"""What came back from Zoho's redirect, by callback or by paste-back, once validated."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from tui.oauth.secrets import same_state


@dataclass(frozen=True)
class Authorized:
    code: str
    location: str = ""
    accounts_server: str = ""


@dataclass(frozen=True)
class Refused:
    """Zoho's redirect carried an error (the user pressed Deny, or Zoho refused)."""

    error: str
    description: str = ""

    def message(self) -> str:
        if self.error == "access_denied":
            return (
                "Access was denied: Accept was not chosen on Zoho's consent page, or Zoho's "
                "limit of 10 authorization codes per client in 10 minutes was reached (then "
                "wait 10 minutes). To authenticate, choose Accept there."
            )
        detail = f" ({self.description})" if self.description else ""
        return (
            f"Zoho refused the authorization: {self.error}{detail}. Check the scopes and the "
            "client, then try again."
        )


Outcome = Authorized | Refused


class InvalidCallback(ValueError):
    """Parameters that do not belong to this flow; the flow keeps waiting."""


def validate(params: dict[str, str], expected_state: str) -> Outcome:
    """Check `state` (constant time) before looking at anything else."""
    state = params.get("state", "")
    if not state or not same_state(expected_state, state):
        raise InvalidCallback(
            "The state does not match this sign-in (an old tab, or a forged link); it was ignored."
        )
    if params.get("error"):
        return Refused(params["error"], params.get("error_description", ""))
    code = params.get("code", "")
    if not code:
        raise InvalidCallback("The redirect has no code; it was ignored.")
    return Authorized(code, params.get("location", ""), params.get("accounts-server", ""))


def not_a_redirect(redirect_uri: str) -> str:
    """What to paste instead of text that is not Zoho's redirect at all."""
    starts = f" (it starts with {redirect_uri})" if redirect_uri else ""
    return (
        "This is not the address your browser ended on after Zoho's consent page. Accept "
        "there, then copy the whole address from the browser's address bar"
        f"{starts}, even if the page shows an error, and paste it."
    )


REDIRECT_KEYS = ("code", "error", "state")  # a redirect from Zoho carries at least one


def parse_pasted(text: str, expected_state: str, redirect_uri: str = "") -> Outcome:
    """Accept the URL the browser was redirected to, its query, or `CODE STATE`.

    Text that is none of these (a word, a sentence, another page's address) is told what to
    paste instead, not that its state is wrong."""
    text = text.strip()
    if not text:
        raise InvalidCallback("Paste the address your browser was sent to (or the code and state).")
    if "=" in text:
        try:
            query = urlsplit(text).query if "://" in text or text.startswith("/") else text
        except ValueError:  # e.g. "http://[x…": not an address urllib can read
            raise InvalidCallback(
                "This is not an address the console can read; paste the full address from the "
                "browser's address bar, or the code and the state separated by a space."
            ) from None
        params = dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
        if not any(key in params for key in REDIRECT_KEYS):
            raise InvalidCallback(not_a_redirect(redirect_uri))
    else:
        parts = text.split()
        # `CODE STATE` only when the second word is this sign-in's state: two other words
        # ("hello world") are not a redirect, whatever an old tab's state would be.
        if len(parts) != 2 or not same_state(expected_state, parts[1]):
            raise InvalidCallback(not_a_redirect(redirect_uri))
        params = {"code": parts[0], "state": parts[1]}
    return validate(params, expected_state)
