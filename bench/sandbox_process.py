"""`ipaas-auth sandbox` in its own process for the benchmarks, so serving the data costs the
measured console neither CPU nor memory; and a profile pointing the console at it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SandboxProcess:
    """Start on enter (the API URL is the value), stop on exit.

    Its output, a line per request, is read to the end by a thread: a pipe nobody reads fills
    up. `started_in` is the time from spawning to the first line (seeding the data included).
    """

    def __init__(self, integrations: int, subscriptions: int = 5, *options: str) -> None:
        self.args = [
            sys.executable,
            "-m",
            "tui",
            "sandbox",
            "--integrations",
            str(integrations),
            "--subscriptions",
            str(subscriptions),
            *options,  # e.g. "--latency", "150"
        ]
        self.started_in = 0.0
        self.lines = 0

    def __enter__(self) -> str:
        start = time.perf_counter()
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        self.started_in = time.perf_counter() - start
        threading.Thread(target=self._drain, daemon=True).start()
        return first.rsplit(" at ", 1)[1].strip()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for _line in self.process.stdout:
            self.lines += 1

    @property
    def pid(self) -> int:
        return self.process.pid

    def peak_memory_kib(self) -> int:
        """The sandbox's peak resident memory (VmHWM), 0 where /proc is missing."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(10)


def write_sandbox_profile(home: Path, url: str) -> None:
    """A profiles.toml whose default profile uses the sandbox at `url`."""
    (home / "profiles.toml").write_text(
        f'default = "bench"\n[profiles.bench]\nenvironment = "sandbox"\napi_url = "{url}"\n'
    )
