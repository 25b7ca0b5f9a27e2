"""The settings that choose how the sandbox answers where the evidence leaves a choice: each
declared once, as `ipaas-auth sandbox`'s flag and as the environment variable the console's
own sandbox reads. Light to import: the command line's parser is built from it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, cast

from config.errors import ConfigError

# The sandbox's own route (not iPaaS.com's): its accounts servers and settings, for a console
# or command using a sandbox that runs in another process. Here, light to import, for both.
INFO_PATH = "/sandbox/v1/info"
MAX_LATENCY_MS = 10_000

if TYPE_CHECKING:  # the parser is the caller's: the console reads these without argparse
    import argparse

    from tui.sandbox.ipaas_data import FieldsShape


class SandboxSettingError(ConfigError):
    """An environment variable gives a sandbox setting a value it does not take."""


@dataclass(frozen=True)
class EnvFlag:
    """A setting read from a flag of `ipaas-auth sandbox` or from an environment variable:
    what the two share (the name argparse gives it, the help, the error for a wrong value)."""

    flag: str
    env: str
    default: str
    help: str

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        """The flag; argparse converts a default given as text as it converts the flag's."""
        help = f"{self.help} (default {self.default}; the console's own sandbox: {self.env})"
        parser.add_argument(self.flag, default=self.default, help=help, **self.argument())

    def from_env(self, env: Mapping[str, str]) -> str:
        value = self.accepted(env.get(self.env, "").strip())
        if value is None:
            raise SandboxSettingError(
                f"{self.env}={env[self.env]!r} is not {self.wanted()}, or unset it for "
                f"{self.default}."
            )
        return value or self.default

    def argument(self) -> dict[str, Any]:
        """add_argument's keywords for the flag's own values."""
        raise NotImplementedError

    def accepted(self, value: str) -> str | None:
        """`value` as this setting takes it ("" for unset), or None if it does not."""
        raise NotImplementedError

    def wanted(self) -> str:
        """What a wrong value is not, and what to use instead."""
        raise NotImplementedError


@dataclass(frozen=True)
class Setting(EnvFlag):
    """A choice of a few words, any case in the environment."""

    choices: tuple[str, ...] = field(kw_only=True)

    def argument(self) -> dict[str, Any]:
        return {"choices": self.choices}

    def accepted(self, value: str) -> str | None:
        value = value.lower()
        return value if not value or value in self.choices else None

    def wanted(self) -> str:
        return f"a sandbox setting: use {' or '.join(self.choices)}"


CUSTOM_FIELDS = Setting(
    "--custom-fields",
    "IPAAS_AUTH_SANDBOX_CUSTOM_FIELDS",
    "dict",
    "shape of custom_fields in GET /subscriptions/v2/Integration/{id}: dict {key: value}, as "
    "iPaaS.com's SystemTypeResponse declares, or list of {key,value,available_in_api}; the "
    "integrators read and write always use the list",
    choices=("dict", "list"),
)


@dataclass(frozen=True)
class LatencySetting(EnvFlag):
    """A delay in milliseconds before every answer, iPaaS.com's and Zoho's alike: what a
    server far away costs, so that round trips show on loopback (benches, tests)."""

    def argument(self) -> dict[str, Any]:
        return {"type": int, "metavar": "MS"}

    def accepted(self, value: str) -> str | None:
        if value and not (value.isascii() and value.isdigit() and int(value) <= MAX_LATENCY_MS):
            return None
        return value

    def wanted(self) -> str:
        return f"a latency: use a whole number of milliseconds from 0 to {MAX_LATENCY_MS}"


INTEGRATORS_READ = Setting(
    "--integrators-read",
    "IPAAS_AUTH_SANDBOX_INTEGRATORS_READ",
    "on",
    "serve the assumed GET /integrators/v2/Integration/{id} (the OAuth fields' read), or "
    "answer it as a missing route (404, empty body) to exercise the fallback",
    choices=("on", "off"),
)
LATENCY = LatencySetting(
    "--latency",
    "IPAAS_AUTH_SANDBOX_LATENCY",
    "0",
    "delay every answer (iPaaS.com and Zoho) by MS milliseconds, as a far server would; each "
    "request waits on its own, so requests made together still overlap",
)
SETTINGS: tuple[EnvFlag, ...] = (CUSTOM_FIELDS, INTEGRATORS_READ, LATENCY)


class StartOptions(TypedDict):
    """`start_sandbox`'s keyword arguments for these settings."""

    custom_fields: FieldsShape
    integrators_read: bool
    latency: float  # seconds


def start_options(values: Mapping[str, object]) -> StartOptions:
    """The settings' values (by `dest`, as argparse names them) as `start_sandbox` takes them.
    SandboxSettingError for a latency out of range (the flag's value is checked here too)."""
    latency = int(str(values.get(LATENCY.dest, LATENCY.default)))
    if not 0 <= latency <= MAX_LATENCY_MS:
        raise SandboxSettingError(
            f"{LATENCY.flag} must be from 0 to {MAX_LATENCY_MS} milliseconds, not {latency}."
        )
    return {
        "custom_fields": cast("FieldsShape", values[CUSTOM_FIELDS.dest]),
        "integrators_read": values[INTEGRATORS_READ.dest] == "on",
        "latency": latency / 1000,
    }


def options_from_env(env: Mapping[str, str] | None = None) -> StartOptions:
    """The console's own sandbox's settings from the environment; SandboxSettingError (a
    ConfigError the console shows) for a value it does not take."""
    source = os.environ if env is None else env
    return start_options({s.dest: s.from_env(source) for s in SETTINGS})


def add_flags(parser: argparse.ArgumentParser) -> None:
    for setting in SETTINGS:
        setting.add_to(parser)


def describe(options: StartOptions) -> list[str]:
    """The settings in words, for the banner."""
    read = "served" if options["integrators_read"] else "a missing route (404, empty body)"
    lines = [
        f"custom_fields     a {options['custom_fields']} in the /subscriptions read "
        f"({CUSTOM_FIELDS.flag})",
        f"integrators read  {read} ({INTEGRATORS_READ.flag})",
    ]
    if options["latency"]:
        lines.append(
            f"latency           {options['latency'] * 1000:.0f} ms before every answer "
            f"({LATENCY.flag})"
        )
    return lines
