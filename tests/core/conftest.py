"""The `writer` fixture: a logged-in client in the sandbox's company, with a journal."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.core.writing import opened
from tui.core.changes import Writer
from tui.sandbox import SandboxServer


@pytest.fixture
async def writer(sandbox: SandboxServer) -> AsyncIterator[Writer]:
    async with opened(sandbox) as w:
        yield w
