"""`ipaas-auth sandbox` in its own process for the benchmarks, so serving the data costs the
measured console neither CPU nor memory; and a profile pointing the console at it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SandboxProcess:
    def __init__(self, integrations: int) -> None:
        self.args = [sys.executable, "-m", "tui", "sandbox", "--integrations", str(integrations)]

    def __enter__(self) -> str:
        """Start it; the API URL it prints on its first line."""
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        # Keep reading its request log: an unread pipe fills after ~1,300 requests and the
        # sandbox would freeze mid-benchmark.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        return first.rsplit(" at ", 1)[1].strip()

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(10)


def write_sandbox_profile(home: Path, url: str) -> None:
    """A profiles.toml whose default profile uses the sandbox at `url`."""
    (home / "profiles.toml").write_text(
        f'default = "bench"\n[profiles.bench]\nenvironment = "sandbox"\napi_url = "{url}"\n'
    )
