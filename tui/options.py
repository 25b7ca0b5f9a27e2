"""How the console was asked to start (from the command line)."""

from __future__ import annotations

from typing import NamedTuple

PROFILE_ENV = "IPAAS_AUTH_PROFILE"  # the profile to open when none is named


# A NamedTuple, not a frozen dataclass: imported on the way to the first frame, where building
# a dataclass costs ~0.5 ms, a NamedTuple ~0.1 ms (issue 13).
class StartOptions(NamedTuple):
    profile: str | None = None
    sandbox: bool = False
