"""The Authenticate screen's keys, each with an id (rebindable) and a tooltip (what help says)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

AUTHENTICATE_KEYS: list[BindingType] = [
    Binding(
        "enter,a",
        "start",
        "Start",
        id="auth.start",
        tooltip="Open the callback listener and the browser; once stopped, a new attempt",
    ),
    Binding(
        "c",
        "copy_redirect",
        "Copy redirect URI",
        id="auth.copy_redirect",
        tooltip="Copy the redirect URI to register in Zoho's API console",
    ),
    Binding(
        "u",
        "copy_url",
        "Copy URL",
        id="auth.copy_url",
        tooltip="Copy the Zoho sign-in URL",
    ),
    Binding(
        "l",
        "copy_ssh",
        "Copy ssh -L",
        id="auth.copy_ssh",
        tooltip="Copy the ssh -L command to run on your own machine: it forwards the ports "
        "its browser must reach here",
    ),
    Binding(
        "w",
        "show_plain",
        "Plain text",
        id="auth.show_plain",
        tooltip="Show the URL and the ssh command as plain terminal text, one line each, "
        "so a mouse selection copies them whole (Enter comes back)",
    ),
    Binding(
        "b",
        "open_browser",
        "Open browser",
        id="auth.open_browser",
        tooltip="Open the sign-in URL in a browser anyway",
    ),
    Binding(
        "v",
        "paste",
        "Paste redirect",
        id="auth.paste",
        tooltip="Type or paste the address your browser was sent to",
    ),
]
