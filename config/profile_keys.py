"""Every key a profile can have, declared once: name, type, default, validation and help.

The `Profile` reader, `ipaas-auth profiles keys`, `profiles set` and the console's profile
editor are all derived from `PROFILE_KEYS`, so a key cannot be documented one way and checked
another (the model of harlequin's options.py: one object per option).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from config.controls import CONTROLS, escaped
from config.environments import ENVIRONMENTS
from config.errors import ProfileValueError
from config.urls import base_url_problem
from config.zoho import DATA_CENTRES, trusted_servers_problem

DEFAULT_CALLBACK_PORT = 8976
DEFAULT_CALLBACK_HOST = "localhost"
DEFAULT_AUTH_TIMEOUT = 300
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")

# A rule beyond the type: given the key's name and its cleaned value, a problem or None.
Rule = Callable[[str, Any], str | None]


@dataclass(frozen=True)
class ProfileKey:
    """One key of `[profiles.NAME]`: how it is typed, checked, defaulted and explained."""

    name: str
    kind: type[str] | type[int] | type[bool]
    default: Any
    help: str
    # For a key with a fixed set of values: value -> the label a picker shows.
    choices: Mapping[str, str] = field(default_factory=dict)
    bounds: tuple[int, int] | None = None  # inclusive, for whole numbers
    bounds_reason: str = ""
    rules: tuple[Rule, ...] = ()

    def parse(self, text: str) -> Any:
        """`KEY=VALUE` text (command line, editor field) -> the checked value it stands for."""
        if self.kind is int:
            try:
                number = int(text.strip())
            except ValueError:
                raise self.error(f"{self.name} must be a whole number, not {text!r}.") from None
            return self.check(number)
        if self.kind is bool:
            lowered = text.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise self.error(f"{self.name} must be true or false, not {text!r}.")
        return self.check(text)

    def check(self, value: object) -> Any:
        """The value as read from profiles.toml, cleaned, or ProfileValueError saying why not."""
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.error(f"{self.name} must be a whole number, not {value!r}.")
            if self.bounds and not self.bounds[0] <= value <= self.bounds[1]:
                low, high = self.bounds
                raise self.error(
                    f"{self.name} {value} is out of range: choose {low}-{high}{self.bounds_reason}."
                )
            return value
        if self.kind is bool:
            if not isinstance(value, bool):
                raise self.error(f"{self.name} must be true or false, not {value!r}.")
            return value
        if not isinstance(value, str):
            raise self.error(f"{self.name} must be a string, not {value!r}.")
        text = value.strip()
        control = CONTROLS.search(text)
        if control:  # an ESC in a value would reach the terminal, and an URL, as it is
            raise self.error(
                f"{self.name} {text!r} has a control character ({escaped(control.group())} at "
                f"position {control.start() + 1}); remove it."
            )
        if self.choices and text not in self.choices:
            raise self.error(
                f"{self.name} {text!r} is unknown; use one of: {', '.join(self.choices)}."
            )
        for rule in self.rules:
            problem = rule(self.name, text)
            if problem:
                raise self.error(problem)
        return text

    def error(self, message: str) -> ProfileValueError:
        return ProfileValueError(self.name, message)

    @property
    def summary(self) -> str:
        """The one line `profiles keys` prints after the name."""
        default = self.default
        shown = ("true" if default else "false") if isinstance(default, bool) else str(default)
        return f"{self.help} (default: {shown or 'none'})"


def _email(name: str, value: str) -> str | None:
    if value and not EMAIL.match(value):
        return f"{name} {value!r} is not an e-mail address."
    return None


def _http_url(name: str, value: str) -> str | None:
    return base_url_problem(name, value) if value else None


def _not_empty(name: str, value: str) -> str | None:
    if not value:
        return f"{name} cannot be empty; remove the key for the default."
    return None


def _loopback(name: str, value: str) -> str | None:
    if value not in LOOPBACK_HOSTS:
        return f"{name} must be localhost, 127.0.0.1 or [::1]: the listener is loopback only."
    return None


def _json_name(name: str, value: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,99}", value):
        return f"{name} {value!r} must be a JSON field name (letters, digits and _)."
    return None


def _text(name: str, default: str, help: str, *rules: Rule) -> ProfileKey:
    return ProfileKey(name, str, default, help, rules=rules)


PROFILE_KEYS: dict[str, ProfileKey] = {
    key.name: key
    for key in (
        ProfileKey(
            "environment",
            str,
            "production",
            "which iPaaS.com: production, staging, sandbox (the built-in simulator) or custom",
            choices={name: name for name in ENVIRONMENTS},
        ),
        ProfileKey(
            "zoho_dc",
            str,
            "us",
            "Zoho data centre of the client and the store",
            choices={dc.code: f"{dc.code} · {dc.accounts_url}" for dc in DATA_CENTRES.values()},
        ),
        _text(
            "email",
            "",
            "the iPaaS.com login (the password or API key lives in the secret store, never here)",
            _email,
        ),
        _text("company_id", "", "the company to open (optional)"),
        _text("integration_id", "", "the integration to open (optional)"),
        _text("subscription_id", "", "the subscription to open (optional)"),
        _text(
            "callback_host",
            DEFAULT_CALLBACK_HOST,
            "host of the local OAuth callback (localhost, 127.0.0.1 or [::1])",
            _loopback,
        ),
        ProfileKey(
            "callback_port",
            int,
            DEFAULT_CALLBACK_PORT,
            "port of the local OAuth callback (1024-32767)",
            bounds=(1024, 32767),
            bounds_reason=" (below the ephemeral range, so the OS does not hand it to another "
            "program)",
        ),
        ProfileKey(
            "auth_timeout",
            int,
            DEFAULT_AUTH_TIMEOUT,
            "seconds to wait for the browser to come back (10-3600)",
            bounds=(10, 3600),
            bounds_reason=" seconds",
        ),
        _text(
            "api_url",
            "",
            "the iPaaS.com API base URL (custom environment, or a running sandbox)",
            _http_url,
        ),
        _text("portal_url", "", "the iPaaS.com portal URL (custom environment)", _http_url),
        _text(
            "access_token_name",
            "AccessToken",
            "persistent-data name the access token is written under (the integration decides)",
            _not_empty,
        ),
        _text(
            "refresh_token_name",
            "RefreshToken",
            "persistent-data name the refresh token is written under",
            _not_empty,
        ),
        _text(
            "authorization_type_field",
            "oauth_authorization_type_id",
            "JSON name of the integration's authorization type on iPaaS.com (a guess: no public "
            "read carries it)",
            _json_name,
        ),
        ProfileKey(
            "custom_fields_shape",
            str,
            "list",
            "shape custom_fields are written in: list (iPaaS.com's VersionRequest since "
            "2026-01-27) or dict (the older {key: value})",
            choices={"list": "list of {key, value, available_in_api}", "dict": "{key: value}"},
        ),
        _text(
            "trusted_accounts_servers",
            "",
            "Zoho accounts servers to trust besides the known data centres, comma-separated "
            "(https://accounts.zoho.<domain>): for a data centre Zoho opened after this release",
            trusted_servers_problem,
        ),
        ProfileKey(
            "pkce",
            bool,
            False,
            "true to send a PKCE challenge (Zoho documents it for desktop clients only)",
        ),
        ProfileKey(
            "push_tokens",
            bool,
            True,
            "true to write the tokens to the subscription's persistent data on iPaaS.com",
        ),
    )
}


def profile_key(name: str) -> ProfileKey:
    """The key `name`, or ProfileValueError listing the keys there are."""
    try:
        return PROFILE_KEYS[name]
    except KeyError:
        raise ProfileValueError(
            name,
            f"unknown key {name!r}; known keys: {', '.join(PROFILE_KEYS)} (secrets go to the "
            "keyring, never to profiles.toml; `ipaas-auth profiles keys` explains each).",
        ) from None
