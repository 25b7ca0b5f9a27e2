"""Use cases on an integration's version: pick it, show it, apply the preset, save with a diff.

The conflict check lives in `IpaasClient.update_version` (it re-reads the version just before
writing); every save, from the editor or from `version apply`, goes through `save_draft`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from config.lint import Finding, apply_all_fixes, lint
from config.presets import ZOHO_COMMERCE, preset
from config.zoho import Preset
from tui.clients.errors import NotFoundError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, Version
from tui.connection import Target
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
    def identifier_field(self) -> str:
        return self.version.oauth_identifier_field

    @property
    def callback_field(self) -> str:
        return self.version.oauth_success_callback_field

    def to_json(self) -> dict[str, Any]:
        return {
            "integration": {"id": self.integration.id, "name": self.integration.name},
            "version": {"id": self.version.id, "name": self.version.name},
            "oauth_url_template": self.version.oauth_url_template,
            "findings": findings_json(self.findings),
            IDENTIFIER_FIELD: self.identifier_field,
            CALLBACK_FIELD: self.callback_field,
            "custom_fields": [f.to_json() for f in self.version.custom_fields],
            "authorization_type_id": self.integration.authorization_type_id,
        }


def show_version(integration: Integration, version: Version, target: Target | None) -> VersionView:
    keys = [f.key for f in version.custom_fields]
    return VersionView(integration, version, findings(version.oauth_url_template, keys, target))


def preset_for(portal_url: str, name: str = ZOHO_COMMERCE) -> Preset:
    """The preset `name` whose RedirectUrl names this profile's portal."""
    return preset(name, portal_url)


async def save_draft(client: IpaasClient, draft: VersionDraft) -> VersionDraft:
    """Write what changed; raises VersionConflictError (nothing written) when the version
    changed on iPaaS.com since it was read. Returns the draft as saved (nothing unsaved);
    `draft.already_saved` tells when iPaaS.com held the same change already (nothing written)."""
    draft.already_saved = False
    if draft.version_changed:
        saved = await client.save_version(draft.integration.id, draft.version, draft.edit)
        draft.version = saved.version
        draft.already_saved = not saved.written
    if draft.type_changed and draft.authorization_type_id is not None:
        draft.integration = await client.update_authorization_type(
            draft.integration, draft.authorization_type_id
        )
    return draft


async def reload_draft(client: IpaasClient, draft: VersionDraft) -> VersionDraft:
    """The version as it is on iPaaS.com now (unsaved changes are dropped)."""
    integration = await client.get_integration(draft.integration.id)
    version = next((v for v in integration.versions if v.id == draft.version.id), None)
    if version is None:
        raise NotFoundError("This version no longer exists.")
    return VersionDraft.of(integration, version)
