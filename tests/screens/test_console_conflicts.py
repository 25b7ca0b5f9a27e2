"""Saving a version over a change made elsewhere: the console's face of the conflict rule."""

from __future__ import annotations

from config.environments import KNOWN_ENVIRONMENTS
from tests.console import (
    in_zoho_editor,
    read_back,
    sandbox_client,
    save_confirmed,
    saved_elsewhere,
    staging_with_password,
    version_editor,
    wait_for,
)
from tests.memory_keyring import MemoryKeyring
from tests.writes import save
from tui.core.draft import VersionDraft
from tui.core.versions import pick_version, preset_for
from tui.sandbox import SandboxServer


async def test_the_same_change_made_elsewhere_is_already_saved(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        # Someone applies the same preset in another console meanwhile.
        async with sandbox_client(sandbox) as other:
            integration = await other.get_integration(sandbox.ipaas.data.zoho_integration_id)
            draft = VersionDraft.of(integration, pick_version(integration))
            draft.apply_preset(preset_for(KNOWN_ENVIRONMENTS["staging"].portal_url))
            await save(other, integration.id, draft.version, draft.edit)
        sandbox.ipaas.requests.clear()
        await pilot.press("p")
        await save_confirmed(pilot, app)
        await wait_for(
            pilot,
            lambda: any("Already saved" in n.message for n in app.toasts()),
            "already saved",
        )
        editor = version_editor(app)
        assert not editor.query_one("#status").has_class("error")
        assert not any(n.severity == "error" for n in app.toasts())
    assert not any(m == "PUT" and "/Version/" in p for m, p in sandbox.ipaas.requests)


async def test_the_conflict_toast_is_short_and_the_details_are_on_the_screen(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor((80, 24)) as (pilot, app):
        await saved_elsewhere(sandbox, "https://theirs.example")
        await pilot.press("p")
        await save_confirmed(pilot, app)
        status = app.screen.query_one("#status")
        await wait_for(pilot, lambda: status.has_class("error"), "the conflict")
        assert "https://theirs.example" in str(status.render())
        toast = next(n for n in app.toasts() if n.severity == "error")
        assert "theirs.example" not in toast.message and len(toast.message) < 120
    assert (await read_back(sandbox)).versions[0].oauth_url_template == "https://theirs.example"
