"""Round trips to iPaaS.com on each critical path: the console's start to fresh rows, and the
commands a script runs, against `ipaas-auth sandbox --latency MS` in its own process.

    uv run python bench/round_trips.py [--runs 5] [--latency 150]

Each figure is measured with the sandbox answering at once (0 ms) and after the latency (every
answer, iPaaS.com's and Zoho's, waits that long, each in its own request's thread: requests made
together still overlap). The number of sequential round trips on a path is
(time at latency - time at 0) / latency: process start-up, imports and drawing cancel out.

The profile is a real server's (environment "custom", api_url the sandbox, company_id set, the
password stored: secret_storage = "file"), so no sandbox-only call is on the path.
warm:    the home of an earlier run: the company session kept, the list cached;
cold:    a fresh home with the password stored (no kept session, no cache);
refused: a warm home whose kept session iPaaS.com refuses (revoked): one log-in, silently.
console: spawn, in a real pseudo-terminal (120x40), to the fetched rows drawn (the status line
         once the fresh list replaced the cached one: "N integrations · Enter to open").
commands: wall time of the whole process; `token ID` has a Zoho token kept here, good for an
         hour (so it needs no request at all); `token NAME` names it by name (the list).
Medians of --runs; runs alternate between the two latencies.
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
from pathlib import Path

import httpx
from pty_frames import time_to_text
from sandbox_process import SandboxProcess
from startup import FETCHED

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "sandbox"  # the sandbox's demo log-in (tui.sandbox.demo)
EMAIL = "integrator@sandbox.test"
SUBSCRIPTION_NAME = "Demo Store"  # a part of the Zoho Commerce subscription's name
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


class Sandbox:
    """A sandbox process at one latency, and what the homes need to know about it."""

    def __init__(self, latency_ms: int) -> None:
        self.latency_ms = latency_ms
        self.process = SandboxProcess(5, 5, "--latency", str(latency_ms))

    def __enter__(self) -> Sandbox:
        self.url = self.process.__enter__()
        login = httpx.post(
            self.url + "/sso/v2/Auth/Login", json={"email_address": EMAIL, "password": PASSWORD}
        ).json()
        auth = {"Authorization": f"Bearer {login['access_token']}"}
        companies = httpx.get(f"{self.url}/sso/v2/User/{login['id']}/Companies", headers=auth)
        self.company_id = companies.json()[0]["id"]
        company = httpx.get(f"{self.url}/sso/v2/User/ChangeCompany/{self.company_id}", headers=auth)
        auth = {"Authorization": f"Bearer {company.json()['access_token']}"}
        subscriptions = httpx.get(self.url + "/subscriptions/v2/Subscriptions", headers=auth).json()
        zoho = next(s for s in subscriptions if SUBSCRIPTION_NAME in s["name"])
        self.subscription_id = str(zoho["id"])
        self.integration_id = str(zoho["type"])
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.__exit__(*exc)


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
        raise SystemExit("the warm home has no kept session: the console did not keep it")
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


def measure(sandbox: Sandbox, warm: Path, scratch: Path, into: dict[str, list[float]]) -> None:
    """One run of every figure at this sandbox's latency, added to `into` (name -> seconds)."""

    def add(name: str, seconds: float) -> None:
        into.setdefault(name, []).append(seconds)

    add("console warm", console(warm))
    add("console cold", console(cold_home(scratch, sandbox)))
    refused = cold_home(scratch, sandbox)
    shutil.copy(warm / "secrets.json", refused / "secrets.json")
    revoke_kept_session(refused)
    add("console refused", console(refused))
    for name, args in commands(sandbox).items():
        add(f"{name} warm", command(warm, *args))
        add(f"{name} cold", command(cold_home(scratch, sandbox), *args))


def report(figures: dict[int, dict[str, list[float]]], latency_ms: int, runs: int) -> None:
    """Times (medians) and round trips from the medians and from the fastest runs: on a busy
    machine the load only adds to a time, so the fastest run of each is the least disturbed."""
    zero, far = figures[0], figures[latency_ms]
    seconds = latency_ms / 1000
    print(
        f"Round trips to fresh data: `ipaas-auth sandbox --latency MS` in its own process, "
        f"{runs} runs; profile environment=custom, company_id set, password stored"
    )
    print(f"{'path':<26}{'0 ms':>8}{f'{latency_ms} ms':>9}  trips: median  fastest  target")
    for name in zero:
        t0, t1 = statistics.median(zero[name]), statistics.median(far[name])
        best = (min(far[name]) - min(zero[name])) / seconds
        target = TARGETS.get(name)
        goal = f"<= {target}" if target is not None else "-"
        print(
            f"{name:<26}{t0 * 1000:>6.0f}ms{t1 * 1000:>7.0f}ms  "
            f"{(t1 - t0) / seconds:>13.1f}{best:>9.1f}  {goal}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency", type=int, default=150, metavar="MS")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    figures: dict[int, dict[str, list[float]]] = {0: {}, args.latency: {}}
    with (
        tempfile.TemporaryDirectory(prefix="ipaas-auth-rtt-") as scratch,
        Sandbox(0) as near,
        Sandbox(args.latency) as far,
    ):
        warm = {s.latency_ms: warm_home(Path(scratch), s) for s in (near, far)}
        for _ in range(args.runs):  # alternating, so a noisy neighbour hurts both alike
            for sandbox in (near, far):
                ms = sandbox.latency_ms
                measure(sandbox, warm[ms], Path(scratch), figures[ms])
    report(figures, args.latency, args.runs)


if __name__ == "__main__":
    main()
