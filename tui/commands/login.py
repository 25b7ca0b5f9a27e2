"""`ipaas-auth login PROFILE` / `logout PROFILE`: the password or API key, from a prompt that
does not echo (or from standard input, for scripts), into the keyring; never into a file of ours
unless `secret_storage = "file"` says so, never onto the command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from config.bounded import decode_text, read_line, size_text, standard_input
from config.paths import profiles_path, secrets_file_path
from config.profile import Profile
from config.profiles import ProfileStore
from config.secrets import IPAAS_API_KEY, IPAAS_PASSWORD, IPAAS_SESSION, open_secret_store
from tui.commands import CommandError
from tui.commands.output import emit
from tui.commands.printable import printable
from tui.commands.profiles import chosen_profile

MAX_SECRET = 16 * 1024  # a password or an API key on standard input, one line


def _read_secret(what: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"{what}: ")
    line, whole = read_line(standard_input(), MAX_SECRET)
    if not whole:
        raise CommandError(
            f"the {what} on standard input is longer than {size_text(MAX_SECRET)}; give it "
            "alone on one line. Nothing was stored."
        )
    return decode_text(line, "standard input", error=CommandError).rstrip("\r\n")


def run_login(args: argparse.Namespace) -> int:
    loaded = ProfileStore(profiles_path()).load()
    profile = loaded.get(chosen_profile(args))
    if profile.environment == "sandbox":
        emit(
            args,
            {"profile": profile.name, "stored": None, "where": None},
            ["Sandbox profiles log in with the demo credentials; nothing to store."],
        )
        return 0
    if not args.api_key and not profile.email:
        raise CommandError(
            f"profile {profile.name!r} has no email; set it first: "
            f"ipaas-auth profiles set {profile.name} email=you@example.com"
        )
    what = "API key" if args.api_key else f"iPaaS.com password for {printable(profile.email)}"
    secret = _read_secret(what)
    if not secret:
        raise CommandError(f"no {what} given; nothing was stored")
    if not args.no_verify:
        asyncio.run(_verify(profile, secret, args.api_key))
    secrets = open_secret_store(loaded.secret_storage, secrets_file_path())
    secrets.set(profile.name, IPAAS_API_KEY if args.api_key else IPAAS_PASSWORD, secret)
    # A new log-in replaces the company session kept from the old one (the next run logs in).
    secrets.delete(profile.name, IPAAS_SESSION)
    where = "the OS keyring" if loaded.secret_storage == "keyring" else str(secrets_file_path())
    kind = "API key" if args.api_key else "password"
    emit(
        args,
        {"profile": profile.name, "stored": kind, "where": where},
        [f"Stored the {kind} of {profile.name!r} in {where}."],
    )
    return 0


async def _verify(profile: Profile, secret: str, is_api_key: bool) -> None:
    """Try the secret before storing it, so a typo is caught now rather than at start-up."""
    from tui.clients.errors import ApiKeyRefusedError, BadCredentialsError
    from tui.clients.ipaas import IpaasClient

    async with IpaasClient(
        profile.resolved_api_url, endpoints=profile.endpoints, retries=1
    ) as client:
        if not is_api_key:
            await client.login(profile.email, secret)
        else:  # the key's own company: no company_id needed, no ChangeCompany sent
            client.use_api_key(secret, profile.company_id or None)
            try:
                await client.check_access()
            except ApiKeyRefusedError as exc:  # a refused log-in, as a refused password is
                raise BadCredentialsError(str(exc)) from exc


def run_logout(args: argparse.Namespace) -> int:
    loaded = ProfileStore(profiles_path()).load()
    profile = loaded.get(chosen_profile(args))
    secrets = open_secret_store(loaded.secret_storage, secrets_file_path())
    for name in (IPAAS_PASSWORD, IPAAS_API_KEY, IPAAS_SESSION):
        secrets.delete(profile.name, name)
    emit(
        args,
        {"profile": profile.name, "forgot": ["password", "API key", "iPaaS.com session"]},
        [f"Forgot the stored password, API key and iPaaS.com session of {profile.name!r}."],
    )
    return 0
