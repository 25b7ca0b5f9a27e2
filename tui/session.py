"""What the console is connected to: profile, secrets, target and the logged-in client.

Kept free of Textual so that the steps of start-up can be tested and reused on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from config.environments import KNOWN_ENVIRONMENTS
from config.paths import profiles_path, secrets_file_path
from config.profile import Profile
from config.profiles import ProfilesFile, ProfileStore
from config.secrets import FileSecrets, SandboxSecrets, SecretStore, open_secret_store
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Company
from tui.connection import Target, open_target, sandbox_profile
from tui.options import StartOptions


@dataclass
class ConsoleSession:
    store: ProfileStore
    profiles: ProfilesFile
    profile: Profile
    secrets: SecretStore
    notes: list[tuple[str, str]] = field(default_factory=list)  # (severity, message)
    target: Target | None = None
    client: IpaasClient | None = None
    company: Company | None = None

    @classmethod
    def open(cls, options: StartOptions) -> ConsoleSession:
        """Read profiles.toml and choose the profile; raises ConfigError with what to do."""
        store = ProfileStore(profiles_path())
        notes: list[tuple[str, str]] = []
        if not store.exists():
            profiles = ProfilesFile()
            notes.append(
                (
                    "information",
                    "No profiles.toml yet: this is the built-in SANDBOX (demo data, nothing "
                    "real). Press o to add a real profile, or run `ipaas-auth profiles set "
                    "NAME environment=production email=…`.",
                )
            )
        else:
            profiles = store.load()
        secrets = open_secret_store(profiles.secret_storage, secrets_file_path())
        if isinstance(secrets, FileSecrets):
            notes.append(("warning", secrets.warning()))
        if options.sandbox or not store.exists():
            profile = sandbox_profile()
        else:
            profile = profiles.get(options.profile)
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

    def new_client(self) -> IpaasClient:
        target = self.connect_target()
        self.client = IpaasClient(target.api_url, endpoints=self.profile.endpoints)
        return self.client

    @property
    def portal_url(self) -> str:
        """The portal whose callback page the preset's RedirectUrl names."""
        if self.profile.environment in ("production", "sandbox"):
            return KNOWN_ENVIRONMENTS["production"].portal_url
        return self.profile.resolved_portal_url

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
            self.client = None
        if self.target is not None:
            self.target.close()
            self.target = None
