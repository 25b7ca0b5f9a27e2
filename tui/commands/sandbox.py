"""`ipaas-auth sandbox`: run the local iPaaS.com + Zoho simulator in the foreground."""

from __future__ import annotations

import argparse
import gc
import sys
import threading
from typing import TYPE_CHECKING

from config.zoho import DATA_CENTRES
from tui.commands import CommandError

# Seconds between the main thread's looks for Ctrl+C. The kernel hands a process's SIGINT to
# any of its threads; one taken by a server thread never wakes a main thread asleep without a
# timeout, and on Windows such a wait never sees Ctrl+C at all.
SIGNAL_CHECK = 0.25

if TYPE_CHECKING:
    from tui.sandbox.server import SandboxServer
    from tui.sandbox.settings import StartOptions


def run_sandbox(args: argparse.Namespace) -> int:
    from tui.sandbox.request_log import fd_writer
    from tui.sandbox.server import SandboxError, start_sandbox
    from tui.sandbox.settings import SandboxSettingError, start_options

    unknown = [dc for dc in args.dc if dc not in DATA_CENTRES]
    if unknown:
        raise CommandError(
            f"unknown data centre {unknown[0]!r}; use one of: {' '.join(DATA_CENTRES)}"
        )
    if args.integrations < 0 or args.subscriptions < 0:
        raise CommandError("--integrations and --subscriptions must be 0 or more")
    if args.companies < 1:
        raise CommandError("--companies must be 1 or more")
    if args.token_lifetime <= 0:
        raise CommandError("--token-lifetime must be more than 0 seconds")
    try:
        options = start_options(vars(args))
    except SandboxSettingError as exc:
        raise CommandError(str(exc)) from exc
    try:
        sandbox = start_sandbox(
            host=args.host,
            port=args.port,
            integrations=args.integrations,
            subscriptions=args.subscriptions,
            redirect_uris=args.redirect_uri,
            extra_dcs=args.dc,
            token_lifetime=args.token_lifetime,
            companies=args.companies,
            log=fd_writer(sys.stdout.fileno()),
            **options,
        )
    except SandboxError as exc:
        raise CommandError(str(exc)) from exc
    # The seeded data lives as long as the process: keep it out of every later collection, whose
    # full passes over 100,000 integrations' objects would each stall requests.
    gc.freeze()
    try:  # from the banner on: Ctrl+C right after "Press Ctrl+C" must stop it cleanly too
        _print_banner(sandbox, options)
        wait_for_ctrl_c()
    except KeyboardInterrupt:
        print("\nStopping the sandbox.", file=sys.stderr)
    finally:
        sandbox.stop()
    dropped = sandbox.request_log.dropped if sandbox.request_log else 0
    if dropped:
        print(
            f"{dropped} request log lines were dropped because the output was not read.",
            file=sys.stderr,
        )
    return 0


def wait_for_ctrl_c() -> None:
    """Sleep until Ctrl+C raises KeyboardInterrupt, waking every SIGNAL_CHECK seconds to see it."""
    never = threading.Event()
    while not never.wait(SIGNAL_CHECK):
        pass


def _print_banner(sandbox: SandboxServer, options: StartOptions) -> None:
    from tui.sandbox import demo
    from tui.sandbox.settings import describe

    print(f"ipaas-auth sandbox: iPaaS.com API and Zoho (us) at {sandbox.url}")
    for dc, url in sandbox.world.dc_urls.items():
        if dc != "us":
            print(f"  Zoho data centre {dc} at {url}")
    print(f"  iPaaS.com login   {demo.IPAAS_EMAIL} / {demo.IPAAS_PASSWORD}")
    print(f"  Zoho client       {demo.ZOHO_CLIENT_ID} / {demo.ZOHO_CLIENT_SECRET}")
    print(f"  Redirect URIs     {', '.join(sandbox.world.redirect_uris)}")
    for line in describe(options):
        print(f"  {line}")
    print("  Use it from another terminal:")
    print(f"    ipaas-auth profiles set sandbox environment=sandbox api_url={sandbox.url}")
    print("    ipaas-auth --profile sandbox")
    print("Press Ctrl+C to stop.", flush=True)
