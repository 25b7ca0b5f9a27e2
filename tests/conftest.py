"""Fixtures: every test gets its own IPAAS_AUTH_HOME and an in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.clock import FakeClock


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the developer's own config, keyring choice and browser out of every test."""
    home = tmp_path / "ipaas-auth-home"
    monkeypatch.setenv("IPAAS_AUTH_HOME", str(home))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("BROWSER", "false")
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sandbox(clock: FakeClock) -> Iterator[SandboxServer]:
    """A sandbox on a free loopback port, with a clock the test moves."""
    server = start_sandbox(clock=clock, integrations=3, subscriptions=2)
    yield server
    server.stop()
