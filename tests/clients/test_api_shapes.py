"""Wrong shapes from iPaaS.com end in our own errors, and a burst of 401s refreshes once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.clients import models
from tui.clients.errors import ApiError, ResponseTooLargeError, UnexpectedShapeError
from tui.clients.ipaas import IpaasClient
from tui.clients.responses import total_pages
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.clock import FakeClock
from tui.sandbox.routing import Request, Response, html_response, json_response

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "versions",
                    "custom_fields",
                    "key",
                    "value",
                    "available_in_api",
                    "settings",
                    "persistent_data",
                    "designations",
                    "type",
                    "integration_id",
                    "oauth_authorization_type_id",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=12,
)

READERS: list[Callable[[object], object]] = [
    models.Company.from_json,
    models.IntegrationSummary.from_json,
    models.Integration.from_json,
    models.Version.from_json,
    models.SubscriptionSummary.from_json,
    models.Subscription.from_json,
    models.PersistentDatum.from_json,
]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: getattr(r, "__qualname__", "?"))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JSON)
def test_any_json_gives_a_model_or_our_error(
    reader: Callable[[object], object], value: Any
) -> None:
    try:
        reader(value)
    except UnexpectedShapeError as exc:
        assert "expected" in str(exc) and "got" in str(exc)


@given(header=st.text(max_size=40) | JSON.map(json.dumps))
def test_any_pagination_header_is_a_page_count(header: str) -> None:
    assert total_pages(header) >= 1


# --- an iPaaS.com that answers oddly, over real HTTP ------------------------------------------


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[IpaasClient]:
    c = IpaasClient(sandbox.url, backoff=0.01, retries=0)
    await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
    await c.change_company(sandbox.ipaas.data.company_id)
    yield c
    await c.aclose()


def answer(response: Response) -> Callable[[Request], Response]:
    return lambda request: response


SUB = "7000"
CALLS: dict[str, Callable[[IpaasClient], Awaitable[object]]] = {
    "integrations": lambda c: c.list_integrations(),
    "integration_edit": lambda c: c.get_integration("3000"),
    "integration": lambda c: c.get_integration("3000"),  # with the integrators read missing
    "subscriptions": lambda c: c.list_subscriptions(),
    "subscription": lambda c: c.get_subscription(SUB),
    "companies": lambda c: c.list_companies(),
    "change_company": lambda c: c.change_company("x"),
}
ODD = {
    "an object for a list": json_response({"items": []}),
    "null": json_response(None),
    "a list for an object": json_response([1, 2]),
    "ids as null": json_response([{"id": None}]),
    "html with 200": html_response("<html>portal</html>"),
    "numbers as strings everywhere": json_response({"id": {"n": "1"}, "versions": "3"}),
}


@pytest.mark.parametrize("odd", list(ODD), ids=list(ODD))
@pytest.mark.parametrize("name", list(CALLS))
async def test_every_reader_names_a_wrong_shape(
    client: IpaasClient, sandbox: SandboxServer, name: str, odd: str
) -> None:
    sandbox.ipaas.replace_handler(name, answer(ODD[odd]))
    if name == "integration":
        sandbox.ipaas.hide("integration_edit")
    with pytest.raises(UnexpectedShapeError) as caught:
        await CALLS[name](client)
    assert "expected" in str(caught.value) or "not JSON" in str(caught.value)


@pytest.mark.parametrize("field", ["id", "access_token"])
async def test_login_without_a_usable_token_is_our_error(
    sandbox: SandboxServer, field: str
) -> None:
    body = {"id": "u", "access_token": "t", field: {"odd": 1}}
    sandbox.ipaas.replace_handler("login", answer(json_response(body)))
    async with IpaasClient(sandbox.url) as c:
        with pytest.raises(UnexpectedShapeError):
            await c.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)


async def test_a_too_large_answer_is_refused_unread(
    client: IpaasClient, sandbox: SandboxServer
) -> None:
    huge = Response(200, b"[" + b"1," * (6 * 1024 * 1024) + b"1]", "application/json")
    sandbox.ipaas.replace_handler("subscriptions", answer(huge))
    with pytest.raises(ResponseTooLargeError, match="larger than 10 MB"):
        await client.list_subscriptions()


async def test_odd_answers_are_all_api_errors(client: IpaasClient, sandbox: SandboxServer) -> None:
    """The catch-all: nothing but our ApiError family leaves the client."""
    sandbox.ipaas.replace_handler(
        "subscription",
        answer(json_response({"id": 1, "settings": ["a"], "persistent_data": {"a": 1}})),
    )
    with pytest.raises(ApiError):
        await client.get_subscription(SUB)


# --- single-flight refresh ---------------------------------------------------------------------


async def test_a_burst_of_401s_refreshes_once_and_the_list_is_complete() -> None:
    clock = FakeClock()
    with start_sandbox(clock=clock, integrations=120, subscriptions=0) as sandbox:
        sandbox.ipaas.page_size = 5  # 25 pages, fetched 8 at a time after the first

        def expire_after_first_page(request: Request, response: Response) -> None:
            if request.query.get("pageNumber") == "1" and "Lookup" in request.path:
                clock.advance(3601)  # every page after the first meets an expired token

        async with IpaasClient(sandbox.url) as client:
            await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
            await client.change_company(sandbox.ipaas.data.company_id)
            sandbox.ipaas.observers.append(expire_after_first_page)
            rows = await client.list_integrations()
        refreshes = sandbox.ipaas.calls["refresh"]
    assert refreshes == 1
    assert len(rows) == 121
    assert len({r.id for r in rows}) == 121
