"""The shared HTTP plumbing: a body cap and a whole-request deadline, over real loopback HTTP."""

from __future__ import annotations

import asyncio
import socket
import threading
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
