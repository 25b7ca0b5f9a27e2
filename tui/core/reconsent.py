"""Whether authenticating a subscription again would bring a refresh token, said before a
revoke makes it matter.

Zoho sends a refresh token only on a client's first consent, unless the authorize URL asks
for consent again (prompt=consent): after a revoke, the seed's template (access_type=offline
without prompt=consent) brings an access token alone, which dies within the hour. The
linter's finding "offline-without-consent" names that case and carries the fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.errors import TemplateError
from config.lint import Finding
from config.template import Template
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, Subscription, Version
from tui.connection import Target
from tui.core.draft import VersionDraft
from tui.core.versions import findings

NO_CONSENT = "offline-without-consent"


@dataclass(frozen=True)
class ConsentGap:
    """The version whose template would bring no refresh token on a second consent."""

    integration: Integration
    version: Version
    finding: Finding

    @property
    def fixable(self) -> bool:
        """False when the template asks another prompt=… (someone chose it: theirs to change)."""
        return self.finding.fix is not None

    @property
    def version_prompt(self) -> str:
        """The prompt=… the template asks instead (when not fixable)."""
        try:
            return Template.parse(self.version.oauth_url_template or "").param("prompt") or ""
        except TemplateError:
            return ""


def subscription_version(integration: Integration, subscription: Subscription) -> Version | None:
    """The version a subscription authenticates with: its own, else the integration's first
    (as Authenticate chooses it)."""
    return next(
        (v for v in integration.versions if v.id == subscription.integration_version_id),
        integration.versions[0] if integration.versions else None,
    )


async def consent_gap(
    client: IpaasClient, subscription: Subscription, target: Target | None
) -> ConsentGap | None:
    """The gap, or None when the template asks for consent again (or is not known)."""
    integration = await client.get_integration(subscription.integration_id)
    version = subscription_version(integration, subscription)
    if version is None or not version.oauth_url_template:
        return None
    keys = [f.key for f in version.custom_fields or ()]
    found = findings(version.oauth_url_template, keys, target)
    finding = next((f for f in found if f.code == NO_CONSENT), None)
    return None if finding is None else ConsentGap(integration, version, finding)


def ask_consent_again(draft: VersionDraft, target: Target | None) -> bool:
    """Add prompt=consent to the draft's template (the linter's fix); False when it has no
    such finding or no safe fix for it."""
    found = findings(draft.template, draft.field_keys, target)
    finding = next((f for f in found if f.code == NO_CONSENT and f.fix is not None), None)
    if finding is None or finding.fix is None:
        return False
    draft.template = finding.fix.apply(draft.template)
    return True
