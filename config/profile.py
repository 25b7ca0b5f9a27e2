"""One environment profile: its keys, their defaults, and validation with actionable messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from config.endpoints import DEFAULT_TABLE, EndpointOverrideError, EndpointTable, parse_overrides
from config.environments import ENVIRONMENTS, KNOWN_ENVIRONMENTS
from config.errors import ConfigError
from config.zoho import DATA_CENTRES

DEFAULT_CALLBACK_PORT = 8976
DEFAULT_CALLBACK_HOST = "localhost"
DEFAULT_AUTH_TIMEOUT = 300
PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ProfileValueError(ConfigError, ValueError):
    """A key or value a profile cannot have; `key` names it (None for the profile name)."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Profile:
    """A validated profile. Keys the console does not know stay in the file, not here."""

    name: str
    environment: str = "production"
    email: str = ""
    company_id: str = ""
    integration_id: str = ""
    subscription_id: str = ""
    zoho_dc: str = "us"
    callback_host: str = DEFAULT_CALLBACK_HOST
    callback_port: int = DEFAULT_CALLBACK_PORT
    auth_timeout: int = DEFAULT_AUTH_TIMEOUT
    pkce: bool = False
    push_tokens: bool = True
    api_url: str = ""
    portal_url: str = ""
    access_token_name: str = "AccessToken"
    refresh_token_name: str = "RefreshToken"
    # [profiles.NAME.endpoints]: replacements for the built-in iPaaS.com endpoint table.
    endpoints: EndpointTable = field(default=DEFAULT_TABLE, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def resolved_api_url(self) -> str:
        """The API base: the profile's `api_url`, else the environment's."""
        if self.api_url:
            return self.api_url.rstrip("/")
        known = KNOWN_ENVIRONMENTS.get(self.environment)
        return known.api_url if known else ""

    @property
    def resolved_portal_url(self) -> str:
        if self.portal_url:
            return self.portal_url.rstrip("/")
        known = KNOWN_ENVIRONMENTS.get(self.environment)
        return known.portal_url if known else self.resolved_api_url

    @property
    def callback_url(self) -> str:
        """The redirect URI of the local callback listener, to register in Zoho's console."""
        return f"http://{self.callback_host}:{self.callback_port}/callback"

    def settings(self) -> dict[str, Any]:
        """The keys as they are written to profiles.toml (defaults included)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("name", "extra", "endpoints")
        }


KEYS: dict[str, str] = {
    "environment": "production | staging | sandbox | custom",
    "email": "the iPaaS.com login (the password or API key lives in the keyring)",
    "company_id": "the company to open (optional)",
    "integration_id": "the integration to open (optional)",
    "subscription_id": "the subscription to open (optional)",
    "zoho_dc": "Zoho data centre: " + " ".join(DATA_CENTRES),
    "callback_host": "host of the local OAuth callback (localhost or 127.0.0.1)",
    "callback_port": f"port of the local OAuth callback (1024-32767, default "
    f"{DEFAULT_CALLBACK_PORT})",
    "auth_timeout": "seconds to wait for the browser to come back (default 300)",
    "pkce": "true to send a PKCE challenge (Zoho documents it for desktop clients only)",
    "push_tokens": "true to write the tokens to the subscription's persistent data on iPaaS.com",
    "api_url": "the iPaaS.com API base URL (custom environment, or a running sandbox)",
    "portal_url": "the iPaaS.com portal URL (custom environment)",
    "access_token_name": "persistent-data name the access token is written under (the "
    "integration decides; default AccessToken)",
    "refresh_token_name": "persistent-data name the refresh token is written under (default "
    "RefreshToken)",
}
INT_KEYS = ("callback_port", "auth_timeout")
BOOL_KEYS = ("pkce", "push_tokens")


def validate_name(name: str) -> str:
    if not PROFILE_NAME.match(name):
        raise ProfileValueError(
            None,
            f"Profile name {name!r} is not allowed: use letters, digits, '.', '_' or '-' "
            "(at most 64, starting with a letter or digit).",
        )
    return name


def parse_cli_value(key: str, text: str) -> Any:
    """Turn `KEY=VALUE` text from the command line into the type the key holds."""
    if key in INT_KEYS:
        try:
            return int(text)
        except ValueError:
            raise ProfileValueError(key, f"{key} must be a whole number, not {text!r}.") from None
    if key in BOOL_KEYS:
        lowered = text.lower()
        if lowered in ("true", "yes", "1", "on"):
            return True
        if lowered in ("false", "no", "0", "off"):
            return False
        raise ProfileValueError(key, f"{key} must be true or false, not {text!r}.")
    return text


def build_profile(name: str, values: Mapping[str, Any]) -> Profile:
    """Validate `values` read from a file or typed by a person; raise on the first bad one."""
    validate_name(name)
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in values.items():
        if key == "endpoints":
            try:
                known[key] = parse_overrides(value)
            except EndpointOverrideError as exc:
                raise ProfileValueError("endpoints", str(exc)) from None
        elif key in KEYS:
            known[key] = check_value(key, value)
        else:
            extra[key] = value
    profile = Profile(name=name, extra=extra, **known)
    _check_whole(profile)
    return profile


def check_value(key: str, value: Any) -> Any:
    """The value, cleaned, or ProfileValueError saying what is wrong and what is allowed."""
    if key in INT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProfileValueError(key, f"{key} must be a whole number, not {value!r}.")
        if key == "callback_port" and not 1024 <= value <= 32767:
            raise ProfileValueError(
                key,
                f"callback_port {value} is out of range: choose 1024-32767 "
                "(below the ephemeral range, so the OS does not hand it to another program).",
            )
        if key == "auth_timeout" and not 10 <= value <= 3600:
            raise ProfileValueError(key, "auth_timeout must be 10-3600 seconds.")
        return value
    if key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise ProfileValueError(key, f"{key} must be true or false, not {value!r}.")
        return value
    if not isinstance(value, str):
        raise ProfileValueError(key, f"{key} must be a string, not {value!r}.")
    value = value.strip()
    if key == "environment" and value not in ENVIRONMENTS:
        raise ProfileValueError(
            key, f"environment {value!r} is unknown; use one of: {', '.join(ENVIRONMENTS)}."
        )
    if key == "zoho_dc" and value not in DATA_CENTRES:
        raise ProfileValueError(
            key, f"zoho_dc {value!r} is unknown; use one of: {' '.join(DATA_CENTRES)}."
        )
    if key == "email" and value and not EMAIL.match(value):
        raise ProfileValueError(key, f"email {value!r} is not an e-mail address.")
    if key in ("api_url", "portal_url") and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ProfileValueError(key, f"{key} {value!r} must be an http(s) URL.")
    if key in ("access_token_name", "refresh_token_name") and not value:
        raise ProfileValueError(key, f"{key} cannot be empty; remove the key for the default.")
    if key == "callback_host" and value not in ("localhost", "127.0.0.1", "[::1]"):
        raise ProfileValueError(
            key,
            "callback_host must be localhost, 127.0.0.1 or [::1]: the listener is loopback only.",
        )
    return value


def _check_whole(profile: Profile) -> None:
    if profile.environment == "custom" and not profile.api_url:
        raise ProfileValueError(
            "api_url", "environment 'custom' needs api_url (and portal_url) to be set."
        )
