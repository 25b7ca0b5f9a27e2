"""Unknown is not empty, on screen: for each part of a version iPaaS.com's read did not send,
the version editor (and the integration's screen) says it was not sent, never an empty value.
Pilot tests over real HTTP against the sandbox on loopback."""

from __future__ import annotations

import copy
from typing import Any

from textual.widgets import Select

from tests.config.test_template import SEED_TEMPLATE
from tests.console import (
    in_zoho_editor,
    open_version,
    painted,
    save_confirmed,
    screen_name,
    staging_with_password,
    version_editor,
    wait_for,
)
from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer
from tui.sandbox.routing import Request, Response, json_response

OAUTH_FIELDS = ("oauth_url_template", "oauth_identifier_field", "oauth_success_callback_field")
NOT_SENT = "not sent by iPaaS.com"
SIZES = [(80, 24), (120, 40)]


def stored_zoho(sandbox: SandboxServer) -> dict[str, Any]:
    return sandbox.ipaas.data.integrations[sandbox.ipaas.data.zoho_integration_id]


def read_without(sandbox: SandboxServer, *version_keys: str) -> None:
    """The integrators read's route missing, and the /subscriptions read without the
    authorization type and these version keys (custom_fields too, a worse case than
    iPaaS.com's SystemTypeResponse)."""
    sandbox.ipaas.hide("integration_edit")

    def answer(request: Request) -> Response:
        with sandbox.ipaas.lock:
            body = copy.deepcopy(sandbox.ipaas.data.integrations[request.params["integration_id"]])
        body.pop("oauth_authorization_type_id", None)
        for version in body["versions"]:
            for key in version_keys:
                version.pop(key, None)
        return json_response(body)

    sandbox.ipaas.replace_handler("integration", answer)


async def test_the_editor_says_what_was_not_sent_at_each_size(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """At 80x24, then resized to 120x40 with the editor opened again:
    - the editor says which read answered, and that the template (kept on iPaaS.com), the
      identifier and callback fields, the custom fields and the type were not sent
    - the integration's screen says the authorization type was not sent"""
    read_without(sandbox, *OAUTH_FIELDS, "custom_fields")
    stored_zoho(sandbox)["versions"][0]["oauth_url_template"] = SEED_TEMPLATE  # kept there
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor(SIZES[0]) as (pilot, app):

        async def says_not_sent(size: tuple[int, int]) -> None:
            screen = version_editor(app)
            await wait_for(pilot, lambda: tuple(screen.size) == size, f"the editor at {size}")
            await pilot.pause()
            read_from = " ".join(painted(screen.query_one("#read-from")).split())
            assert "the /subscriptions read" in read_from, f"{size}: the read named"
            assert NOT_SENT in painted(screen.query_one("#template-label")), f"{size}: label"
            template = painted(screen.query_one("#template"))
            assert NOT_SENT in template and SEED_TEMPLATE[:20] not in template, (
                f"{size}: the template not sent, not empty: {template}"
            )
            for box in ("#identifier-field", "#callback-field", "#fields", "#auth-type"):
                assert NOT_SENT in painted(screen.query_one(box)), f"{size}: {box}"
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) == "IntegrationScreen", "leaving")
            await pilot.pause()
            auth_type = painted(app.screen.query_one("#auth-type", Select))
            assert NOT_SENT in auth_type, f"{size}: the integration's type: {auth_type}"

        await says_not_sent(SIZES[0])
        await pilot.resize_terminal(*SIZES[1])
        await open_version(pilot, app)
        await says_not_sent(SIZES[1])


async def test_a_value_typed_over_an_unknown_one_is_shown_as_set(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    read_without(sandbox, "oauth_identifier_field")
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor() as (pilot, app):
        screen = version_editor(app)
        box = screen.query_one("#identifier-field")
        assert NOT_SENT in painted(box)
        assert NOT_SENT not in painted(screen.query_one("#callback-field"))  # sent, empty
        box.focus()
        await pilot.press(*"Org")
        assert NOT_SENT not in painted(box) and "Org" in painted(box)


async def test_what_a_save_has_to_say_stays_on_screen(
    sandbox: SandboxServer, memory_keyring: MemoryKeyring
) -> None:
    """The fallback read cannot confirm the authorization type: after saving the preset the
    note with the portal step is shown whole, also at 80x24 (an echo of the values the save
    put back in the boxes used to replace it with "No unsaved changes")."""

    read_without(sandbox)  # the fallback read sends the versions whole, but not the type
    staging_with_password(sandbox, memory_keyring)
    async with in_zoho_editor((80, 24)) as (pilot, app):
        await pilot.press("p")
        await save_confirmed(pilot, app)
        screen = version_editor(app)
        await wait_for(pilot, lambda: screen.saved, "the save")
        status = screen.query_one("#status")
        await wait_for(pilot, lambda: "could not be confirmed" in painted(status), "the note")
        await pilot.pause()
        shown = " ".join(painted(status).split())
        assert "could not be confirmed" in shown and "Authorization Type:" in shown
        assert shown.endswith("> Apply.")
