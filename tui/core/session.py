"""Open the session: profile, secrets, target, log-in and company, for the console and commands.

The console passes callbacks that ask the user (a log-in dialog, a company picker); a command
passes none, and a missing log-in or company becomes an error saying what to run.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from config.environments import KNOWN_ENVIRONMENTS
from config.errors import ConfigError, SecretStorageError
from config.paths import profiles_path, secrets_file_path
from config.profile import Profile
from config.profiles import ProfilesFile, ProfileStore
from config.secrets import (
    IPAAS_API_KEY,
    IPAAS_PASSWORD,
    FileSecrets,
    KeyringSecrets,
    SandboxSecrets,
    SecretStore,
    kept_in,
    memory_fallback,
    open_secret_store,
    primary_of,
)
from tui.clients.errors import ApiError, ApiKeyRefusedError, BadCredentialsError
from tui.clients.http import load_async_backend
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Company
from tui.connection import (
    Credentials,
    Target,
    open_target,
    sandbox_credentials,
    sandbox_profile,
)
from tui.core.changes import Writer
from tui.core.errors import (
    CompanyNeededError,
    CompanyNotChosenError,
    LoginCancelledError,
    LoginNeededError,
)
from tui.core.journal import Journal, JournalRecorder, Where
from tui.options import PROFILE_ENV, StartOptions

PASSWORD_ENV = "IPAAS_AUTH_PASSWORD"
API_KEY_ENV = "IPAAS_AUTH_API_KEY"
STARTED_HERE = "started by ipaas-auth for this command"
# Said once by a command whose sandbox profile has no api_url (no profiles.toml yet): its
# sandbox is its own, so what the console or another command saved is not there.
OWN_SANDBOX_NOTE = (
    "This command started its own sandbox, which starts fresh and stops with it: nothing saved "
    "in the console or by another command is there. To share one sandbox, run `ipaas-auth "
    "sandbox --port 8900` and use a profile with its api_url: `ipaas-auth profiles set sandbox "
    "environment=sandbox api_url=http://127.0.0.1:8900`, then `--profile sandbox`."
)

# (profile, why the keyring could not be read, why the last log-in was refused; each or None)
# -> (credentials, remember), or None when the person cancels
AskCredentials = Callable[
    [Profile, str | None, str | None], Awaitable[tuple[Credentials, bool] | None]
]
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

    @classmethod
    def open(cls, options: StartOptions, env: Mapping[str, str] | None = None) -> Session:
        """Read profiles.toml and choose the profile (the named one, else $IPAAS_AUTH_PROFILE,
        else the default); raises ConfigError with what to do."""
        env = os.environ if env is None else env
        store = ProfileStore(profiles_path())
        notes: list[tuple[str, str]] = []
        profiles = store.load() if store.exists() else ProfilesFile()
        secrets = open_secret_store(profiles.secret_storage, secrets_file_path())
        if isinstance(secrets, FileSecrets):
            notes.append(("warning", f"Secrets are kept in a plain file.\n{secrets.warning()}"))
        named = options.profile or env.get(PROFILE_ENV) or None
        if options.sandbox or (not store.exists() and named is None):
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
        in a thread."""
        target = self.connect_target()
        profile = self.profile
        self.client = IpaasClient(
            target.api_url,
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

    async def close(self) -> None:
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


def stored_credentials(
    profile: Profile, secrets: SecretStore, env: Mapping[str, str] | None = None
) -> Credentials | None:
    """The profile's log-in: $IPAAS_AUTH_API_KEY or $IPAAS_AUTH_PASSWORD when set (CI without
    a keyring; never stored), else the keyring, else None. The sandbox uses its demo login."""
    env = os.environ if env is None else env
    if profile.environment == "sandbox":
        return sandbox_credentials()
    if env.get(API_KEY_ENV):
        return Credentials(profile.email, api_key=env[API_KEY_ENV])
    if env.get(PASSWORD_ENV) and profile.email:
        return Credentials(profile.email, password=env[PASSWORD_ENV])
    api_key = secrets.get(profile.name, IPAAS_API_KEY)
    if api_key:
        return Credentials(profile.email, api_key=api_key)
    password = secrets.get(profile.name, IPAAS_PASSWORD)
    if password and profile.email:
        return Credentials(profile.email, password=password)
    return None


def remember_credentials(profile: Profile, secrets: SecretStore, credentials: Credentials) -> None:
    if credentials.api_key:
        secrets.set(profile.name, IPAAS_API_KEY, credentials.api_key)
    else:
        secrets.set(profile.name, IPAAS_PASSWORD, credentials.password)


async def connect(
    session: Session,
    ask_credentials: AskCredentials | None = None,
    choose_company: ChooseCompany | None = None,
) -> IpaasClient:
    """Target, log-in and company; what the user should hear lands in `session.notes`."""
    # Off the event loop, in one hop: starting a sandbox, importing httpcore and anyio's
    # backend and, for https, loading the CA bundle (~35 ms) would otherwise freeze the
    # console's first frames. (A client exists only with its target.)
    client = session.client
    if client is None:
        client = await asyncio.to_thread(session.new_client)
    await log_in(session, client, ask_credentials)
    await select_company(session, client, choose_company)
    return client


async def log_in(
    session: Session, client: IpaasClient, ask_credentials: AskCredentials | None
) -> None:
    """Log in with the stored credentials, else ask. With someone to ask (the console), a
    refused log-in asks again with the reason until it works or is cancelled; without (a
    command), the refusal is the error."""
    if client.session is not None:
        return
    keyring_problem: str | None = None
    try:
        credentials = await asyncio.to_thread(stored_credentials, session.profile, session.secrets)
    except SecretStorageError as exc:
        # Common over SSH: no keyring, or a locked one. Ask instead of giving up; the log-in
        # then lasts this session only.
        credentials, keyring_problem = None, str(exc)
    remember = False
    refused: str | None = None
    while True:
        if credentials is None:
            answer = (
                await ask_credentials(session.profile, keyring_problem, refused)
                if ask_credentials
                else None
            )
            if answer is None:
                if ask_credentials is not None:
                    raise LoginCancelledError("Log-in cancelled.")
                name = session.profile.name
                raise LoginNeededError(
                    (f"{keyring_problem} " if keyring_problem else "")
                    + f"No stored log-in for profile {name!r}: run `ipaas-auth login {name}`, "
                    f"or set {PASSWORD_ENV} or {API_KEY_ENV} for this run."
                )
            credentials, remember = answer
        try:
            await _sign_in(client, credentials, session.profile.company_id)
        except BadCredentialsError as exc:
            if ask_credentials is None:
                raise
            credentials, refused = None, str(exc)
            continue
        break
    if remember:
        try:
            await asyncio.to_thread(
                remember_credentials, session.profile, session.secrets, credentials
            )
            session.notes.append(("information", f"Saved to {kept_in(session.secrets)}."))
        except ConfigError as exc:
            session.notes.append(("warning", f"Not remembered: {exc}"))


async def _sign_in(client: IpaasClient, credentials: Credentials, company_id: str) -> None:
    """Log in with a password, or use an API key. A key is not checked until it is used, so
    one cheap company-scoped read is made here (`check_access`; never ChangeCompany, which a
    key does not use): a refused key is then a refused log-in, asked again in place, not a
    failure after it."""
    if not credentials.api_key:
        await client.login(credentials.email, credentials.password)
        return
    client.use_api_key(credentials.api_key, company_id or None)
    try:
        await client.check_access()
    except ApiKeyRefusedError as exc:
        client.session = None
        raise BadCredentialsError(str(exc)) from exc


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
