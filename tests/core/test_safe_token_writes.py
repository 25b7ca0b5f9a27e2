"""Tokens pushed to a subscription's persistent data, over real HTTP against the strict sandbox:
journalled with the secrets masked, read back, the integration's own items kept (written back
when a POST replaced the list), and a write that cannot keep them fails by name."""

from __future__ import annotations

import pytest

from tests.core.writing import WHERE
from tui.clients.errors import ServerError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import PersistentDatum
from tui.core.changes import Writer
from tui.core.history import changed_fields
from tui.core.journal import JournalRecorder
from tui.redaction import REDACTED
from tui.sandbox import SandboxServer
from tui.sandbox.routing import Request, Response


def journalled(writer: Writer) -> IpaasClient:
    """The writer's client, each write journalled as the console's are."""
    writer.client.recorder = JournalRecorder(writer.journal, lambda: WHERE)
    return writer.client


async def test_tokens_pushed_are_journalled_masked_and_read_back(
    writer: Writer, sandbox: SandboxServer
) -> None:
    client = journalled(writer)
    subscription = sandbox.ipaas.data.zoho_subscription_id
    access = "1000." + "c" * 32 + "." + "d" * 32
    await client.write_persistent_data(subscription, [PersistentDatum("AccessToken", access)])
    (entry,) = writer.journal.entries()
    assert (entry.kind, entry.status) == ("persistent_data", "ok")
    assert entry.sent == [{"name": "AccessToken", "value": REDACTED, "expiration_date_time": None}]
    assert access not in writer.journal.path.read_text()

    real = sandbox.ipaas.handlers["persistent_data"]

    def forgetful(request: Request) -> Response:
        real(request)
        sandbox.ipaas.data.subscriptions[subscription]["persistent_data"] = []
        return Response(200, b'{"status": "success"}')

    sandbox.ipaas.replace_handler("persistent_data", forgetful)
    with pytest.raises(ServerError, match="did not keep AccessToken"):
        await client.write_persistent_data(subscription, [PersistentDatum("AccessToken", access)])
    assert writer.journal.entries()[0].status == "failed"


async def test_the_journal_keeps_the_whole_list_and_items_dropped_are_written_back(
    writer: Writer, sandbox: SandboxServer
) -> None:
    """The integration's own items (poll state) are in the journal's before-state, and a POST
    that replaces the list (the sandbox's worst case) has them written back, said in the entry."""
    client = journalled(writer)
    subscription = sandbox.ipaas.data.zoho_subscription_id
    poll = {"name": "LastPoll", "value": "42", "expiration_date_time": None}
    sandbox.ipaas.data.subscriptions[subscription]["persistent_data"] = [poll]
    await client.write_persistent_data(subscription, [PersistentDatum("RefreshToken", "r")])
    (entry,) = writer.journal.entries()
    assert entry.before == [poll]
    assert changed_fields(entry) == ["RefreshToken"]  # what `history` names for it
    assert (entry.status, entry.outcome["detail"]) == (
        "ok",
        "iPaaS.com dropped LastPoll; written back",
    )
    held = sandbox.ipaas.data.subscriptions[subscription]["persistent_data"]
    assert {item["name"]: item["value"] for item in held} == {"LastPoll": "42", "RefreshToken": "r"}


async def test_items_that_cannot_be_written_back_fail_the_write_by_name(
    writer: Writer, sandbox: SandboxServer
) -> None:
    client = journalled(writer)
    subscription = sandbox.ipaas.data.zoho_subscription_id
    poll = {"name": "LastPoll", "value": "42", "expiration_date_time": None}
    sandbox.ipaas.data.subscriptions[subscription]["persistent_data"] = [poll]
    real = sandbox.ipaas.handlers["persistent_data"]

    def keeps_only_tokens(request: Request) -> Response:
        answer = real(request)
        held = sandbox.ipaas.data.subscriptions[subscription]["persistent_data"]
        held[:] = [item for item in held if item["name"] != "LastPoll"]
        return answer

    sandbox.ipaas.replace_handler("persistent_data", keeps_only_tokens)
    with pytest.raises(ServerError, match=r"removed LastPoll .* `ipaas-auth history --json` shows"):
        await client.write_persistent_data(subscription, [PersistentDatum("RefreshToken", "r")])
    (entry,) = writer.journal.entries()
    assert entry.status == "failed"
    assert entry.before == [poll]  # what to put back, by hand
