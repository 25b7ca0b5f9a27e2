"""A stand-in for the user's browser, for `BROWSER="python tests/stand_in_browser.py %s"`.

It loads the authorize URL, presses Accept (or Deny, with STAND_IN_DECISION=deny) on the
sandbox's consent page and follows the redirect to the console's callback listener.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from tests.browser import consent


def main(url: str) -> None:
    location = consent(url, decision=os.environ.get("STAND_IN_DECISION", "accept"))
    httpx.get(location, timeout=10)  # the redirect lands on the listener


if __name__ == "__main__":
    main(sys.argv[1])
