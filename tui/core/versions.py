"""Use cases on an integration's version: pick it, show it, apply the preset, save with a diff.

Every save, from the editor or from `version apply`, goes through `save_draft`, which writes
through tui/core/changes.py (conflict check, safe body, journal, read-back and revert).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from config.lint import Finding, apply_all_fixes, first_fixable, lint
from config.presets import ZOHO_COMMERCE, preset
from config.zoho import Preset
from tui.clients.errors import NotFoundError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, Version
from tui.clients.version_changes import NOT_SENT
from tui.connection import Target
from tui.core.changes import Writer, save_authorization_type, save_version
from tui.core.draft import VersionDraft

IDENTIFIER_FIELD = "oauth_identifier_field"
CALLBACK_FIELD = "oauth_success_callback_field"


def pick_version(integration: Integration, query: str | None = None) -> Version:
    """The version named by id or name; without a query, the newest (the last listed)."""
    if not integration.versions:
        raise NotFoundError(f"{integration.name} has no version yet; add one on iPaaS.com first.")
    if query is None:
        return integration.versions[-1]
    for version in integration.versions:
        if query in (version.id, version.name):
            return version
    names = ", ".join(f"{v.name} ({v.id})" for v in integration.versions)
    raise NotFoundError(f"{integration.name} has no version {query!r}; it has: {names}.")


def findings(template: str, field_keys: list[str], target: Target | None) -> list[Finding]:
    """The linter's findings; a sandbox's own accounts servers count as Zoho's."""
    return lint(template, field_keys, extra_hosts=_trusted_hosts(target))


def fix_all(template: str, field_keys: list[str], target: Target | None) -> str:
    """The template with every safe fix the linter offers applied."""
    return apply_all_fixes(template, field_keys, extra_hosts=_trusted_hosts(target))


def fix_first(draft: VersionDraft, target: Target | None) -> str | None:
    """Apply the first finding's safe fix to the draft's template; its description, or None when
    no finding has one."""
    finding = first_fixable(findings(draft.template, draft.field_keys, target))
    if finding is None or finding.fix is None:
        return None
    draft.template = finding.fix.apply(draft.template)
    return finding.fix.description


def fix_every(draft: VersionDraft, target: Target | None) -> int | None:
    """Apply every safe fix to the draft's template; how many findings that cured, or None when
    no finding had a fix (nothing changed)."""
    before = len(findings(draft.template, draft.field_keys, target))
    fixed = fix_all(draft.template, draft.field_keys, target)
    if fixed == draft.template:
        return None
    draft.template = fixed
    return before - len(findings(draft.template, draft.field_keys, target))


def _trusted_hosts(target: Target | None) -> list[str]:
    return [
        urlsplit(u).hostname or "" for u in (target.sandbox_accounts.values() if target else [])
    ]


def findings_json(found: list[Finding]) -> list[dict[str, Any]]:
    """Each finding, with its safe fix's description (or null)."""
    return [
        {"severity": f.severity, "message": f.message, "fix": f.fix.description if f.fix else None}
        for f in found
    ]


@dataclass(frozen=True)
class VersionView:
    """What `version show` and the editor's header show of one version."""

    integration: Integration
    version: Version
    findings: list[Finding]

    @property
    def identifier_field(self) -> str | None:
        return self.version.oauth_identifier_field

    @property
    def callback_field(self) -> str | None:
        return self.version.oauth_success_callback_field

    @property
    def not_sent(self) -> list[str]:
        """The parts iPaaS.com's read did not send (unknown, not empty)."""
        v = self.version
        parts: list[tuple[str, object]] = [
            ("oauth_url_template", v.oauth_url_template),
            (IDENTIFIER_FIELD, v.oauth_identifier_field),
            (CALLBACK_FIELD, v.oauth_success_callback_field),
            ("custom_fields", v.custom_fields),
            ("authorization_type_id", self.integration.authorization_type_id),
        ]
        return [name for name, value in parts if value is None]

    def to_json(self) -> dict[str, Any]:
        """null where iPaaS.com did not send a value; `not_sent` names those fields."""
        fields = self.version.custom_fields
        return {
            "integration": {"id": self.integration.id, "name": self.integration.name},
            "version": {"id": self.version.id, "name": self.version.name},
            "read_from": self.integration.source,
            "oauth_url_template": self.version.oauth_url_template,
            "findings": findings_json(self.findings),
            IDENTIFIER_FIELD: self.identifier_field,
            CALLBACK_FIELD: self.callback_field,
            "custom_fields": None if fields is None else [f.to_json() for f in fields],
            "authorization_type_id": self.integration.authorization_type_id,
            "not_sent": self.not_sent,
        }


def show_version(integration: Integration, version: Version, target: Target | None) -> VersionView:
    keys = [f.key for f in version.custom_fields or ()]
    template = version.oauth_url_template
    return VersionView(
        integration, version, [] if template is None else findings(template, keys, target)
    )


def read_from_text(integration: Integration) -> str:
    """Which read answered, for the person: the fallback says what it cannot tell."""
    if integration.oauth_fields_known:
        return "the integrators read (OAuth fields and authorization type included)"
    return (
        "the /subscriptions read (the integrators read's route is missing): the OAuth fields "
        f"and the authorization type are {NOT_SENT}"
    )


def preset_for(portal_url: str, name: str = ZOHO_COMMERCE) -> Preset:
    """The preset `name` whose RedirectUrl names this profile's portal."""
    return preset(name, portal_url)


async def save_draft(
    writer: Writer, draft: VersionDraft, undo_of: str | None = None
) -> VersionDraft:
    """Write what changed; raises VersionConflictError (nothing written) when the version
    changed on iPaaS.com since it was read, UnsafeWriteError (nothing written) when the write
    would leave out what iPaaS.com did not send, WriteRevertedError when iPaaS.com changed
    what it should not have (written back). Returns the draft as saved; `draft.already_saved`
    tells when iPaaS.com held the same change already, `draft.notes` what the person should
    know (an authorization type that could not be confirmed, a value kept otherwise)."""
    draft.already_saved = False
    draft.notes = []
    if draft.version_changed:
        saved = await save_version(
            writer, draft.version, draft.integration.id, draft.edit, undo_of=undo_of
        )
        if saved.version is not None:
            draft.version = saved.version
        draft.already_saved = not saved.written
        draft.notes += saved.notes
    if draft.type_changed and draft.authorization_type_id is not None:
        typed = await save_authorization_type(
            writer, draft.integration, draft.authorization_type_id, undo_of=undo_of
        )
        draft.notes += typed.notes
        if typed.integration is not None and typed.integration.oauth_fields_known:
            draft.integration = typed.integration
        else:  # not written: nothing stays unsaved, the note says how to set it
            draft.authorization_type_id = draft.integration.authorization_type_id
    return draft


async def reload_draft(client: IpaasClient, draft: VersionDraft) -> VersionDraft:
    """The version as it is on iPaaS.com now (unsaved changes are dropped)."""
    integration = await client.get_integration(draft.integration.id)
    version = next((v for v in integration.versions if v.id == draft.version.id), None)
    if version is None:
        raise NotFoundError("This version no longer exists.")
    return VersionDraft.of(integration, version)
