"""The change journal as a person reads it: what each change changed, and which changes concern
one version. Shared by `ipaas-auth history` and the console's history screen."""

from __future__ import annotations

from tui.clients.version_body import DERIVED, same_value
from tui.core.journal import Entry, Journal


def changed_fields(entry: Entry) -> list[str]:
    """The fields the change sent with another value than the before-state."""
    before, sent = entry.before, entry.sent
    if isinstance(sent, list):  # persistent data: the items written (values masked)
        return [str(item["name"]) for item in sent if isinstance(item, dict) and "name" in item]
    if not isinstance(before, dict) or not isinstance(sent, dict):
        return []
    skipped = {"custom_fields", *(k for k in DERIVED if k not in before)}
    return [k for k, v in sent.items() if before.get(k, None) != v and k not in skipped] + (
        ["custom_fields"]
        if "custom_fields" in sent
        and not same_value("custom_fields", before.get("custom_fields"), sent["custom_fields"])
        else []
    )


def version_history(
    journal: Journal, profile: str, integration_id: str, version_id: str
) -> list[Entry]:
    """The changes of `profile` to one version, and to its integration's authorization type
    (a part of what the version editor saves), newest first."""

    def names(entry: Entry, key: str, value: str) -> bool:
        return str(entry.item.get(key, "")).lower() == value.lower()

    return [
        e
        for e in journal.entries(profile)
        if names(e, "integration_id", integration_id)
        and (
            (e.kind == "version" and names(e, "version_id", version_id))
            or e.kind == "authorization_type"
        )
    ]
