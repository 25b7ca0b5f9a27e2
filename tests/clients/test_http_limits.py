"""The shared HTTP plumbing: a body cap and a whole-request deadline, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tui.clients.errors import ResponseTooLargeError
from tui.clients.http import new_async_client, send_capped


def _serve(handler_bytes: list[bytes], delay: float = 0.0) -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def run() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                for part in handler_bytes:
                    if stop.is_set():
                        break
                    try:
                        conn.sendall(part)
                    except OSError:
                        break
                    if delay:
                        stop.wait(delay)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    thread.join()
    listener.close()


@pytest.fixture
def endless() -> Iterator[str]:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"10000\r\n" + b"[" * 0x10000 + b"\r\n"
    yield from _serve([head] + [chunk] * 400)  # 26 MB, more than the cap


@pytest.fixture
def trickle() -> Iterator[str]:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    yield from _serve([head] + [b" "] * 100, delay=0.3)  # one byte each 0.3 s: 30 s in all


async def test_an_endless_body_is_an_error_not_a_memory_spike(endless: str) -> None:
    async with new_async_client(verify=False) as http:
        with pytest.raises(ResponseTooLargeError, match="larger than 1 MB"):
            await send_capped(http, "GET", endless, what="Test server", limit=1024 * 1024)


async def test_a_trickling_answer_ends_at_the_deadline(trickle: str) -> None:
    async with new_async_client(verify=False) as http:
        with pytest.raises(httpx.TimeoutException, match="within 1 s"):
            await asyncio.wait_for(
                send_capped(http, "GET", trickle, what="Test server", deadline=1.0), timeout=10
            )


@pytest.fixture
def endless_trickle() -> Iterator[tuple[str, list[int]]]:
    """A loopback server that answers every request with a body it trickles forever (a byte
    every 20 ms, never the whole of it); the list counts the requests it got."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.1)
    stop = threading.Event()
    requests: list[int] = []
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"

    def trickle(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            requests.append(1)
            try:
                conn.sendall(head)
                while not stop.wait(0.02):
                    conn.sendall(b" ")
            except OSError:
                return  # the client gave up

    def run() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", requests
    stop.set()
    thread.join()
    listener.close()


async def test_one_deadline_covers_every_attempt_and_the_message_says_it(
    endless_trickle: tuple[str, list[int]],
) -> None:
    """A GET is retried, but all its attempts and their backoff share the per-request timeout:
    a trickling server used to cost 4 x 20 s and be reported as "within 20 s"."""
    from tui.clients.errors import UnreachableError
    from tui.clients.ipaas import IpaasClient, Session

    url, requests = endless_trickle
    timeout = 0.5
    async with IpaasClient(url, timeout=timeout, backoff=0.01) as client:
        client.session = Session("user", "User", "token", "refresh")
        started = time.monotonic()
        with pytest.raises(UnreachableError) as caught:
            await asyncio.wait_for(client.list_integrations(), timeout=30)
        waited = time.monotonic() - started
    message = str(caught.value)
    assert "did not answer (no complete answer within 0.5 s, 1 attempt)" in message, message
    assert len(requests) == 1  # no time was left for another attempt
    assert waited < 3 * timeout  # four attempts of 0.5 s each took 2 s and more


async def test_a_refused_connection_is_retried_and_the_attempts_counted() -> None:
    from tui.clients.errors import UnreachableError
    from tui.clients.ipaas import IpaasClient, Session

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    async with IpaasClient(refused, timeout=2.0, backoff=0.01) as client:
        client.session = Session("user", "User", "token", "refresh")
        with pytest.raises(UnreachableError) as caught:
            await asyncio.wait_for(client.list_integrations(), timeout=30)
    assert "Cannot reach iPaaS.com" in str(caught.value)
    assert "; 4 attempts)" in str(caught.value)
