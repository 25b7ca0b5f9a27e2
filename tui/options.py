"""How the console was asked to start (from the command line)."""

from __future__ import annotations

from dataclasses import dataclass

PROFILE_ENV = "IPAAS_AUTH_PROFILE"  # the profile to open when none is named


@dataclass(frozen=True)
class StartOptions:
    profile: str | None = None
    sandbox: bool = False
