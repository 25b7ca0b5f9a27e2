"""The HTML pages of the sandbox's Zoho accounts server: consent, and errors."""

from __future__ import annotations

from html import escape

PASSED_ON = (
    "client_id",
    "response_type",
    "scope",
    "redirect_uri",
    "state",
    "access_type",
    "prompt",
    "code_challenge",
    "code_challenge_method",
)

_STYLE = (
    "body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}"
    "button{font-size:1.1em;padding:.4em 1.2em;margin-right:1em}"
)


def consent_page(query: dict[str, str], app_name: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(query[name])}">'
        for name in PASSED_ON
        if name in query
    )
    scopes = "".join(f"<li>{escape(s)}</li>" for s in query.get("scope", "").split(","))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Zoho Accounts (sandbox)"
        f"</title><style>{_STYLE}</style></head><body>"
        "<h1>Zoho Accounts — sandbox</h1>"
        f"<p><b>{escape(app_name)}</b> (client {escape(query.get('client_id', ''))}) "
        "would like to access your Zoho account:</p>"
        f"<ul>{scopes}</ul>"
        '<form method="post" action="/oauth/v2/auth/decision">'
        f"{hidden}"
        '<button id="accept" type="submit" name="decision" value="accept">Accept</button>'
        '<button id="deny" type="submit" name="decision" value="deny">Deny</button>'
        "</form></body></html>"
    )


def error_page(message: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Zoho Accounts (sandbox): "
        f"error</title><style>{_STYLE}</style></head><body><h1>Cannot authorize</h1>"
        f"<p id='error'>{escape(message)}</p></body></html>"
    )
