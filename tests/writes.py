"""Saving through the one safe write path from a test that holds only a client."""

from __future__ import annotations

from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, Version, VersionEdit
from tui.core.changes import Saved, Writer, save_authorization_type, save_version
from tui.core.journal import Journal, Where

WHERE = Where("test", "sandbox", "Sandbox Company")


def writer_for(client: IpaasClient) -> Writer:
    """A writer journalling to the test's own ipaas-auth home."""
    return Writer(client, Journal(), WHERE)


async def save(
    client: IpaasClient, integration_id: str, loaded: Version, edit: VersionEdit
) -> Version:
    """Save `edit` as the console does; the version as read back."""
    saved: Saved = await save_version(writer_for(client), loaded, integration_id, edit)
    assert saved.version is not None
    return saved.version


async def save_type(client: IpaasClient, loaded: Integration, type_id: int) -> Integration:
    saved = await save_authorization_type(writer_for(client), loaded, type_id)
    assert saved.integration is not None
    return saved.integration
