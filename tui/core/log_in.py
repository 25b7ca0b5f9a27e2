"""Logging in to iPaaS.com: the stored credentials (or the environment's), asking when there
are none or they are refused, and the one silent log-in again when a kept session is refused.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from config.errors import ConfigError, SecretStorageError
from config.profile import Profile
from config.secrets import IPAAS_API_KEY, IPAAS_PASSWORD, SecretStore, kept_in
from tui.clients.errors import ApiKeyRefusedError, BadCredentialsError, SessionExpiredError
from tui.clients.ipaas import IpaasClient
from tui.connection import Credentials, sandbox_credentials
from tui.core.errors import LoginCancelledError, LoginNeededError

if TYPE_CHECKING:
    from tui.core.session import Session

PASSWORD_ENV = "IPAAS_AUTH_PASSWORD"
API_KEY_ENV = "IPAAS_AUTH_API_KEY"

# (profile, why the keyring could not be read, why the last log-in was refused; each or None)
# -> (credentials, remember), or None when the person cancels
AskCredentials = Callable[
    [Profile, str | None, str | None], Awaitable[tuple[Credentials, bool] | None]
]
# What was read before logging in: the credentials (or None), and why the store could not be
# read (or None).
Read = tuple[Credentials | None, str | None]
Relogin = Callable[[], Awaitable[None]]


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


def read_credentials(profile: Profile, secrets: SecretStore) -> Read:
    """`stored_credentials`, with a store that cannot be read as the reason instead (common
    over SSH: no keyring, or a locked one; the console then asks). Blocking."""
    try:
        return stored_credentials(profile, secrets), None
    except SecretStorageError as exc:
        return None, str(exc)


def credentials_from_environment(env: Mapping[str, str] | None = None) -> bool:
    """True when this run's log-in comes from the environment (never stored, nor its session)."""
    env = os.environ if env is None else env
    return bool(env.get(PASSWORD_ENV) or env.get(API_KEY_ENV))


def remember_credentials(profile: Profile, secrets: SecretStore, credentials: Credentials) -> None:
    if credentials.api_key:
        secrets.set(profile.name, IPAAS_API_KEY, credentials.api_key)
    else:
        secrets.set(profile.name, IPAAS_PASSWORD, credentials.password)


async def log_in(
    session: Session,
    client: IpaasClient,
    ask_credentials: AskCredentials | None,
    read: Read | None = None,
) -> None:
    """Log in with the stored credentials (`read` already, or read now), else ask. With
    someone to ask (the console), a refused log-in asks again with the reason until it works
    or is cancelled; without (a command), the refusal is the error."""
    if client.session is not None:
        return
    if read is None:
        read = await asyncio.to_thread(read_credentials, session.profile, session.secrets)
    credentials, keyring_problem = read
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
            await sign_in(client, credentials, session.profile.company_id)
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


async def sign_in(client: IpaasClient, credentials: Credentials, company_id: str) -> None:
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


def log_in_again(session: Session, client: IpaasClient, company_id: str) -> Relogin:
    """The client's `relogin` for a kept session iPaaS.com refused (revoked, expired, another
    company): one log-in with the stored credentials and ChangeCompany, without asking anyone.
    The session it makes replaces the kept one; a failure forgets the kept one."""

    async def relogin() -> None:
        from tui.core import kept_session

        credentials, problem = await asyncio.to_thread(
            read_credentials, session.profile, session.secrets
        )
        try:
            if credentials is None:
                name = session.profile.name
                raise SessionExpiredError(
                    (f"{problem} " if problem else "")
                    + f"The kept iPaaS.com session of {name!r} was refused and no log-in is "
                    f"stored: run `ipaas-auth login {name}`, then try again."
                )
            await sign_in(client, credentials, company_id)
            if not credentials.api_key:
                await client.change_company(company_id)
        except Exception:
            await asyncio.to_thread(kept_session.forget, session.profile.name, session.secrets)
            raise

    return relogin
