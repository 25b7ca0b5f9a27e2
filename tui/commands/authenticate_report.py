"""What `ipaas-auth authenticate` prints of the tokens it got: masked lines for a person, and
the `--json` document (unmasked only where nothing else keeps them)."""

from __future__ import annotations

from typing import Any

from config.tokens import mask
from tui.commands.printable import printable
from tui.core.authenticate import Authenticated
from tui.core.authenticate_text import kept_in_text


def token_lines(done: Authenticated, unmasked: bool = False) -> list[str]:
    tokens = done.tokens
    shown = (lambda text: printable(text)) if unmasked else mask
    return [
        f"Access token   {shown(tokens.access_token)}",
        f"Refresh token  {shown(tokens.refresh_token) or '(none)'}",
        f"Data centre    {tokens.location or '?'} · {tokens.accounts_server}",
    ]


def completed_json(done: Authenticated, sub_id: str, sub_name: str) -> dict[str, Any]:
    tokens = done.tokens
    return {
        "subscription": {"id": sub_id, "name": sub_name},
        "kept_in": kept_in_text(done),
        "kept_nowhere": False,
        "keep_error": done.keep_error,
        "pushed": done.pushed,
        "push_error": done.push_error,
        "access_token": mask(tokens.access_token),
        "refresh_token": mask(tokens.refresh_token),
        "expires_at": tokens.expires_at,
        "accounts_server": tokens.accounts_server,
        "location": tokens.location,
    }
