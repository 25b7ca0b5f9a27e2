"""Peak memory only, (c) of bench/run.py: the console with 10,000 and 100,000 integrations
loaded against a bare Textual app, medians of 3, alternating runs.

    uv run python bench/memory.py [--trace 100000]

With --trace N it instead loads N integrations in this process under tracemalloc and prints
the biggest allocation sites once the list is loaded (where the memory goes, not the peak RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import tracemalloc
from pathlib import Path

from run import memory
from sandbox_process import SandboxProcess, write_sandbox_profile

ROOT = Path(__file__).resolve().parent.parent


def trace(count: int, top: int = 25) -> None:
    from tui.app import create_app
    from tui.widgets.virtual_table import VirtualTable

    home = Path(os.environ["IPAAS_AUTH_HOME"])
    with SandboxProcess(count) as url:
        write_sandbox_profile(home, url)
        app = create_app()

        async def run() -> tracemalloc.Snapshot:
            async with app.run_test(size=(120, 40)) as pilot:
                tracemalloc.start(8)
                while not (
                    app.screen.query(VirtualTable)
                    and len(app.screen.query_one(VirtualTable).rows) > count
                ):
                    await pilot.pause(0.01)
                await pilot.pause(0.5)  # the cache saved
                snapshot = tracemalloc.take_snapshot()
                current, peak = tracemalloc.get_traced_memory()
                print(f"traced now {current / 2**20:.1f} MiB, peak {peak / 2**20:.1f} MiB")
                return snapshot

        snapshot = asyncio.run(run())
    for stat in snapshot.statistics("traceback")[:top]:
        frames = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in stat.traceback[::-1][:5]]
        print(f"{stat.size / 2**20:7.2f} MiB {stat.count:8,}  " + " < ".join(frames))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trace", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipaas-auth-bench-") as home:
        os.environ["IPAAS_AUTH_HOME"] = home
        if args.trace:
            trace(args.trace)
            return
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(ROOT)
        memory(env, Path(home))


if __name__ == "__main__":
    main()
