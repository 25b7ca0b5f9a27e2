"""`ipaas-auth doctor`: everything a first real run depends on, checked read-only, as data.

The profile, the secret store, the network (network_checks.py), the log-in, the company, every
GET endpoint of the table, and what is known of each write endpoint. With `check_writes`, one
integration's first version and authorization type are saved back exactly as read (a write
that changes nothing), after `before_write` has said so. The command only prints the result.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from config.errors import ConfigError
from config.secrets import IPAAS_API_KEY, FileSecrets, KeyringSecrets, SandboxSecrets
from tui.clients.errors import ApiError, BadCredentialsError
from tui.clients.ipaas import IpaasClient
from tui.core.checks import FAILURE, OK, WARNING, Check, Stopwatch
from tui.core.endpoint_checks import api_failure, get_endpoints, write_back, write_endpoints
from tui.core.errors import CompanyNeededError
from tui.core.network_checks import network_checks
from tui.core.session import (
    API_KEY_ENV,
    OWN_SANDBOX_NOTE,
    PASSWORD_ENV,
    STARTED_HERE,
    Session,
    select_company,
    stored_credentials,
)
from tui.core.token_names import NAME, token_names_check
from tui.options import StartOptions

SLOW_SECRET_STORE = 1.0  # seconds for one call before the store is called slow


@dataclass
class Report:
    profile: str | None
    checks: list[Check] = field(default_factory=list)
    on_check: Callable[[Check], None] | None = None

    def add(self, check: Check) -> Check:
        self.checks.append(check)
        if self.on_check is not None:
            self.on_check(check)
        return check

    @property
    def failed(self) -> bool:
        return any(c.status == FAILURE for c in self.checks)

    def to_json(self) -> dict[str, object]:
        return {"profile": self.profile, "checks": [c.to_json() for c in self.checks]}


async def diagnose(
    profile: str | None,
    check_writes: str | None = None,
    before_write: Callable[[str], None] = lambda text: None,
    on_check: Callable[[Check], None] | None = None,
    on_note: Callable[[str], None] = lambda text: None,
    subscription: str | None = None,
) -> Report:
    """Run every check in order; a check that cannot run says what it waits for. With
    `subscription` (id or name), also its token-like names (token_names.py)."""
    report = Report(profile, on_check=on_check)
    try:
        session = Session.open(StartOptions(profile=profile))
    except ConfigError as exc:
        report.add(Check("profile", FAILURE, str(exc), "Fix profiles.toml as the message says."))
        return report
    report.profile = session.profile.name
    try:
        await _diagnose(session, report, check_writes, before_write, on_note)
        if subscription:
            await _token_names(session, report, subscription)
    finally:
        await session.close()
    return report


async def _diagnose(
    session: Session,
    report: Report,
    check_writes: str | None,
    before_write: Callable[[str], None],
    on_note: Callable[[str], None],
) -> None:
    report.add(_profile_check(session))
    report.add(await asyncio.to_thread(secret_store_check, session))
    try:
        target = await asyncio.to_thread(session.connect_target)
    except ApiError as exc:
        report.add(Check("API", FAILURE, str(exc), "Check the profile's api_url."))
        return
    if session.own_sandbox:
        on_note(OWN_SANDBOX_NOTE)
    reachable = await network_checks(target.api_url, report.add)
    client = await asyncio.to_thread(session.new_client)
    logged_in = reachable and await _log_in(session, client, report)
    ready = logged_in and await _company(session, client, report)
    waiting = (
        ""
        if ready
        else "needs a company (see above)"
        if logged_in
        else "needs a log-in (see above)"
        if reachable
        else "iPaaS.com cannot be reached (see above)"
    )
    # Listing the companies needs only the log-in: it is what named them above.
    failed = await get_endpoints(
        session, client, report.add, waiting, ("companies",) if logged_in else ()
    )
    # The writes need the list and one of the two reads; a missing integrators read is the
    # fallback, and write_back then says which write it refuses and why.
    readable = "integration" not in failed or "integration_edit" not in failed
    if check_writes and ready and "integrations" not in failed and readable:
        await write_back(
            session.writer(client), report.add, check_writes, before_write, session.profile.name
        )
    done = {c.name for c in report.checks}
    write_endpoints(session, client, report.add, done, check_writes if ready else None)


async def _token_names(session: Session, report: Report, query: str) -> None:
    client = session.client
    company = next((c for c in report.checks if c.name == "company"), None)
    if client is None or company is None or company.status != OK:
        report.add(Check(NAME, WARNING, "not checked: needs a log-in and a company (see above)"))
        return
    report.add(await token_names_check(client, query, session.profile))


def _profile_check(session: Session) -> Check:
    profile = session.profile
    url = profile.resolved_api_url or f"({STARTED_HERE})"
    detail = f"{profile.name} ({profile.environment}), API {url}"
    if not session.store.exists():
        return Check(
            "profile",
            WARNING,
            f"no profiles.toml: {detail}, the built-in sandbox (nothing real)",
            "Add a real profile: `ipaas-auth profiles set NAME environment=production email=…`.",
        )
    parts = urlsplit(profile.resolved_api_url)
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        return Check(
            "profile",
            WARNING,
            f"{detail}: plain http to a remote host sends the password unencrypted",
            f"Use https in api_url: `ipaas-auth profiles set {profile.name} api_url=https://…`.",
        )
    return Check("profile", OK, detail)


def secret_store_check(session: Session) -> Check:
    """Which store, and how long one read takes (a locked keyring can take seconds)."""
    store = session.secrets
    primary = store.primary if isinstance(store, SandboxSecrets) else store
    name = _store_name(primary)
    watch = Stopwatch()
    try:
        store.get(session.profile.name, IPAAS_API_KEY)
    except ConfigError as exc:
        return Check("secret store", FAILURE, f"{name}: {exc}", _store_fix(session))
    took = f"one read took {watch.ms} ms"
    if isinstance(store, SandboxSecrets) and store.failure is not None:
        # The read above came from memory: its time says nothing about the keyring.
        return Check(
            "secret store",
            WARNING,
            f"{name} does not work: {store.failure.reason}; this run keeps the sandbox's demo "
            "secrets in memory, and a real profile could not keep its log-in",
            _store_fix(session),
        )
    if watch.ms > SLOW_SECRET_STORE * 1000:
        return Check("secret store", WARNING, f"{name}: slow, {took}", _store_fix(session))
    if isinstance(primary, FileSecrets):
        return Check(
            "secret store",
            WARNING,
            f"{name} (unencrypted; {took})",
            'Remove secret_storage = "file" from profiles.toml to use the OS keyring.',
        )
    return Check("secret store", OK, f"{name}, {took}")


def _store_name(store: object) -> str:
    if isinstance(store, FileSecrets):
        return f"file {store.path}"
    if isinstance(store, KeyringSecrets):
        import keyring

        backend = keyring.get_keyring()
        return f"OS keyring ({type(backend).__module__}.{type(backend).__name__})"
    return type(store).__name__


def _store_fix(session: Session) -> str:
    return (
        "Unlock the OS keyring or choose one with PYTHON_KEYRING_BACKEND; "
        'or set secret_storage = "file" in profiles.toml; '
        f"or give the log-in for one run with {PASSWORD_ENV} or {API_KEY_ENV}."
    )


def _credential_source(session: Session, env: Mapping[str, str]) -> str:
    if session.profile.environment == "sandbox":
        return "the sandbox's demo log-in"
    if env.get(API_KEY_ENV):
        return f"the API key in {API_KEY_ENV}"
    if env.get(PASSWORD_ENV) and session.profile.email:
        return f"the password in {PASSWORD_ENV}"
    return "the secret store"


async def _log_in(session: Session, client: IpaasClient, report: Report) -> bool:
    name = session.profile.name
    try:
        credentials = await asyncio.to_thread(stored_credentials, session.profile, session.secrets)
    except ConfigError as exc:
        report.add(Check("log-in", FAILURE, f"cannot read the stored log-in: {exc}"))
        return False
    if credentials is None:
        report.add(
            Check(
                "log-in",
                WARNING,
                f"no stored log-in for profile {name!r}",
                f"Run `ipaas-auth login {name}`, or set {PASSWORD_ENV} or {API_KEY_ENV}.",
            )
        )
        return False
    source = _credential_source(session, os.environ)
    watch = Stopwatch()
    try:
        if credentials.api_key:
            client.use_api_key(credentials.api_key, session.profile.company_id or None)
            report.add(Check("log-in", OK, f"API key from {source} (checked by the calls below)"))
            return True
        await client.login(credentials.email, credentials.password)
    except BadCredentialsError as exc:
        report.add(
            Check("log-in", FAILURE, f"{exc} (from {source})", f"Run `ipaas-auth login {name}`.")
        )
        return False
    except ApiError as exc:
        report.add(api_failure("log-in", exc))
        return False
    report.add(Check("log-in", OK, f"{credentials.email} with {source}, in {watch.ms} ms"))
    return True


async def _company(session: Session, client: IpaasClient, report: Report) -> bool:
    watch = Stopwatch()
    try:
        await select_company(session, client, None)
    except CompanyNeededError as exc:  # a choice the person makes, not a bug
        name = session.profile.name
        report.add(
            Check(
                "company",
                FAILURE,
                f"the log-in works but belongs to {len(exc.candidates)} companies, and profile "
                f"{name!r} names none",
                f"Choose one: `ipaas-auth profiles set {name} company_id=ID`, ID one of:",
                tuple(exc.candidates),
            )
        )
        return False
    except ApiError as exc:
        report.add(api_failure("company", exc))
        return False
    if session.company is not None:
        detail = f"{session.company.name} ({session.company.id})"
    elif session.profile.company_id:
        detail = f"company_id {session.profile.company_id} from the profile"
    else:
        detail = "the API key's own company (a key belongs to the company it was made in)"
    report.add(Check("company", OK, f"{detail}, in {watch.ms} ms"))
    return True
