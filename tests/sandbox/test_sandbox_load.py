"""The sandbox under load: its output never stalls a request, a client that goes away is one
log line, and paging is built once per change of the data."""

from __future__ import annotations

import re
import signal
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tui.clients.ipaas import IpaasClient
from tui.sandbox import SandboxServer, demo, start_sandbox
from tui.sandbox.request_log import RequestLog

ROOT = Path(__file__).parent.parent.parent
BANNER_END = "Press Ctrl+C to stop."


class SandboxCommand:
    """`ipaas-auth sandbox` as a process; its stdout is read up to the end of its banner, and
    then by nobody until it is stopped."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "sandbox", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self.process.stdout is not None
        match = re.search(r"at (http://\S+)", self.process.stdout.readline())
        assert match
        self.url = match.group(1)
        host, port = self.url.removeprefix("http://").rsplit(":", 1)
        self.address = (host, int(port))
        while self.process.stdout.readline().strip() != BANNER_END:
            pass  # (communicate, later, would not see lines left in this file's buffer)

    def stop(self) -> tuple[str, str]:
        """Ctrl+C, then everything it wrote after its banner (stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=20)
        assert self.process.returncode == 0, err
        return out, err


@pytest.fixture
def command() -> Iterator[SandboxCommand]:
    sandbox = SandboxCommand()
    yield sandbox
    if sandbox.process.poll() is None:
        sandbox.process.kill()
        sandbox.process.communicate(timeout=20)


def request_lines(out: str) -> list[str]:
    return out.splitlines()


def test_the_listen_backlog_takes_a_crowd() -> None:
    with start_sandbox(extra_dcs=["eu"]) as sandbox:
        assert len(sandbox.servers) == 2
        for server in sandbox.servers.values():
            assert server.request_queue_size >= 128


def test_requests_go_on_when_nobody_reads_the_output(command: SandboxCommand) -> None:
    # A pipe holds ~64 KiB: once full, a log written by the request thread froze every request.
    # Each path here makes a 2 KB log line: 200 requests write six times what the pipe holds.
    long_path = "/sandbox/v1/" + "x" * 2000
    with httpx.Client(timeout=30) as client:
        assert client.get(command.url + "/sandbox/v1/info").status_code == 200
        for _ in range(200):
            assert client.get(command.url + long_path).status_code == 404
    out, err = command.stop()
    lines = request_lines(out)
    assert lines[0] == "GET /sandbox/v1/info -> 200"
    assert "Traceback" not in err
    dropped = re.search(r"(\d+) request log lines were dropped", err)
    logged = sum(line == f"GET {long_path} -> 404" for line in lines)
    assert logged + (int(dropped.group(1)) if dropped else 0) == 200


def test_a_short_body_is_one_log_line_and_no_traceback(command: SandboxCommand) -> None:
    with socket.create_connection(command.address) as raw:
        raw.sendall(
            b"POST /sso/v2/Auth/Login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n" + b'{"email":"'
        )
        raw.shutdown(socket.SHUT_WR)
        assert raw.recv(1000) == b""  # closed without an answer
    out, err = command.stop()
    assert request_lines(out) == [
        "POST /sso/v2/Auth/Login: the client closed after 10 of 100 body bytes"
    ]
    assert "Traceback" not in err


def test_a_connection_reset_mid_request_is_one_log_line(command: SandboxCommand) -> None:
    raw = socket.create_connection(command.address)
    raw.sendall(b"GET /sandbox/v1/in")
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    raw.close()  # linger 0: a reset, not a clean close
    assert httpx.get(command.url + "/sandbox/v1/info").status_code == 200
    assert command.process.stdout is not None
    lines = [command.process.stdout.readline().rstrip("\n") for _ in range(2)]
    lines.sort(key=lambda line: line.startswith("GET"))  # the two threads may log in any order
    out, err = command.stop()
    assert out == ""  # nothing more: one line for the reset, one for the request after it
    reset = r"connection from 127\.0\.0\.1:\d+ ended: ConnectionResetError: .*"
    assert re.fullmatch(reset, lines[0]), lines
    assert lines[1] == "GET /sandbox/v1/info -> 200"
    assert "Traceback" not in err


def test_a_path_cannot_send_terminal_escapes(command: SandboxCommand) -> None:
    with socket.create_connection(command.address) as raw:
        raw.sendall(b"GET /a\x1b[2Jb\x07 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert raw.recv(1000).startswith(b"HTTP/1.1 404")
    assert command.process.stdout is not None
    # The line is logged just after the answer is sent: wait for it, then stop.
    line = command.process.stdout.readline()
    out, _err = command.stop()
    assert request_lines(line + out) == ["GET /a\\x1b[2Jb\\x07 -> 404"]
    assert "\x1b" not in line + out


def test_a_full_log_drops_and_counts_lines_and_says_so() -> None:
    written: list[str] = []
    entered, release = threading.Event(), threading.Event()

    def slow_write(line: str) -> None:
        entered.set()
        release.wait(30)
        written.append(line)

    log = RequestLog(slow_write, capacity=3)
    log("first")
    assert entered.wait(30)  # the writer holds "first" and is blocked
    for n in range(8):
        log(f"line {n}")  # 3 fit in the queue, 5 are dropped
    assert log.dropped == 5
    release.set()
    log.close(timeout=30)
    assert written == [
        "first",
        "(5 log lines dropped: the output was not read)",
        "line 0",
        "line 1",
        "line 2",
    ]


# --- paging ----------------------------------------------------------------------------


@pytest.fixture
def big_sandbox() -> Iterator[SandboxServer]:
    with start_sandbox(integrations=1234, subscriptions=567) as sandbox:
        yield sandbox


async def logged_in(url: str) -> IpaasClient:
    client = IpaasClient(url)
    await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
    await client.change_company((await client.list_companies())[0].id)
    return client


async def test_paging_returns_every_row_once_sorted_from_one_build(
    big_sandbox: SandboxServer,
) -> None:
    data = big_sandbox.ipaas.data
    async with await logged_in(big_sandbox.url) as client:
        integrations = await client.list_integrations()
        assert big_sandbox.ipaas.listings.builds == 1  # 13 pages, 8 of them asked at once
        subscriptions = await client.list_subscriptions()
        assert big_sandbox.ipaas.listings.builds == 2
        again = await client.list_integrations()
    assert big_sandbox.ipaas.listings.builds == 2
    assert sorted(i.id for i in integrations) == sorted(data.integrations)
    assert len({i.id for i in integrations}) == len(integrations) == 1235
    names = [i.name.lower() for i in integrations]
    assert names == sorted(names)
    assert again == integrations
    assert [s.id for s in subscriptions] == list(data.subscriptions)


async def test_a_rename_reorders_the_listing(big_sandbox: SandboxServer) -> None:
    async with await logged_in(big_sandbox.url) as client:
        before = await client.list_integrations()
        last = before[-1]
        assert last.name == "Zoho Commerce"  # after every "Generated Integration"
        integration = await client.get_integration(last.id)
        assert client.session is not None
        # Renamed by someone else (the portal): a plain request with the same session.
        headers = {"Authorization": f"Bearer {client.session.access_token}"}
        async with httpx.AsyncClient(base_url=big_sandbox.url, headers=headers) as portal:
            response = await portal.put(
                f"/integrators/v2/Integration/{last.id}",
                json={**integration.raw, "name": "Aardvark Commerce"},
            )
            assert response.status_code == 200
            after = await client.list_integrations()
            subscription = (await client.list_subscriptions())[3]
            response = await portal.put(
                f"/subscriptions/v2/Subscription/{subscription.id}",
                json={"name": "Renamed subscription", "settings": {}},
            )
            assert response.status_code == 200
        subscriptions = await client.list_subscriptions()
    assert after[0].id == last.id
    assert after[0].name == "Aardvark Commerce"
    assert [i.id for i in after[1:]] == [i.id for i in before[:-1]]
    assert subscriptions[3].name == "Renamed subscription"


async def test_an_integration_added_to_the_data_is_listed(big_sandbox: SandboxServer) -> None:
    data = big_sandbox.ipaas.data
    async with await logged_in(big_sandbox.url) as client:
        await client.list_integrations()
        copy = {**data.integrations[data.zoho_integration_id], "id": "added", "name": "A first"}
        data.integrations["added"] = copy
        listed = await client.list_integrations()
        del data.integrations["added"]
        without = await client.list_integrations()
    assert listed[0].id == "added"
    assert "added" not in {i.id for i in without}


def test_seeded_ids_are_the_uuid5_they_always_were() -> None:
    import uuid

    from tui.sandbox.ipaas_data import seed

    def uuid5(namespace: str, index: int) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ipaas-auth-sandbox/{namespace}/{index}"))

    data = seed(integrations=42, subscriptions=42, companies=2)  # and the Zoho ones: 0 to 42
    assert list(data.companies) == [uuid5("company", 0), uuid5("company", 1)]
    assert [user.id for user in data.users.values()] == [uuid5("user", n) for n in range(3)]
    versions = [i["versions"][0]["id"] for i in data.integrations.values()]
    assert versions == [uuid5("version", n) for n in range(43)]
    tracking = [s["tracking_guid"] for s in data.subscriptions.values()]
    assert tracking == [uuid5("tracking", n) for n in range(43)]
