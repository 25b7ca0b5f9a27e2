"""Writes that cannot silently destroy what is on iPaaS.com, over real HTTP against the strict
sandbox: bodies of what was read or edited, a refusal before sending what is unknown, a journal
entry before every write, a read-back that reverts what a server destroyed, and undo."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from config.presets import ZOHO_COMMERCE
from config.zoho import OAUTH_INITIATED_WITHIN_IPAAS, ZOHO_COMMERCE_TEMPLATE
from tests.core.writing import WHERE, opened
from tui.clients.errors import (
    NotFoundError,
    RouteNotFoundError,
    VersionConflictError,
)
from tui.clients.models import CustomField, Integration, Version, VersionEdit
from tui.clients.version_body import missing_write_fields, version_body
from tui.core.changes import (
    UnsafeWriteError,
    Writer,
    WriteRevertedError,
    save_authorization_type,
    save_version,
)
from tui.core.draft import VersionDraft
from tui.core.undo import apply_undo, plan_undo
from tui.core.versions import preset_for, save_draft
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.routing import Request, Response

PORTAL = "https://portal.ipaas.com"


def stored(sandbox: SandboxServer) -> dict[str, Any]:
    """The sandbox's own record of the Zoho integration (versions included)."""
    return sandbox.ipaas.data.integrations[sandbox.ipaas.data.zoho_integration_id]


def puts(sandbox: SandboxServer) -> list[str]:
    return [path for method, path in sandbox.ipaas.requests if method in ("PUT", "PATCH")]


@pytest.fixture
def fallback_sandbox() -> Iterator[SandboxServer]:
    """The integrators read's route missing: versions come from /subscriptions only."""
    server = start_sandbox(
        clock=FakeClock(), integrations=2, subscriptions=1, integrators_read=False
    )
    yield server
    server.stop()


async def zoho(writer: Writer, sandbox: SandboxServer) -> Integration:
    return await writer.client.get_integration(sandbox.ipaas.data.zoho_integration_id)


# --- the seed procedure changes what it sets and nothing else ----------------------------------


async def test_the_seed_sets_template_redirect_url_and_type_and_nothing_else(
    writer: Writer, sandbox: SandboxServer
) -> None:
    record = stored(sandbox)
    record["versions"][0]["release_notes"] = "First release"
    record["versions"][0]["custom_fields"] = [
        {"key": "Existing", "value": "kept", "available_in_api": False}
    ]
    before = copy.deepcopy(record)
    integration = await zoho(writer, sandbox)
    assert integration.source == "integrators"
    draft = VersionDraft.of(integration, integration.versions[0])
    draft.apply_preset(preset_for(PORTAL, ZOHO_COMMERCE))
    await save_draft(writer, draft)
    after = stored(sandbox)
    version = after["versions"][0]
    assert version["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
    assert version["custom_fields"] == [
        {"key": "Existing", "value": "kept", "available_in_api": False},
        {
            "key": "RedirectUrl",
            "value": f"{PORTAL}/customer/subscription-mgmt/subscriptions/authorization/app",
            "available_in_api": True,
        },
    ]
    assert after["oauth_authorization_type_id"] == OAUTH_INITIATED_WITHIN_IPAAS
    unchanged = ("oauth_url_template", "custom_fields")
    assert {k: v for k, v in version.items() if k not in unchanged} == {
        k: v for k, v in before["versions"][0].items() if k not in unchanged
    }
    assert {
        k: v for k, v in after.items() if k not in ("versions", "oauth_authorization_type_id")
    } == {k: v for k, v in before.items() if k not in ("versions", "oauth_authorization_type_id")}
    kinds = [(e.kind, e.status) for e in writer.journal.entries()]
    assert kinds == [("authorization_type", "ok"), ("version", "ok")]


async def test_the_journal_entry_is_written_before_the_write_is_sent(
    writer: Writer, sandbox: SandboxServer
) -> None:
    seen: list[list[str]] = []

    def observe(request: Request, response: Response) -> None:
        if request.method == "PUT":
            seen.append([e.status for e in writer.journal.entries()])

    sandbox.ipaas.observers.append(observe)
    integration = await zoho(writer, sandbox)
    version = integration.versions[0]
    await save_version(writer, version, integration.id, VersionEdit("https://x/{iPaaSState}", None))
    assert seen == [["pending"]]  # the server saw the PUT while the entry waited for its outcome
    assert [e.status for e in writer.journal.entries()] == ["ok"]


async def test_custom_fields_are_written_as_a_list_whatever_shape_was_read() -> None:
    integration = Integration("7", "Zoho", None, (), {"id": 7}, "subscriptions")
    read = Version.from_json({"id": "v", "name": "1.0", "custom_fields": {"RedirectUrl": "u"}})
    assert read.fields_shape == "dict" and read.oauth_url_template is None
    body = version_body(integration, read, VersionEdit(None, None))
    assert body["custom_fields"] == [{"key": "RedirectUrl", "value": "u"}]
    assert "oauth_url_template" not in body  # unknown: never sent, not as "" nor null
    assert body["parent_id"] == 7  # the integration's id as it was read
    new = (CustomField("RedirectUrl", "u", None), CustomField("New", "n"))
    added = version_body(integration, read, VersionEdit(None, new))
    assert added["custom_fields"][1] == {"key": "New", "value": "n", "available_in_api": True}
    assert version_body(integration, read, VersionEdit(None, None), "dict")["custom_fields"] == {
        "RedirectUrl": "u"
    }
    missing = missing_write_fields(read, VersionEdit(None, None), body)
    assert "oauth_url_template" in missing
    assert "available_in_api of custom field RedirectUrl" in missing


# --- the fallback read: unknown is never written -----------------------------------------------


async def test_with_the_integrators_read_missing_a_save_of_redirect_url_is_refused_unsent(
    fallback_sandbox: SandboxServer,
) -> None:
    record = stored(fallback_sandbox)
    record["versions"][0]["oauth_url_template"] = ZOHO_COMMERCE_TEMPLATE
    async with opened(fallback_sandbox) as writer:
        integration = await zoho(writer, fallback_sandbox)
        assert integration.source == "subscriptions"
        version = integration.versions[0]
        assert version.oauth_url_template is None  # not sent: unknown, not ""
        draft = VersionDraft.of(integration, version)
        draft.set_field(CustomField("RedirectUrl", "https://portal.example/app"))
        assert "oauth_url_template" in draft.unknown
        with pytest.raises(UnsafeWriteError, match="oauth_url_template") as refused:
            await save_draft(writer, draft)
        assert "integration_edit" in str(refused.value)
        assert writer.journal.entries() == []
    assert puts(fallback_sandbox) == []
    assert stored(fallback_sandbox)["versions"][0]["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE


async def test_with_the_integrators_read_missing_the_type_is_not_guessed(
    fallback_sandbox: SandboxServer,
) -> None:
    async with opened(fallback_sandbox) as writer:
        integration = await zoho(writer, fallback_sandbox)
        assert integration.authorization_type_id is None
        draft = VersionDraft.of(integration, integration.versions[0])
        draft.authorization_type_id = OAUTH_INITIATED_WITHIN_IPAAS
        assert draft.diff()[1] == "- (not sent by iPaaS.com)"
        await save_draft(writer, draft)
        (note,) = draft.notes
        assert "could not be confirmed" in note and "OAuth Initiated within iPaaS > Apply" in note
        assert not draft.dirty  # nothing left unsaved: the note says how to set it
    assert puts(fallback_sandbox) == []
    assert stored(fallback_sandbox)["oauth_authorization_type_id"] == 0


def test_a_diff_of_an_unknown_template_says_it_replaces_what_nobody_has_seen() -> None:
    integration = Integration("7", "Zoho", None, (), {"id": 7}, "subscriptions")
    version = Version.from_json({"id": "v", "name": "1.0", "custom_fields": {}})
    draft = VersionDraft.of(integration, version)
    assert not draft.dirty and draft.edit.template is None
    draft.template = "https://accounts.zoho.com/oauth/v2/auth"
    assert draft.diff()[:2] == [
        "OAuth URL template",
        "- (not sent by iPaaS.com): unknown, this change replaces it",
    ]


# --- a server that destroys what it was not asked to change --------------------------------------


async def test_a_field_emptied_by_the_server_is_caught_and_written_back(
    writer: Writer, sandbox: SandboxServer
) -> None:
    stored(sandbox)["versions"][0]["release_notes"] = "Keep me"
    real = sandbox.ipaas.handlers["update_version"]
    calls = []

    def careless(request: Request) -> Response:
        """The real write, then release_notes emptied, once (a server gone wrong)."""
        response = real(request)
        calls.append(request.path)
        if len(calls) == 1:
            stored(sandbox)["versions"][0]["release_notes"] = ""
        return response

    sandbox.ipaas.replace_handler("update_version", careless)
    integration = await zoho(writer, sandbox)
    version = integration.versions[0]
    with pytest.raises(WriteRevertedError, match="release_notes") as caught:
        await save_version(writer, version, integration.id, VersionEdit("https://x", None))
    assert "written back as it was before" in str(caught.value)
    assert len(calls) == 2  # the write, then the before-state
    record = stored(sandbox)["versions"][0]
    assert record["release_notes"] == "Keep me"
    assert record["oauth_url_template"] == ""  # the edit is not kept either: all as before
    (entry,) = writer.journal.entries()
    assert entry.status == "reverted" and "release_notes" in entry.outcome["detail"]


async def test_a_conflict_writes_nothing_and_journals_nothing(
    writer: Writer, sandbox: SandboxServer
) -> None:
    integration = await zoho(writer, sandbox)
    stored(sandbox)["versions"][0]["oauth_url_template"] = "changed elsewhere"
    with pytest.raises(VersionConflictError):
        await save_version(
            writer, integration.versions[0], integration.id, VersionEdit("mine", None)
        )
    assert puts(sandbox) == [] and writer.journal.entries() == []


# --- undo ------------------------------------------------------------------------------------


async def test_undo_of_the_seed_restores_the_item_exactly(
    writer: Writer, sandbox: SandboxServer
) -> None:
    original = copy.deepcopy(stored(sandbox))
    integration = await zoho(writer, sandbox)
    draft = VersionDraft.of(integration, integration.versions[0])
    draft.apply_preset(preset_for(PORTAL, ZOHO_COMMERCE))
    await save_draft(writer, draft)
    for entry in writer.journal.entries()[:2]:  # the type, then the version
        plan = await plan_undo(writer.client, entry)
        assert plan.needed and plan.diff
        await apply_undo(writer, plan)
    assert stored(sandbox) == original
    undone = [e.undo_of for e in writer.journal.entries()[:2]]
    assert all(undone)


async def test_undo_refuses_to_overwrite_a_later_change(
    writer: Writer, sandbox: SandboxServer
) -> None:
    integration = await zoho(writer, sandbox)
    await save_version(writer, integration.versions[0], integration.id, VersionEdit("mine", None))
    stored(sandbox)["versions"][0]["oauth_url_template"] = "someone else's"
    (entry,) = writer.journal.entries()
    with pytest.raises(VersionConflictError, match="someone else's"):
        await plan_undo(writer.client, entry)
    assert stored(sandbox)["versions"][0]["oauth_url_template"] == "someone else's"


# --- an item's 404 with an empty body is a missing route only when proved ------------------------


async def test_an_empty_404_for_one_item_is_not_found_when_the_route_answers_another(
    writer: Writer, sandbox: SandboxServer
) -> None:
    real = sandbox.ipaas.handlers["subscription"]
    hidden = list(sandbox.ipaas.data.subscriptions)[-1]  # not the first the list names

    def hiding(request: Request) -> Response:
        if request.path.endswith(f"/{hidden}"):
            return Response(404, b"", "text/plain")
        return real(request)

    sandbox.ipaas.replace_handler("subscription", hiding)
    with pytest.raises(NotFoundError, match="no access to it") as caught:
        await writer.client.get_subscription(hidden)
    assert not isinstance(caught.value, RouteNotFoundError)


async def test_an_empty_404_for_every_item_is_a_missing_route_with_its_override(
    writer: Writer, sandbox: SandboxServer
) -> None:
    sandbox.ipaas.disable("subscription")
    with pytest.raises(RouteNotFoundError, match="subscription = "):
        await writer.client.get_subscription(sandbox.ipaas.data.zoho_subscription_id)


async def test_undo_leaves_alone_and_names_what_was_unknown_before(
    writer: Writer, sandbox: SandboxServer
) -> None:
    record = stored(sandbox)
    version = record["versions"][0]
    version["oauth_identifier_field"] = "set later"
    version["oauth_url_template"] = "https://after"
    item = {"integration_id": str(record["id"]), "version_id": version["id"]}
    # A change made from the fallback read: the identifier's before-state was never sent.
    entry = writer.journal.begin(
        WHERE,
        "version",
        item,
        {"id": version["id"], "oauth_url_template": "https://before"},
        {"oauth_url_template": "https://after", "oauth_identifier_field": "set later"},
    )
    writer.journal.finish(entry, "ok")
    plan = await plan_undo(writer.client, entry)
    assert plan.left_alone == ["oauth_identifier_field"]
    assert plan.diff == ["OAuth URL template", "- https://after", "+ https://before"]
    await apply_undo(writer, plan)
    assert version["oauth_url_template"] == "https://before"
    assert version["oauth_identifier_field"] == "set later"


def test_the_authorization_types_json_name_is_the_profiles_choice() -> None:
    raw = {"id": 7, "name": "Zoho", "AuthorizationTypeId": "1", "versions": []}
    assert Integration.from_json(raw).authorization_type_id is None  # not sent under that name
    chosen = Integration.from_json(raw, type_field="AuthorizationTypeId")
    assert chosen.authorization_type_id == 1


async def test_an_integration_field_nulled_by_the_server_is_written_back(
    writer: Writer, sandbox: SandboxServer
) -> None:
    real = sandbox.ipaas.handlers["update_integration"]
    calls = []

    def careless(request: Request) -> Response:
        """The real write, then dll_name nulled, once."""
        response = real(request)
        calls.append(request.path)
        if len(calls) == 1:
            stored(sandbox)["dll_name"] = None
        return response

    sandbox.ipaas.replace_handler("update_integration", careless)
    integration = await zoho(writer, sandbox)
    with pytest.raises(WriteRevertedError, match="dll_name") as caught:
        await save_authorization_type(writer, integration, OAUTH_INITIATED_WITHIN_IPAAS)
    assert "written back as it was before" in str(caught.value)
    assert stored(sandbox)["dll_name"] == "Integration.dll"
    assert stored(sandbox)["oauth_authorization_type_id"] == 0
    assert writer.journal.entries()[0].status == "reverted"
