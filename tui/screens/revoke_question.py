"""The question before a revoke: what stops working, and, when the version's template would
bring no refresh token on the next Authenticate (Zoho sends one only on a first consent), that
too, with the linter's prompt=consent fix one key away (f opens the version editor with it
applied, to review and save)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.binding import Binding
from textual.widgets import Button

from config.tokens import ZohoTokens
from tui.clients.errors import ApiError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Subscription
from tui.connection import Target
from tui.core.reconsent import ConsentGap, ask_consent_again, consent_gap
from tui.core.token_rules import revoke_warning
from tui.oauth.tokens import TokenNames
from tui.screens.confirm import ConfirmScreen

PLAIN = (
    "Revoke the refresh token at Zoho? Whatever uses it stops working until you authenticate again."
)


class RevokeQuestion(ConfirmScreen):
    """Revoke (y), fix the template first (f), or not (n)."""

    BINDINGS = [
        Binding(
            "f",
            "fix",
            "Fix the template first",
            id="revoke.fix",
            tooltip="Open the version editor with prompt=consent added, to review and save",
        ),
    ]

    def __init__(self, question: str, gap: ConsentGap) -> None:
        super().__init__(question, yes="Revoke")
        self.gap = gap
        self.chose_fix = False  # f: the caller opens the editor once this dialog is gone

    def other_buttons(self) -> Iterable[Button]:
        yield Button("Fix the template first (f)", id="fix")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "fix":
            self.action_fix()

    def action_fix(self) -> None:
        self.chose_fix = True
        self.dismiss(False)


async def revoke_question(
    tokens: ZohoTokens,
    subscription: Subscription,
    names: TokenNames,
    client: IpaasClient | None,
    target: Target | None,
) -> tuple[str, ConsentGap | None]:
    """The question, and the template's consent gap when it has one. The check is a
    courtesy: when iPaaS.com does not answer, the question is asked without it."""
    danger = revoke_warning(tokens, subscription, names)
    question = f"{danger} Revoke it anyway?" if danger else PLAIN
    try:
        gap = None if client is None else await consent_gap(client, subscription, target)
    except ApiError:
        gap = None
    if gap is None:
        return question, None
    which = f"{gap.integration.name} · {gap.version.name}"
    if gap.fixable:
        why = (
            f"the template of {which} has access_type=offline without prompt=consent. Press f "
            "to add prompt=consent to it first (you see the change before it is saved)."
        )
    else:
        why = (
            f"the template of {which} asks prompt={gap.version_prompt}, not prompt=consent. "
            "Press f to open it and change that by hand."
        )
    return (
        f"{question}\n\nAuthenticating again will then bring no refresh token: Zoho sends one "
        f"only on a first consent, and {why}"
    ), gap


def open_fix(app: App[object], gap: ConsentGap, target: Target | None) -> None:
    """The version editor, with prompt=consent added when that is safe: saved with ctrl+s."""
    from tui.screens.version_editor import VersionEditorScreen

    editor = VersionEditorScreen(gap.integration, gap.version)
    added = ask_consent_again(editor.draft, target)
    app.push_screen(editor)
    app.notify(
        "prompt=consent added to the template: review, then ctrl+s to save."
        if added
        else "Set prompt=consent in the template, then ctrl+s to save.",
        timeout=6,
    )
