"""A 400 from iPaaS.com (ASP.NET) says which fields were refused and why: ProblemDetails'
`errors` object reaches the message, as plain text of bounded length."""

from __future__ import annotations

import json

import httpx
import pytest

from config.endpoints import BY_NAME
from tui.clients.errors import ServerError
from tui.clients.ipaas import IpaasClient
from tui.clients.responses import MAX_DETAIL, raise_for_status, server_message
from tui.sandbox import SandboxServer, demo
from tui.sandbox.routing import Request, Response, json_response

PROBLEM = {
    "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
    "title": "One or more validation errors occurred.",
    "status": 400,
    "traceId": "00-abc-01",
    "errors": {
        "custom_fields": ["The JSON value could not be converted to List`1."],
        "settings.Client ID": ["Required.", "Must be [1000.*]."],
    },
}


def answer(body: object, status: int = 400) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode())


def test_problem_details_give_the_title_and_each_field_reason() -> None:
    assert server_message(answer(PROBLEM)) == (
        "One or more validation errors occurred: custom_fields: The JSON value could not be "
        "converted to List`1.; settings.Client ID: Required.; settings.Client ID: Must be "
        "[1000.*]."
    )


def test_a_400_names_the_call_the_reasons_and_what_to_do() -> None:
    with pytest.raises(ServerError) as caught:
        raise_for_status(answer(PROBLEM), BY_NAME["update_version"])
    message = str(caught.value)
    assert caught.value.status == 400
    assert message.startswith(
        "iPaaS.com refused PUT /integrators/v2/Integration/{integration_id}/Version/"
        "{version_id} (save a version's template and custom fields) as invalid: One or more "
    )
    assert "custom_fields: The JSON value could not be converted" in message
    assert "try again later" not in message and "correct what it names" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "Plain."}, "Plain."),
        ({"errors": {"id": ["Bad id."]}}, "id: Bad id."),  # no title
        ({"errors": ["One.", 2, None, "Two."]}, "One.; Two."),  # a bare list of reasons
        ({"title": "T", "errors": {"a": "one", "b": [3, {"x": 1}], "c": None}}, "T: a: one"),
        ({"title": "T", "errors": {"": ["whole body"]}}, "T: whole body"),
        ({"title": "Line\nbreaks\r\n  kept  out"}, "Line breaks kept out"),
        ([1, 2], ""),
        ("text", ""),
    ],
)
def test_other_bodies_are_read_without_guessing(body: object, expected: str) -> None:
    assert server_message(answer(body)) == expected


def test_many_reasons_are_cut_to_a_bounded_length() -> None:
    errors = {f"field{i}": [f"reason {i} " + "x" * 40] for i in range(200)}
    text = server_message(answer({"title": "Invalid.", "errors": errors}))
    assert len(text) == MAX_DETAIL and text.endswith("…")
    assert text.startswith("Invalid: field0: reason 0 ")


def test_not_json_is_no_message() -> None:
    assert server_message(httpx.Response(400, content=b"<html>Bad Request</html>")) == ""


async def test_a_problem_details_400_over_http_reaches_the_caller(sandbox: SandboxServer) -> None:
    def invalid(request: Request) -> Response:
        return json_response(PROBLEM, 400)

    sandbox.ipaas.replace_handler("update_subscription", invalid)
    async with IpaasClient(sandbox.url) as client:
        await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        await client.change_company(sandbox.ipaas.data.company_id)
        with pytest.raises(ServerError) as caught:
            await client.update_subscription_settings(
                sandbox.ipaas.data.zoho_subscription_id, {"Client ID": "x"}
            )
    message = str(caught.value)
    assert "settings.Client ID: Required.; settings.Client ID: Must be [1000.*]." in message
    assert "PUT /subscriptions/v2/Subscription/{subscription_id}" in message
