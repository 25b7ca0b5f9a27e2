"""iPaaS.com's company session kept between runs, so that a start or a command goes straight to
the data instead of logging in, listing companies and changing company first (three round
trips, 150-750 ms from a jump host far from iPaaS.com).

What is kept: the company token (an hour), its refresh token, its expiry and the company it is
for, in the secret store with the password (`IPAAS_SESSION`; never in profiles.toml), with the
profile it was made for (environment, API and email). A profile that no longer matches (its
API, environment, email or company changed) does not use it, and it is forgotten then, as by
`logout` and `login`. Blocking (the keyring): call from a thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from config.errors import ConfigError
from config.profile import Profile
from config.secrets import IPAAS_SESSION, SecretStore
from tui.clients.ipaas_session import Session as CompanySession

FORMAT = 1


@dataclass(frozen=True)
class KeptSession:
    session: CompanySession
    company_name: str  # "" until the companies' list named it
    made_for: str  # `made_for(profile)` when it was kept

    @property
    def company_id(self) -> str:
        return self.session.company_id or ""

    def to_json(self) -> str:
        s = self.session
        return json.dumps(
            {
                "format": FORMAT,
                "made_for": self.made_for,
                "user_id": s.user_id,
                "user_name": s.user_name,
                "access_token": s.access_token,
                "refresh_token": s.refresh_token,
                "expires_at": s.expires_at,
                "company_id": s.company_id,
                "company_name": self.company_name,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> KeptSession | None:
        """The kept session, or None when the text is not one (another format, damaged)."""
        try:
            data: Any = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        texts = ("made_for", "user_id", "user_name", "access_token", "refresh_token")
        names = (*texts, "company_id", "company_name")
        if not all(isinstance(data.get(k), str) for k in names):
            return None
        expires_at = data.get("expires_at")
        if not isinstance(expires_at, int | float) or not data["access_token"]:
            return None
        session = CompanySession(
            user_id=data["user_id"],
            user_name=data["user_name"],
            access_token=data["access_token"],
            refresh_token=data["refresh_token"],
            company_id=data["company_id"] or None,
            expires_at=float(expires_at),
        )
        return cls(session, data["company_name"], data["made_for"])


def made_for(profile: Profile) -> str:
    """What a kept session belongs to: the profile's name, environment, API and email (the
    same user on the same iPaaS.com). The company is checked on its own (`usable`): a profile
    that names none uses the company the session was made for."""
    return "\n".join(
        (profile.name, profile.environment, profile.resolved_api_url, profile.email.casefold())
    )


def usable(kept: KeptSession, profile: Profile) -> bool:
    if kept.made_for != made_for(profile) or not kept.company_id:
        return False
    return not profile.company_id or profile.company_id.lower() == kept.company_id.lower()


def load(profile: Profile, secrets: SecretStore) -> KeptSession | None:
    """The profile's kept session if it is still for this profile; one that is not (or cannot
    be read) is forgotten. SecretStorageError when the store cannot be read."""
    raw = secrets.get(profile.name, IPAAS_SESSION)
    if not raw:
        return None
    kept = KeptSession.from_json(raw)
    if kept is not None and usable(kept, profile):
        return kept
    forget(profile.name, secrets)
    return None


def keep(profile: Profile, secrets: SecretStore, kept: KeptSession) -> bool:
    """Store `kept`; False when the store refuses (the next start then logs in: not an error)."""
    try:
        secrets.set(profile.name, IPAAS_SESSION, kept.to_json())
    except ConfigError:
        return False
    return True


def forget(profile_name: str, secrets: SecretStore) -> None:
    """Drop the profile's kept session; a store that cannot be reached keeps nothing usable
    either way (the next use is refused by iPaaS.com and logs in), so that is not an error."""
    try:
        secrets.delete(profile_name, IPAAS_SESSION)
    except ConfigError:
        return
