"""Open the session: profile, secrets, target, log-in and company, for the console and commands.

The console passes callbacks that ask the user (a log-in dialog, a company picker); a command
passes none, and a missing log-in or company becomes an error saying what to run.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from config.environments import KNOWN_ENVIRONMENTS
from config.errors import ConfigError, SecretStorageError
from config.paths import profiles_path, secrets_file_path
from config.profile import Profile
from config.profiles import ProfilesFile, ProfileStore
from config.secrets import (
    FileSecrets,
    KeyringSecrets,
    SandboxSecrets,
    SecretStore,
    memory_fallback,
    open_secret_store,
    primary_of,
)
from tui.clients.errors import ApiError
from tui.clients.http import load_async_backend
from tui.clients.ipaas import IpaasClient
from tui.clients.ipaas_session import Session as CompanySession
from tui.clients.models import Company
from tui.connection import Target, open_target, runs_elsewhere, sandbox_profile, sandbox_target
from tui.core import kept_session
from tui.core.changes import Writer
from tui.core.errors import CompanyNeededError, CompanyNotChosenError
from tui.core.journal import Journal, JournalRecorder, Where
from tui.core.kept_session import KeptSession, made_for
from tui.core.log_in import API_KEY_ENV as API_KEY_ENV
from tui.core.log_in import PASSWORD_ENV as PASSWORD_ENV
from tui.core.log_in import AskCredentials as AskCredentials
from tui.core.log_in import Read, credentials_from_environment, log_in_again, read_credentials
from tui.core.log_in import log_in as log_in
from tui.core.log_in import remember_credentials as remember_credentials
from tui.core.log_in import stored_credentials as stored_credentials
from tui.options import PROFILE_ENV, StartOptions

STARTED_HERE = "started by ipaas-auth for this command"
# Said once by a command whose sandbox profile has no api_url (no profiles.toml yet): its
# sandbox is its own, so what the console or another command saved is not there.
OWN_SANDBOX_NOTE = (
    "This command started its own sandbox, which starts fresh and stops with it: nothing saved "
    "in the console or by another command is there. To share one sandbox, run `ipaas-auth "
    "sandbox --port 8900` and use a profile with its api_url: `ipaas-auth profiles set sandbox "
    "environment=sandbox api_url=http://127.0.0.1:8900`, then `--profile sandbox`."
)

ChooseCompany = Callable[[list[Company]], Awaitable[Company | None]]


@dataclass
class Session:
    store: ProfileStore
    profiles: ProfilesFile
    profile: Profile
    secrets: SecretStore
    notes: list[tuple[str, str]] = field(default_factory=list)  # (severity, message)
    target: Target | None = None
    client: IpaasClient | None = None
    company: Company | None = None
    # What profiles.toml says of the profile in use since it was opened: "" (the same),
    # "deleted" or "changed on disk" (the console keeps what it connected with).
    profile_on_disk: str = ""
    resumed: bool = False  # connected with the company session kept from an earlier run
    # The company session waiting to be kept, and the task writing it (see `keep`).
    _to_keep: KeptSession | None = field(default=None, repr=False)
    _keeping: asyncio.Task[None] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, options: StartOptions, env: Mapping[str, str] | None = None) -> Session:
        """Read profiles.toml and choose the profile (the named one, else $IPAAS_AUTH_PROFILE,
        else the default); raises ConfigError with what to do."""
        env = os.environ if env is None else env
        store = ProfileStore(profiles_path())
        notes: list[tuple[str, str]] = []
        # Read even without profiles: `secret_storage = "file"` may be all the file holds.
        profiles = store.load()
        secrets = open_secret_store(profiles.secret_storage, secrets_file_path())
        if isinstance(secrets, FileSecrets):
            notes.append(("warning", f"Secrets are kept in a plain file.\n{secrets.warning()}"))
        named = options.profile or env.get(PROFILE_ENV) or None
        if options.sandbox or (not profiles.profiles and named is None):
            profile = sandbox_profile()
        else:  # a profile asked for by name is never replaced by the sandbox
            profile = profiles.get(named)
        chosen: SecretStore = (
            SandboxSecrets(secrets) if profile.environment == "sandbox" else secrets
        )
        return cls(store, profiles, profile, chosen, notes)

    def secrets_for(self, environment: str) -> SecretStore:
        """Where to keep a profile's secrets. Only sandbox profiles (demo values) may fall
        back to memory; a real profile's password must really be kept, or the error shown."""
        if environment != "sandbox" and isinstance(self.secrets, SandboxSecrets):
            return self.secrets.primary
        return self.secrets

    def connect_target(self) -> Target:
        if self.target is None:
            self.target = open_target(self.profile)
        return self.target

    @property
    def own_sandbox(self) -> bool:
        """True once this session has started its own sandbox (not shared with anyone)."""
        return self.target is not None and self.target.sandbox is not None

    @property
    def api_description(self) -> str:
        """The API in words: its URL, and whether this session started it."""
        if self.target is None:
            return self.profile.resolved_api_url or f"({STARTED_HERE})"
        return self.target.api_url + (f" ({STARTED_HERE})" if self.own_sandbox else "")

    def new_client(self) -> IpaasClient:
        """The target (a sandbox started if need be) and a client for it. Blocking: run it
        in a thread. A sandbox running elsewhere is asked for its target by `connect`,
        alongside the log-in, not here."""
        profile = self.profile
        if self.target is None and not runs_elsewhere(profile):
            self.connect_target()
        self.client = IpaasClient(
            self.target.api_url if self.target else profile.resolved_api_url,
            endpoints=profile.endpoints,
            type_field=profile.authorization_type_field,
            fields_shape="dict" if profile.custom_fields_shape == "dict" else "list",
        )
        client = self.client
        client.recorder = JournalRecorder(Journal(), lambda: self.where(client))
        load_async_backend()
        return self.client

    def writer(self, client: IpaasClient) -> Writer:
        """What a write to iPaaS.com needs: the client, the journal, and where it happens."""
        return Writer(client, Journal(), self.where(client))

    def where(self, client: IpaasClient) -> Where:
        """The profile, environment and company a journal entry names."""
        company = self.company.name if self.company else ""
        company_id = (client.session.company_id if client.session else None) or ""
        return Where(
            self.profile.name,
            self.profile.environment,
            f"{company} ({company_id})" if company and company_id else company or company_id,
        )

    @property
    def portal_url(self) -> str:
        """The portal whose callback page the preset's RedirectUrl names."""
        return portal_url_of(self.profile)

    @property
    def secret_store_name(self) -> str:
        """Where secrets go, in words (for `status` and `--version`)."""
        if memory_fallback(self.secrets):
            return "memory (no usable keyring)"
        primary = primary_of(self.secrets)
        if isinstance(primary, FileSecrets):
            return f"file {primary.path}"
        return primary.describe() if isinstance(primary, KeyringSecrets) else "the OS keyring"

    @property
    def keeps_sessions(self) -> bool:
        """Whether the company session is kept for the next run: not for the console's own
        sandbox (it starts afresh each time), nor for a log-in from the environment (CI:
        nothing of it is stored)."""
        if self.own_sandbox:
            return False
        return self.profile.environment == "sandbox" or not credentials_from_environment()

    def keep(self, company_session: CompanySession) -> None:
        """Keep a company session (a log-in's after ChangeCompany, a refresh's) for the next
        run, written in the background, one write at a time, the latest last; `close` waits
        for it. A user-level token or an API key is not kept."""
        if company_session.api_key or not company_session.company_id:
            return
        company = self.company
        name = company.name if company and company.id == company_session.company_id else ""
        kept = KeptSession(dataclasses.replace(company_session), name, made_for(self.profile))
        self._to_keep = kept
        if self._keeping is None or self._keeping.done():
            self._keeping = asyncio.get_running_loop().create_task(self._write_kept())

    async def _write_kept(self) -> None:
        while self._to_keep is not None:
            kept, self._to_keep = self._to_keep, None
            await asyncio.to_thread(kept_session.keep, self.profile, self.secrets, kept)

    async def close(self) -> None:
        if self._keeping is not None:
            with contextlib.suppress(Exception):
                await self._keeping
            self._keeping = None
        if self.client is not None:
            await self.client.aclose()
            self.client = None
        if self.target is not None:
            self.target.close()
            self.target = None


def portal_url_of(profile: Profile) -> str:
    if profile.environment in ("production", "sandbox"):
        return KNOWN_ENVIRONMENTS["production"].portal_url
    return profile.resolved_portal_url


async def connect(
    session: Session,
    ask_credentials: AskCredentials | None = None,
    choose_company: ChooseCompany | None = None,
) -> IpaasClient:
    """Target, log-in and company; what the user should hear lands in `session.notes`. A kept
    company session goes straight to the data (no request at all here); a sandbox running
    elsewhere is asked for its target alongside the log-in."""
    # Off the event loop, in one hop: starting a sandbox, importing httpcore and anyio's
    # backend and, for https, loading the CA bundle (~35 ms) would otherwise freeze the
    # console's first frames.
    client = session.client
    if client is None:
        client = await asyncio.to_thread(session.new_client)
    signing_in = _company_session(session, client, ask_credentials, choose_company)
    if session.target is None:
        await _alongside(_open_target(session), signing_in)
    else:
        await signing_in
    return client


async def _open_target(session: Session) -> None:
    session.target = await sandbox_target(session.profile.resolved_api_url)


async def _alongside(first: Awaitable[None], second: Awaitable[None]) -> None:
    """Both at once. The first's failure (a sandbox that is not there) is the one reported,
    the more precise, and ends the second."""
    other = asyncio.ensure_future(second)
    try:
        await first
        await other
    finally:
        if not other.done():
            other.cancel()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await other


async def _company_session(
    session: Session,
    client: IpaasClient,
    ask_credentials: AskCredentials | None,
    choose_company: ChooseCompany | None,
) -> None:
    """The company session: the kept one if it is still for this profile, else a log-in and
    ChangeCompany (kept then for the next run)."""
    current = client.session
    if current is not None and (current.company_id or current.api_key):
        return
    read: Read | None = None
    if current is None and session.keeps_sessions:
        kept, read = await asyncio.to_thread(_kept_or_credentials, session)
        if kept is not None:
            _resume(session, client, kept)
            return
    if session.keeps_sessions:
        client.on_session = session.keep
    await log_in(session, client, ask_credentials, read)
    await select_company(session, client, choose_company)


def _kept_or_credentials(session: Session) -> tuple[KeptSession | None, Read | None]:
    """The kept session, or else the credentials to log in with, in one thread hop."""
    try:
        kept = kept_session.load(session.profile, session.secrets)
    except SecretStorageError as exc:
        return None, (None, str(exc))
    if kept is not None:
        return kept, None
    return None, read_credentials(session.profile, session.secrets)


def _resume(session: Session, client: IpaasClient, kept: KeptSession) -> None:
    """Use the kept session as it is: refreshed by the client ahead of its expiry, and if
    iPaaS.com refuses it (and its refresh), logged in again once, silently."""
    client.session = dataclasses.replace(kept.session)
    session.resumed = True
    if kept.company_name:
        session.company = Company(kept.company_id, kept.company_name, ())
    company_id = session.profile.company_id or kept.company_id
    client.relogin = log_in_again(session, client, company_id)
    client.on_session = session.keep


async def resolve_company(session: Session, client: IpaasClient) -> Company | None:
    """The company in use, with its name. Chosen in the console, it is known; named by the
    profile (company_id), it takes the companies' list (kept in the session then), which an API
    key cannot read: None then, as when the list does not name it."""
    if session.company is not None:
        return session.company
    company_id = session.profile.company_id
    if not company_id or client.session is None or not client.session.user_id:
        return None
    try:
        companies = await client.list_companies()
    except ApiError:
        return None
    session.company = next((c for c in companies if c.id == company_id), None)
    if session.company is not None and client.on_session is not None:
        client.on_session(client.session)  # kept again, with the company's name
    return session.company


def remember_company(session: Session, company: Company) -> None:
    """Keep the chosen company in the profile (company_id): the next start, and every command,
    use it without asking. ConfigError when profiles.toml cannot be written."""
    session.profile = session.store.upsert(session.profile.name, {"company_id": company.id})


async def select_company(
    session: Session, client: IpaasClient, choose_company: ChooseCompany | None
) -> None:
    if client.session is not None and (client.session.company_id or client.session.api_key):
        return  # chosen already, or an API key: it belongs to the company it was made in
    company_id = session.profile.company_id
    if not company_id:
        companies = await client.list_companies()
        if not companies:
            raise ApiError("This login belongs to no company; ask an admin to add you.")
        if len(companies) == 1:
            session.company = companies[0]
        else:
            chosen = await choose_company(companies) if choose_company else None
            if chosen is None:
                if choose_company is not None:
                    raise CompanyNotChosenError("No company chosen.")
                name = session.profile.name
                raise CompanyNeededError(
                    f"This login belongs to {len(companies)} companies; choose one with "
                    f"`ipaas-auth profiles set {name} company_id=ID`.",
                    companies,
                )
            session.company = chosen
        company_id = session.company.id
    await client.change_company(company_id)


def open_with_client(options: StartOptions) -> tuple[Session, ConfigError | ApiError | None]:
    """The session and, in the same thread hop, its target and client (a sandbox started,
    httpcore and anyio imported); a failure of the latter is returned with the session, whose
    notes are still shown, and `connect` makes them again when retried. Blocking: run it in a
    thread."""
    session = Session.open(options)
    try:
        session.new_client()
    except (ConfigError, ApiError) as exc:
        return session, exc
    return session, None
