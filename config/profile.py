"""One environment profile: its keys, their defaults, and validation with actionable messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from config.endpoints import DEFAULT_TABLE, EndpointOverrideError, EndpointTable, parse_overrides
from config.environments import KNOWN_ENVIRONMENTS
from config.errors import ProfileValueError as ProfileValueError
from config.profile_keys import PROFILE_KEYS

PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _default(key: str) -> Any:
    """A field's default, from the one table of keys."""
    return PROFILE_KEYS[key].default


@dataclass(frozen=True)
class Profile:
    """A validated profile. Keys the console does not know stay in the file, not here.

    The fields mirror config.profile_keys.PROFILE_KEYS (typed here for the checker; their
    defaults come from the table, and a test keeps the two the same set of names).
    """

    name: str
    environment: str = _default("environment")
    zoho_dc: str = _default("zoho_dc")
    email: str = _default("email")
    company_id: str = _default("company_id")
    integration_id: str = _default("integration_id")
    subscription_id: str = _default("subscription_id")
    callback_host: str = _default("callback_host")
    callback_port: int = _default("callback_port")
    auth_timeout: int = _default("auth_timeout")
    api_url: str = _default("api_url")
    portal_url: str = _default("portal_url")
    access_token_name: str = _default("access_token_name")
    refresh_token_name: str = _default("refresh_token_name")
    authorization_type_field: str = _default("authorization_type_field")
    custom_fields_shape: str = _default("custom_fields_shape")
    trusted_accounts_servers: str = _default("trusted_accounts_servers")
    pkce: bool = _default("pkce")
    push_tokens: bool = _default("push_tokens")
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
        return {key: getattr(self, key) for key in PROFILE_KEYS}


def validate_name(name: str) -> str:
    if not PROFILE_NAME.fullmatch(name):
        raise ProfileValueError(
            None,
            f"Profile name {name!r} is not allowed: use letters, digits, '.', '_' or '-' "
            "(at most 64, starting with a letter or digit).",
        )
    return name


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
        elif key in PROFILE_KEYS:
            known[key] = PROFILE_KEYS[key].check(value)
        else:
            extra[key] = value
    profile = Profile(name=name, extra=extra, **known)
    _check_whole(profile)
    return profile


def _check_whole(profile: Profile) -> None:
    if profile.environment == "custom" and not profile.api_url:
        raise ProfileValueError(
            "api_url", "environment 'custom' needs api_url (and portal_url) to be set."
        )
