"""Helpers for driving the console with Textual's pilot against a sandbox on loopback."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from config.paths import profiles_path
from tui.app import IpaasAuthApp
from tui.sandbox import SandboxServer


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], object], what: str, timeout: float = 15.0
) -> None:
    """Let the app run until `condition()` holds; fail with `what` if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def write_profiles(text: str) -> Path:
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def sandbox_profile_toml(sandbox: SandboxServer, name: str = "demo") -> str:
    return (
        f'default = "{name}"\n\n[profiles.{name}]\nenvironment = "sandbox"\n'
        f'api_url = "{sandbox.url}"\n'
    )


def staging_profile_toml(sandbox: SandboxServer, name: str = "acme") -> str:
    """A staging profile whose API is the sandbox: a real log-in, a staging RedirectUrl."""
    return (
        f'# Hand-written: keep this comment.\ndefault = "{name}"\n\n[profiles.{name}]\n'
        f'environment = "staging"\nemail = "integrator@sandbox.test"\n'
        f'api_url = "{sandbox.url}"\n'
    )


def screen_name(app: IpaasAuthApp) -> str:
    return type(app.screen).__name__


async def wait_loaded(pilot: Pilot[None], app: IpaasAuthApp) -> None:
    from tui.widgets.virtual_table import VirtualTable

    await wait_for(pilot, lambda: app.is_connected, "the console to connect")
    await wait_for(
        pilot,
        lambda: app.screen.query(VirtualTable) and app.screen.query_one(VirtualTable).rows,
        "the list to load",
    )
