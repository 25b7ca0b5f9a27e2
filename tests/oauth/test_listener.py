"""The loopback callback listener, spoken to over real sockets."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest

from tui.oauth.callback_result import Authorized, Refused
from tui.oauth.listener import CallbackListener, ListenerError, loopback_hosts

STATE = "expected-state"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def listener() -> AsyncIterator[CallbackListener]:
    server = CallbackListener("127.0.0.1", free_port(), STATE)
    await server.start()
    yield server
    await server.close()


def url(listener: CallbackListener, path: str) -> str:
    return f"http://127.0.0.1:{listener.port}{path}"


async def raw(listener: CallbackListener, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", listener.port)
    writer.write(data)
    await writer.drain()
    writer.write_eof()  # a client that stops mid-request
    answer = await reader.read()
    writer.close()
    return answer


async def test_valid_callback_is_taken_once(listener: CallbackListener) -> None:
    async with httpx.AsyncClient() as http:
        first = await http.get(
            url(
                listener,
                f"/callback?state={STATE}&code=1000.c&location=eu"
                "&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
            )
        )
        second = await http.get(url(listener, f"/callback?state={STATE}&code=other"))
    assert first.status_code == 200 and "You can close this tab" in first.text
    assert second.status_code == 409
    assert listener.outcome is not None
    assert listener.outcome.result() == Authorized("1000.c", "eu", "https://accounts.zoho.eu")


async def test_wrong_state_is_rejected_and_the_flow_keeps_waiting(
    listener: CallbackListener,
) -> None:
    async with httpx.AsyncClient() as http:
        wrong = await http.get(url(listener, "/callback?state=forged&code=evil"))
        missing = await http.get(url(listener, "/callback?code=evil"))
        assert wrong.status_code == 400 and "still waiting" in wrong.text
        assert missing.status_code == 400
        assert listener.outcome is not None and not listener.outcome.done()
        right = await http.get(url(listener, f"/callback?state={STATE}&code=good"))
    assert right.status_code == 200
    assert listener.outcome.result() == Authorized("good")
    assert len(listener.ignored) == 2


async def test_denied_consent(listener: CallbackListener) -> None:
    async with httpx.AsyncClient() as http:
        page = await http.get(url(listener, f"/callback?state={STATE}&error=access_denied"))
    assert "choose Accept" in page.text
    assert listener.outcome is not None and listener.outcome.result() == Refused("access_denied")


async def test_only_get_callback_is_served(listener: CallbackListener) -> None:
    async with httpx.AsyncClient() as http:
        assert (await http.get(url(listener, "/"))).status_code == 404
        assert (await http.get(url(listener, "/favicon.ico"))).status_code == 404
        assert (
            await http.post(url(listener, f"/callback?state={STATE}&code=c"))
        ).status_code == 405
    assert listener.outcome is not None and not listener.outcome.done()


async def test_reflected_parameters_are_escaped(listener: CallbackListener) -> None:
    async with httpx.AsyncClient() as http:
        page = await http.get(
            url(
                listener,
                f"/callback?state={STATE}&error=%3Cscript%3Ealert(1)"
                "%3C%2Fscript%3E&error_description=%22%3E%3Cimg%3E",
            )
        )
    assert "<script>" not in page.text and "<img>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_malformed_and_oversized_requests_do_not_crash(listener: CallbackListener) -> None:
    assert b"400" in (await raw(listener, b"garbage\r\n\r\n")).split(b"\r\n")[0]
    assert b"400" in (await raw(listener, b"GET /callback\r\n\r\n")).split(b"\r\n")[0]
    huge = b"GET /callback?x=" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n"
    assert b"431" in (await raw(listener, huge)).split(b"\r\n")[0]
    assert (await raw(listener, b"GET /call")).startswith(b"HTTP/1.1 400")  # cut short
    assert listener.outcome is not None and not listener.outcome.done()
    async with httpx.AsyncClient() as http:  # still serving
        assert (
            await http.get(url(listener, f"/callback?state={STATE}&code=ok"))
        ).status_code == 200


async def test_busy_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        listener = CallbackListener("127.0.0.1", port, STATE)
        with pytest.raises(ListenerError, match=f"Port {port} on 127.0.0.1 is already in use"):
            await asyncio.wait_for(listener.start(), 5)
    assert not listener.is_open


async def test_loopback_only_and_closed_after() -> None:
    port = free_port()
    listener = CallbackListener("localhost", port, STATE)
    await listener.start()
    addresses = listener.addresses
    assert addresses <= {"127.0.0.1", "::1"} and "127.0.0.1" in addresses
    await listener.close()
    assert not listener.is_open
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/callback")


async def test_a_second_flow_can_reuse_the_port_at_once() -> None:
    """After a callback the closed connection waits in TIME_WAIT; re-authenticating must work."""
    port = free_port()
    for attempt in range(3):
        listener = CallbackListener("localhost", port, STATE)
        await listener.start()
        async with httpx.AsyncClient() as http:
            answer = await http.get(f"http://127.0.0.1:{port}/callback?state={STATE}&code=c")
        assert answer.status_code == 200, attempt
        await listener.close()


def test_localhost_means_both_loopbacks() -> None:
    assert loopback_hosts("localhost") == ["127.0.0.1", "::1"]
    assert loopback_hosts("127.0.0.1") == ["127.0.0.1"]
    assert loopback_hosts("[::1]") == ["::1"]


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",  # a DNS-rebinding page: its own name, resolved to 127.0.0.1
        "localhost.evil.example:{port}",
        "localhost:{other}",
        "127.0.0.1",
        "",
        "127.0.0.1:{port}\r\nHost: evil.example:{port}",  # two Host headers
    ],
)
async def test_a_foreign_host_header_is_turned_away(listener: CallbackListener, host: str) -> None:
    named = host.format(port=listener.port, other=listener.port + 1)
    head = f"Host: {named}\r\n" if named else ""
    answer = await raw(
        listener,
        f"GET /callback?state={STATE}&code=1000.c HTTP/1.1\r\n{head}\r\n".encode(),
    )
    assert answer.split(b" ", 2)[1] in (b"400", b"421"), answer[:80]
    assert listener.outcome is not None and not listener.outcome.done()


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "[::1]", "LocalHost"])
async def test_each_loopback_name_of_our_port_is_accepted(
    listener: CallbackListener, name: str
) -> None:
    answer = await raw(
        listener,
        f"GET /callback?state={STATE}&code=1000.c HTTP/1.1\r\n"
        f"Host: {name}:{listener.port}\r\n\r\n".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert listener.outcome is not None and listener.outcome.result() == Authorized("1000.c")


@pytest.mark.parametrize(
    "target",
    [
        "http://evil.example/callback?state={state}&code=1000.c",  # absolute-form
        "http://127.0.0.1:{port}/callback?state={state}&code=1000.c",  # even naming us
        "//evil.example/callback?state={state}&code=1000.c",  # reads as an authority
        "*",
        "callback?state={state}&code=1000.c",
    ],
)
async def test_only_an_origin_form_target_is_served(
    listener: CallbackListener, target: str
) -> None:
    """A request naming another authority, with our own loopback Host, is refused (400) and
    nothing reaches the flow; the right request after it still does."""
    named = target.format(state=STATE, port=listener.port)
    host = f"Host: 127.0.0.1:{listener.port}\r\n"
    answer = await raw(listener, f"GET {named} HTTP/1.1\r\n{host}\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:80]
    assert b"named another" in answer
    assert listener.outcome is not None and not listener.outcome.done()
    good = f"GET /callback?state={STATE}&code=1000.c HTTP/1.1\r\n{host}\r\n"
    assert (await raw(listener, good.encode())).startswith(b"HTTP/1.1 200 ")
    assert listener.outcome.result() == Authorized("1000.c")
