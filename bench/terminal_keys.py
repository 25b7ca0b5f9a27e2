"""CPU per keystroke in a real terminal: the filter over N integrations against a bare Input.

    uv run python bench/terminal_keys.py [--keys 180] [--integrations 10000 100000]

Both apps run in tmux (120x40) and get the same keys through `tmux send-keys`, paced like
fast typing. The CPU each process spends (utime + stime from /proc) while the keys arrive,
minus what it spends idle for as long, divided by the number of keys, is what a keystroke
costs: Textual's driver, layout and the terminal output included, and no test pilot.
The sandbox runs in its own process, so serving the list is not counted. Linux only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sandbox_process import SandboxProcess, write_sandbox_profile

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ("generated integration 0123", "zoho", "00042", "ration 9")
PACE = 0.04  # seconds between keys: 25 keys a second, a fast typist
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Our own tmux server (-L): never the user's default one.
TMUX = ["tmux", "-L", f"ipaas-auth-bench-{os.getpid()}"]

BARE_INPUT = """
from textual.app import App, ComposeResult
from textual.widgets import Input

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="ready")

Bare().run()
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


class Pane:
    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"ipaas-auth-bench-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        shell_command = f"exec env {exports} " + " ".join(command)
        subprocess.run(
            [*TMUX, "new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", shell_command],
            check=True,
        )
        self.pid = int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}"))

    def _tmux(self, *args: str) -> str:
        return subprocess.run([*TMUX, *args], check=True, capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self._tmux("capture-pane", "-p", "-t", self.name):
            if time.monotonic() > deadline:
                raise SystemExit(f"{text!r} never appeared in {self.name}")
            time.sleep(0.1)

    def key(self, key: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, key], check=True)

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], check=False)


def keys_of(count: int) -> list[str]:
    """At least `count` keys: each query typed, then erased, so the filter ends empty."""
    keys: list[str] = []
    while len(keys) < count:
        for query in QUERIES:
            keys += [*query.replace(" ", "\0")] + ["BSpace"] * len(query)
    return ["Space" if k == "\0" else k for k in keys]


def settle(pid: int, timeout: float = 60) -> None:
    """Wait until the process is idle: under 10 ms of CPU in a quarter of a second. Else the
    idle figure subtracted below would hold work left over from loading the list."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.25)
        if cpu_seconds(pid) - before < 0.01:
            return
    raise SystemExit(f"process {pid} never went idle")


def per_key(pane: Pane, keys: list[str]) -> float:
    """CPU seconds a key costs: typing minus idling for the same time."""
    settle(pane.pid)  # start-up work (loading, a cache written, details) is over
    start_cpu, start = cpu_seconds(pane.pid), time.monotonic()
    time.sleep(PACE * len(keys))
    idle = cpu_seconds(pane.pid) - start_cpu
    start_cpu, start = cpu_seconds(pane.pid), time.monotonic()
    for n, key in enumerate(keys):
        pane.key(key)
        time.sleep(max(0.0, start + PACE * (n + 1) - time.monotonic()))
    time.sleep(0.3)  # the last key's frame
    typing = cpu_seconds(pane.pid) - start_cpu
    return (typing - idle) / len(keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=180)
    parser.add_argument("--integrations", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed: apt-get install tmux")
    for count in args.integrations:
        measure(count, keys_of(args.keys))


def measure(count: int, keys: list[str]) -> None:
    """The console with `count` + 1 integrations and a bare Input, side by side."""
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "BROWSER": "false"}
    with (
        tempfile.TemporaryDirectory(prefix="ipaas-auth-bench-") as home,
        SandboxProcess(count) as url,
    ):
        write_sandbox_profile(Path(home), url)
        console = Pane([sys.executable, "-m", "tui"], {**env, "IPAAS_AUTH_HOME": home})
        bare_file = Path(home, "bare_input.py")
        bare_file.write_text(BARE_INPUT)
        bare = Pane([sys.executable, str(bare_file)], env)
        try:
            console.wait_for(f"{count + 1:,} integrations")
            console.key("/")
            bare.wait_for("ready")
            console_cost = per_key(console, keys)
            for key in "zoho":  # the keys reached the filter: it narrows the list
                console.key(key)
            console.wait_for(f"1 of {count + 1:,} integrations")
            bare_cost = per_key(bare, keys)
        finally:
            console.close()
            bare.close()
    print(
        f"    in a real terminal, {len(keys)} keys at {1 / PACE:.0f} a second: CPU per keystroke, "
        f"console filtering {count + 1:,} integrations {console_cost * 1000:.1f} ms, bare Input "
        f"{bare_cost * 1000:.1f} ms: ratio {console_cost / bare_cost:.2f}x (target < 16 ms)"
    )


if __name__ == "__main__":
    main()
