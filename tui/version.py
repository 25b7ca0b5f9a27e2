"""This installation's version, from its package metadata, read cheaply.

importlib.metadata costs 10 ms and more to import (email, zipfile, csv) on the way to the first
request; this looks for our `.dist-info` folder along sys.path (one listing of each entry, as
importlib.metadata does) and reads the Version line of its METADATA.
"""

from __future__ import annotations

import functools
import os
import sys

DISTRIBUTION = "ipaas_auth"  # the project's name as the .dist-info folder spells it
UNKNOWN = "0+unknown"  # run from a checkout that was never installed (PYTHONPATH=.)


@functools.cache
def package_version() -> str:
    prefix = DISTRIBUTION + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(".dist-info"):
                return (
                    _metadata_version(os.path.join(entry or ".", name))
                    or name[len(prefix) : -len(".dist-info")]
                )
    return UNKNOWN


def _metadata_version(folder: str) -> str | None:
    try:
        with open(os.path.join(folder, "METADATA"), encoding="utf-8") as metadata:
            for line in metadata:
                if line.startswith("Version:"):
                    return line.partition(":")[2].strip()
                if not line.strip():  # the headers end at the first empty line
                    break
    except OSError:
        return None
    return None


def user_agent() -> str:
    """What every request to iPaaS.com and Zoho says it comes from."""
    return f"ipaas-auth/{package_version()}"
