"""OAuth URL templates: parse, edit scopes and host, render, and turn back into text.

A template is kept as the pieces of its own text, so an unedited template turns back into exactly
the text it came from, whatever that text is (the linter, not the parser, judges it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import quote, urlsplit

from config.errors import TemplateError

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
CLIENT_ID = "Client_Id"
STATE = "iPaaSState"
CUSTOM_FIELD_PREFIX = "SystemTypeVersion:"


@dataclass(frozen=True)
class Param:
    """One `name=value` piece of the query; `has_equals` keeps `name` and `name=` apart."""

    name: str
    value: str
    has_equals: bool = True

    def text(self) -> str:
        return f"{self.name}={self.value}" if self.has_equals else self.name


@dataclass(frozen=True)
class Template:
    base: str
    params: tuple[Param, ...]
    has_query: bool
    fragment: str | None

    @classmethod
    def parse(cls, text: str) -> Template:
        before_fragment, hash_sign, fragment = text.partition("#")
        base, question, query = before_fragment.partition("?")
        params: tuple[Param, ...] = ()
        if question:
            params = tuple(_parse_param(piece) for piece in query.split("&"))
        return cls(base, params, bool(question), fragment if hash_sign else None)

    def text(self) -> str:
        out = self.base
        if self.has_query:
            out += "?" + "&".join(p.text() for p in self.params)
        if self.fragment is not None:
            out += "#" + self.fragment
        return out

    # --- reading -------------------------------------------------------------------------

    @property
    def host(self) -> str:
        """The host (lower-case, no port) or "" when the base is not a URL."""
        try:
            return (urlsplit(self.base).hostname or "").lower()
        except ValueError:
            return ""

    @property
    def path(self) -> str:
        return urlsplit(self.base).path

    def param(self, name: str) -> str | None:
        """The first value of `name`, or None when the template lacks it."""
        for p in self.params:
            if p.name == name:
                return p.value
        return None

    @property
    def scopes(self) -> list[str]:
        raw = self.param("scope")
        return [] if raw is None else raw.split(",")

    @property
    def placeholders(self) -> list[str]:
        """Every `{...}` name in the template, in order of appearance."""
        return PLACEHOLDER.findall(self.text())

    @property
    def custom_field_keys(self) -> list[str]:
        return [
            name[len(CUSTOM_FIELD_PREFIX) :]
            for name in self.placeholders
            if name.startswith(CUSTOM_FIELD_PREFIX)
        ]

    # --- editing -------------------------------------------------------------------------

    def with_param(self, name: str, value: str) -> Template:
        """Set `name` (its first occurrence), or append it when absent."""
        params = list(self.params)
        for index, p in enumerate(params):
            if p.name == name:
                params[index] = Param(name, value)
                return replace(self, params=tuple(params))
        if params == [Param("", "", False)]:
            params = []
        params.append(Param(name, value))
        return replace(self, params=tuple(params), has_query=True)

    def with_scopes(self, scopes: list[str]) -> Template:
        """Replace the scope list, keeping the given order."""
        return self.with_param("scope", ",".join(scopes))

    def with_scope_added(self, scope: str) -> Template:
        return self if scope in self.scopes else self.with_scopes([*self.scopes, scope])

    def with_scope_removed(self, scope: str) -> Template:
        return self.with_scopes([s for s in self.scopes if s != scope])

    def with_accounts_url(self, accounts_url: str) -> Template:
        """Point the template at another data centre's accounts server, keeping the path."""
        try:
            parts = urlsplit(self.base)
        except ValueError as exc:
            raise TemplateError(f"The template is not a URL ({exc}); fix it first.") from exc
        if not parts.scheme or not parts.netloc:
            raise TemplateError(
                "The template does not start with https://<host>/; "
                "apply the preset or fix the start of the URL first."
            )
        new = urlsplit(accounts_url)
        return replace(self, base=parts._replace(scheme=new.scheme, netloc=new.netloc).geturl())

    # --- rendering -----------------------------------------------------------------------

    def render(self, values: Mapping[str, str]) -> str:
        """Fill every placeholder with its URL-encoded value; a missing one is an error."""
        missing = [name for name in self.placeholders if name not in values]
        if missing:
            names = ", ".join("{" + name + "}" for name in dict.fromkeys(missing))
            raise TemplateError(f"No value for {names}; set it on the version or subscription.")
        return PLACEHOLDER.sub(lambda m: quote(values[m.group(1)], safe=""), self.text())


def _parse_param(piece: str) -> Param:
    name, equals, value = piece.partition("=")
    return Param(name, value, bool(equals))


def render_values(client_id: str, state: str, custom_fields: Mapping[str, str]) -> dict[str, str]:
    """The placeholder values iPaaS.com fills in, from a subscription and a version."""
    values = {CLIENT_ID: client_id, STATE: state}
    values.update({CUSTOM_FIELD_PREFIX + key: value for key, value in custom_fields.items()})
    return values
