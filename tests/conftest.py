"""Fixtures: every test gets its own IPAAS_AUTH_HOME and an in-memory keyring."""

from __future__ import annotations

import os
import random
import socket
import sys
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.isolation import isolation_for
from tests.memory_keyring import MemoryKeyring
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.clock import FakeClock


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the developer's own config, home, XDG directories, keyring choice and browser out of
    every test."""
    # The user's own home and XDG directories too: nothing a test starts (a keyring backend, a
    # browser, a library's cache, a subprocess: it inherits them) reads or writes the
    # developer's files.
    for name, value in isolation_for(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("BROWSER", "false")
    monkeypatch.delenv("TMUX", raising=False)  # a copy must not land in the developer's tmux
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "WSL_DISTRO_NAME"):  # nor in their clipboard
        monkeypatch.delenv(name, raising=False)
    # The developer's terminal does not choose the colours (a 16-colour one changes the theme:
    # tui/theme.py); tests of that set TERM themselves.
    monkeypatch.setenv("COLORTERM", "truecolor")
    return Path(os.environ["IPAAS_AUTH_HOME"])


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


def _free_callback_port() -> int:
    """A free port a profile accepts (below the ephemeral range)."""
    for candidate in random.sample(range(20000, 32000), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return candidate
    raise RuntimeError("no free port between 20000 and 32000")


@pytest.fixture
def port() -> int:
    return _free_callback_port()


@pytest.fixture
def auth_sandbox(port: int) -> Iterator[SandboxServer]:
    """A sandbox that knows this test's callback URL, the preset already saved, and a second
    data centre (eu)."""
    from config.zoho import ZOHO_COMMERCE_TEMPLATE

    server = start_sandbox(
        clock=FakeClock(),
        integrations=1,
        subscriptions=1,
        redirect_uris=[f"http://localhost:{port}/callback"],
        extra_dcs=["eu"],
    )
    zoho = server.ipaas.data.integrations[server.ipaas.data.zoho_integration_id]
    zoho["versions"][0]["oauth_url_template"] = ZOHO_COMMERCE_TEMPLATE
    yield server
    server.stop()


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """$BROWSER names the stand-in browser, which accepts the sandbox's consent page."""
    stand_in = Path(__file__).parent / "stand_in_browser.py"
    monkeypatch.setenv("BROWSER", f"{sys.executable} {stand_in} %s")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # webbrowser reads BROWSER only once
