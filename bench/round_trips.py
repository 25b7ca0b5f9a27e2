"""Round trips to iPaaS.com on each critical path: the console's start to fresh rows, and the
commands a script runs, against the sandbox with and without latency.

    uv run python bench/round_trips.py [--runs 7] [--latency 150]

The sandbox (`start_sandbox(latency=…)`, what `ipaas-auth sandbox --latency MS` runs) serves
from this process's threads, so it costs the measured process no CPU, and notes when each request
arrives. Every answer, iPaaS.com's and Zoho's, waits the latency first, each in its own request's
thread: requests made together still overlap. The number of sequential round trips on a path is
(time at latency - time at 0) / latency.

Two times are printed for each path: from spawning the process to the fresh data (the rows
drawn, or the command's exit), and from the first request reaching the sandbox to the same
moment. The round trips are computed from the latter: on a shared, busy machine a process's
start-up varies by more than a round trip, and nothing before its first request waits for the
network. (A path with no request at all has no such time: 0 round trips.)

The profile is a real server's (environment "custom", api_url the sandbox, company_id set, the
password stored: secret_storage = "file"), so no sandbox-only call is on the path.
warm:    the home of an earlier run: the company session kept, the list cached;
cold:    a fresh home with the password stored (no kept session, no cache);
refused: a warm home whose kept session iPaaS.com refuses (revoked): one log-in, silently.
console: spawn, in a real pseudo-terminal (120x40), to the fetched rows drawn (the status line
         once the fresh list replaced the cached one: "N integrations · Enter to open").
commands: to the process's exit; `token ID` has a Zoho token kept here, good for an hour (so it
         needs no request at all); `token NAME` names the subscription by name (the list).
Runs alternate between the two latencies; medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pty_frames import time_to_text
from startup import FETCHED

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "sandbox"  # the sandbox's demo log-in (tui.sandbox.demo)
EMAIL = "integrator@sandbox.test"
SUBSCRIPTION_NAME = "Demo Store"  # a part of the Zoho Commerce subscription's name
EARLIEST = 0.2  # seconds after its spawn before a process's first request can arrive
# The targets, at most this many sequential round trips (none for the refused path).
TARGETS = {
    "console warm": 1,
    "console cold": 3,
    **{f"{name} warm": 1 for name in ("integrations --json", "status --json", "token NAME")},
    **{f"{name} cold": 3 for name in ("integrations --json", "status --json", "token NAME")},
    "version show ID warm": 1,
    "version show ID cold": 3,
    "token ID warm": 0,
    "token ID cold": 0,
}


@dataclass
class Figure:
    spawned: list[float] = field(default_factory=list)  # spawn -> fresh data
    networked: list[float] = field(default_factory=list)  # first request -> fresh data


class Sandbox:
    """A sandbox at one latency, noting when each iPaaS.com request arrives."""

    def __init__(self, latency_ms: int) -> None:
        from tui.sandbox import start_sandbox

        self.latency_ms = latency_ms
        self.server = start_sandbox(integrations=5, subscriptions=5, latency=latency_ms / 1000)
        self.arrivals: list[float] = []
        self.server.ipaas.observers.append(lambda *_: self.arrivals.append(time.perf_counter()))
        data = self.server.ipaas.data
        self.url = self.server.url
        self.company_id = data.company_id
        self.subscription_id = data.zoho_subscription_id
        self.integration_id = data.zoho_integration_id

    def timed(self, run: Any, into: Figure) -> None:
        """`run()` (seconds from its spawn to the fresh data), noted with the time from the
        first request this sandbox saw meanwhile."""
        self.arrivals.clear()
        start = time.perf_counter()
        seconds = run()
        # A request read just after a killed process's last ones is not this process's: none
        # can ask anything within its first EARLIEST seconds (the interpreter is starting).
        mine = [t for t in self.arrivals if t - start >= EARLIEST]
        first = min(mine, default=start + seconds) - start
        into.spawned.append(seconds)
        into.networked.append(max(0.0, seconds - first))

    def stop(self) -> None:
        self.server.stop()


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        IPAAS_AUTH_HOME=str(home),
        TERM="xterm-256color",
        BROWSER="false",
        PYTHONPATH=str(ROOT),
        COLUMNS="120",
        LINES="40",
    )
    for name in ("IPAAS_AUTH_PASSWORD", "IPAAS_AUTH_API_KEY", "IPAAS_AUTH_PROFILE"):
        env.pop(name, None)
    return env


def cold_home(parent: Path, sandbox: Sandbox) -> Path:
    """A fresh home: the profile, its password and a Zoho token kept for the subscription."""
    from config.secrets import IPAAS_PASSWORD, FileSecrets, tokens_key
    from config.tokens import ZohoTokens

    home = Path(tempfile.mkdtemp(prefix="home-", dir=parent))
    (home / "profiles.toml").write_text(
        'secret_storage = "file"\ndefault = "bench"\n\n[profiles.bench]\n'
        f'environment = "custom"\napi_url = "{sandbox.url}"\nportal_url = "{sandbox.url}"\n'
        f'email = "{EMAIL}"\ncompany_id = "{sandbox.company_id}"\n'
    )
    secrets = FileSecrets(home / "secrets.json")
    secrets.set("bench", IPAAS_PASSWORD, PASSWORD)
    tokens = ZohoTokens("zoho-access", "zoho-refresh", time.time() + 3600, accounts_server="x")
    secrets.set("bench", tokens_key(sandbox.subscription_id), tokens.to_json())
    return home


def revoke_kept_session(home: Path) -> None:
    """What iPaaS.com does to a revoked session: the token kept here is one it refuses (so is
    its refresh token), though it has not expired."""
    from config.secrets import IPAAS_SESSION, FileSecrets

    secrets = FileSecrets(home / "secrets.json")
    kept = json.loads(secrets.get("bench", IPAAS_SESSION) or "{}")
    if not kept:
        raise SystemExit("the warm home has no kept session: the command did not keep it")
    kept.update(access_token="revoked", refresh_token="revoked", expires_at=time.time() + 1800)
    secrets.set("bench", IPAAS_SESSION, json.dumps(kept))


def console(home: Path) -> float:
    return time_to_text(
        [sys.executable, "-m", "tui"], FETCHED, env_for(home), cwd=str(ROOT), linger=0.3
    )


def command(home: Path, *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tui", *args],
        env=env_for(home),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`ipaas-auth {' '.join(args)}` failed: {done.stderr.strip()}")
    return elapsed


def commands(sandbox: Sandbox) -> dict[str, tuple[str, ...]]:
    return {
        "integrations --json": ("integrations", "--json"),
        "status --json": ("status", "--json"),
        "token ID": ("token", sandbox.subscription_id),
        "token NAME": ("token", SUBSCRIPTION_NAME),
        "version show ID": ("version", "show", sandbox.integration_id),
    }


def warm_home(scratch: Path, sandbox: Sandbox) -> Path:
    """The home of an earlier run: a command kept the company session, the console cached the
    list."""
    home = cold_home(scratch, sandbox)
    command(home, "integrations", "--json")
    console(home)
    return home


def measure(sandbox: Sandbox, warm: Path, scratch: Path, into: dict[str, Figure]) -> None:
    """One run of every path at this sandbox's latency, added to `into`."""

    def timed(name: str, run: Any) -> None:
        sandbox.timed(run, into.setdefault(name, Figure()))

    timed("console warm", lambda: console(warm))
    cold = cold_home(scratch, sandbox)
    timed("console cold", lambda: console(cold))
    refused = cold_home(scratch, sandbox)
    shutil.copy(warm / "secrets.json", refused / "secrets.json")
    revoke_kept_session(refused)
    timed("console refused", lambda: console(refused))
    for name, args in commands(sandbox).items():
        timed(f"{name} warm", lambda args=args: command(warm, *args))
        fresh = cold_home(scratch, sandbox)
        timed(f"{name} cold", lambda args=args, fresh=fresh: command(fresh, *args))


def report(figures: dict[int, dict[str, Figure]], latency_ms: int, runs: int) -> None:
    zero, far = figures[0], figures[latency_ms]
    seconds = latency_ms / 1000
    print(
        f"Round trips to fresh data, sandbox latency 0 and {latency_ms} ms, medians of {runs}; "
        "profile environment=custom, company_id set, password stored"
    )
    print(
        f"{'path':<26}{'spawn to data':>17}{'1st request to data':>22}{'round trips':>13}"
        f"{'target':>8}"
    )
    print(f"{'':<26}{'0 ms':>8}{f'{latency_ms} ms':>9}{'0 ms':>12}{f'{latency_ms} ms':>10}")
    for name in zero:
        s0, s1 = (statistics.median(f[name].spawned) for f in (zero, far))
        n0, n1 = (statistics.median(f[name].networked) for f in (zero, far))
        target = TARGETS.get(name)
        print(
            f"{name:<26}{s0 * 1000:>6.0f}ms{s1 * 1000:>7.0f}ms{n0 * 1000:>10.0f}ms"
            f"{n1 * 1000:>8.0f}ms{(n1 - n0) / seconds:>13.1f}"
            f"{'<= ' + str(target) if target is not None else '-':>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--latency", type=int, default=150, metavar="MS")
    args = parser.parse_args()
    figures: dict[int, dict[str, Figure]] = {0: {}, args.latency: {}}
    near, far = Sandbox(0), Sandbox(args.latency)
    try:
        with tempfile.TemporaryDirectory(prefix="ipaas-auth-rtt-") as scratch:
            warm = {s.latency_ms: warm_home(Path(scratch), s) for s in (near, far)}
            for _ in range(args.runs):  # alternating, so a noisy neighbour hurts both alike
                for sandbox in (near, far):
                    ms = sandbox.latency_ms
                    measure(sandbox, warm[ms], Path(scratch), figures[ms])
    finally:
        near.stop()
        far.stop()
    report(figures, args.latency, args.runs)


if __name__ == "__main__":
    main()
