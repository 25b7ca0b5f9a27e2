"""Hostile text for the console: names that are Textual markup, wide characters, escapes; and
how to read what a screen really shows (text, links, click actions)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.strip import Strip

from tui.sandbox import SandboxServer
from tui.textual_internals import screen_lines

MARKUP = ["[/]", "[b]x", "[link=https://example.com]x[/link]", "[@click=app.quit]x[/]"]
WIDE = ["日本語の統合", "🚀 Rocket"]
ESCAPE = "esc\x1b[2Jcape"  # would clear a real terminal
HOSTILE = [*MARKUP, *WIDE]


def seed_hostile(sandbox: SandboxServer) -> list[str]:
    """Give the sandbox's generated integrations and subscriptions hostile names,
    descriptions, settings and custom fields; returns the integration names, in order."""
    data = sandbox.ipaas.data
    generated = [i for i in data.integrations.values() if i["id"] != data.zoho_integration_id]
    names = [*HOSTILE, ESCAPE]
    assert len(generated) >= len(names), "start the sandbox with enough integrations"
    for integration, name in zip(generated, names, strict=False):
        integration["name"] = name
        integration["description"] = name
        version = integration["versions"][0]
        version["name"] = f"{name} 1.0"
        version["oauth_url_template"] = (
            "https://accounts.zoho.com/oauth/v2/auth?scope=[b]Zoho.[/]&client_id={{ClientId}}"
            "&redirect_uri={{RedirectUrl}}&state=[@click=app.quit]s[/]"
        )
        version["custom_fields"] = [
            {"key": key, "value": value, "available_in_api": True}
            for key, value in zip(
                ["Hostile0", "Hostile1", "Wide"], [*MARKUP[2:], WIDE[0]], strict=True
            )
        ]
    subscriptions = [s for s in data.subscriptions.values() if s["id"] != data.zoho_subscription_id]
    for subscription, name in zip(subscriptions, names, strict=False):
        subscription["name"] = name
        subscription["description"] = name
        subscription["settings"].update({name: name, "[b]Client Secret": "[/]secret[b]"})
    return names


def screen_strips(app: App[Any]) -> list[Strip]:
    """The lines the active screen paints (its widgets, dialogs and toasts), as the terminal
    would get them."""
    return screen_lines(app.screen)


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in screen_strips(app))


def actionable(app: App[Any]) -> list[str]:
    """Text on screen that carries a link or a click action (outside text must never)."""
    found = []
    for strip in screen_strips(app):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            # (Scroll bars carry "@mouse.down": Textual's own, not from markup.)
            if style.link or "@click" in (style.meta or {}):
                found.append(segment.text)
    return found
