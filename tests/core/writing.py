"""A logged-in writer for the safe-write tests, journalling to the test's own home."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tui.clients.ipaas import IpaasClient
from tui.core.changes import Writer
from tui.core.journal import Journal, Where
from tui.sandbox import SandboxServer, demo

WHERE = Where("demo", "sandbox", "Sandbox Company")


@contextlib.asynccontextmanager
async def opened(sandbox: SandboxServer) -> AsyncIterator[Writer]:
    """A logged-in client in the sandbox's company, with a journal in the test's home."""
    client = IpaasClient(sandbox.url, backoff=0.01)
    try:
        await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        await client.change_company(sandbox.ipaas.data.company_id)
        yield Writer(client, Journal(), WHERE)
    finally:
        await client.aclose()
