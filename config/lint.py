"""The OAuth URL template linter: errors stop a save, warnings explain a likely mistake.

Every finding says what is wrong and what to do, in words an integrator can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urlsplit

from config.controls import CONTROLS, escaped, without_controls
from config.template import CLIENT_ID, CUSTOM_FIELD_PREFIX, STATE, Param, Template
from config.zoho import ACCOUNTS_HOSTS, KNOWN_SCOPES, accounts_hosts_text

Severity = Literal["error", "warning"]

SCOPE_CHARS = re.compile(r"^[A-Za-z0-9_.]+$")
SCOPE_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+\.[A-Z]+$")
AUTHORIZE_PATH = "/oauth/v2/auth"
REQUIRED = ("client_id", "response_type", "redirect_uri", "scope", "state")


@dataclass(frozen=True)
class Fix:
    """A change that cures a finding without guessing what the integrator meant."""

    description: str
    change: Callable[[Template], Template]

    def apply(self, text: str) -> str:
        return self.change(Template.parse(text)).text()


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    fix: Fix | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


def first_fixable(findings: list[Finding]) -> Finding | None:
    return next((f for f in findings if f.fix is not None), None)


def apply_all_fixes(
    text: str, custom_field_keys: Collection[str] | None = None, extra_hosts: Collection[str] = ()
) -> str:
    """`text` with every safe fix applied, one at a time (a fix may change the others)."""
    for _ in range(100):  # each fix removes a finding; the bound only guards against a bug
        found = first_fixable(lint(text, custom_field_keys, extra_hosts))
        if found is None or found.fix is None:
            return text
        text = found.fix.apply(text)
    return text


def lint(
    text: str,
    custom_field_keys: Collection[str] | None = None,
    extra_hosts: Collection[str] = (),
) -> list[Finding]:
    """Check a template. `custom_field_keys` are the version's fields (None: not checked);
    `extra_hosts` are accounts hosts trusted besides Zoho's (the sandbox)."""
    if not text.strip():
        return [
            Finding(
                "error",
                "empty",
                "The template is empty: paste one, or apply the Zoho Commerce preset.",
            )
        ]
    template = Template.parse(text)
    findings = _lint_controls(text)
    findings += _lint_url(template, extra_hosts)
    findings += _lint_params(template)
    findings += _lint_placeholders(template, custom_field_keys)
    findings += _lint_scopes(template.scopes) if template.param("scope") is not None else []
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _lint_controls(text: str) -> list[Finding]:
    """ESC, BEL, a bidi override…: no URL holds them, and the editor does not draw them (a
    terminal would obey them), so say where the first one is."""
    first = CONTROLS.search(text)
    if first is None:
        return []
    count = len(CONTROLS.findall(text))
    return [
        Finding(
            "error",
            "control-characters",
            f"The template holds {count} control character(s), the first "
            f"{escaped(first.group())} at character {first.start() + 1}; a URL cannot hold "
            "them (the editor does not draw them).",
            Fix(
                "remove the control characters",
                lambda t: Template.parse(without_controls(t.text())),
            ),
        )
    ]


def _lint_url(template: Template, extra_hosts: Collection[str]) -> list[Finding]:
    try:
        parts = urlsplit(template.base)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return [
            Finding(
                "error",
                "not-a-url",
                "Not a URL: a template starts with https://accounts.zoho.com/oauth/v2/auth? "
                "(or another data centre's accounts server).",
            )
        ]
    findings: list[Finding] = []
    host = parts.hostname.lower()
    trusted = {h.lower() for h in extra_hosts}
    if host not in ACCOUNTS_HOSTS and host not in trusted:
        findings.append(
            Finding(
                "error",
                "unknown-host",
                f"{host} is not a Zoho accounts server; use accounts.zoho.com or your data "
                f"centre's server (one of {accounts_hosts_text()}).",
            )
        )
    elif parts.scheme != "https" and host not in trusted:
        findings.append(
            Finding(
                "error",
                "not-https",
                "Zoho accounts servers are reached over https://.",
                Fix("use https://", lambda t: replace(t, base="https:" + t.base.partition(":")[2])),
            )
        )
    if parts.path != AUTHORIZE_PATH:
        findings.append(
            Finding(
                "error",
                "wrong-path",
                f"The path is {parts.path or '/'!r}; Zoho's authorize endpoint is "
                f"{AUTHORIZE_PATH}.",
            )
        )
    return findings


def _lint_params(template: Template) -> list[Finding]:
    findings: list[Finding] = []
    names = [p.name for p in template.params if p.name]
    for name in REQUIRED:
        if name not in names:
            findings.append(
                Finding("error", f"missing-{name}", _MISSING[name], _ADD_MISSING.get(name))
            )
    response_type = template.param("response_type")
    if response_type is not None and response_type != "code":
        findings.append(
            Finding(
                "error",
                "response-type",
                f"response_type is {response_type!r}; Zoho's server flow needs response_type=code.",
                Fix("set response_type=code", lambda t: t.with_param("response_type", "code")),
            )
        )
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        findings.append(
            Finding(
                "warning",
                "duplicate-param",
                f"{name} appears more than once; keep one.",
                _drop_repeats(name) if _same_values(template, name) else None,
            )
        )
    access_type = template.param("access_type")
    prompt = template.param("prompt")
    if access_type == "offline" and prompt != "consent":
        findings.append(
            Finding(
                "warning",
                "offline-without-consent",
                "access_type=offline without prompt=consent: Zoho returns a refresh token only "
                "on the first consent; add &prompt=consent to get one on every re-authorization.",
                # An existing prompt=… was chosen by someone: changing it is theirs to decide.
                Fix("add &prompt=consent", lambda t: t.with_param("prompt", "consent"))
                if prompt is None
                else None,
            )
        )
    return findings


def _same_values(template: Template, name: str) -> bool:
    return len({p.text() for p in template.params if p.name == name}) == 1


def _drop_repeats(name: str) -> Fix:
    def change(t: Template) -> Template:
        kept: list[Param] = []
        for p in t.params:
            if p.name != name or p not in kept:
                kept.append(p)
        return replace(t, params=tuple(kept))

    return Fix(f"keep one {name}", change)


_MISSING = {
    "client_id": "client_id is missing; add &client_id={Client_Id}.",
    "response_type": "response_type is missing; add &response_type=code.",
    "redirect_uri": "redirect_uri is missing; add &redirect_uri={SystemTypeVersion:RedirectUrl}.",
    "scope": "scope is missing; add scope=… with the Zoho scopes the integration needs.",
    "state": "state is missing; add &state={iPaaSState} (it protects the callback from forgery).",
}


_ADD_MISSING = {
    "client_id": Fix(
        "add &client_id={Client_Id}", lambda t: t.with_param("client_id", "{Client_Id}")
    ),
    "response_type": Fix(
        "add &response_type=code", lambda t: t.with_param("response_type", "code")
    ),
    "state": Fix("add &state={iPaaSState}", lambda t: t.with_param("state", "{iPaaSState}")),
}


def _lint_placeholders(
    template: Template, custom_field_keys: Collection[str] | None
) -> list[Finding]:
    findings: list[Finding] = []
    for name in dict.fromkeys(template.placeholders):
        if name in (CLIENT_ID, STATE):
            continue
        if name.startswith(CUSTOM_FIELD_PREFIX):
            key = name[len(CUSTOM_FIELD_PREFIX) :]
            if custom_field_keys is not None and key not in custom_field_keys:
                findings.append(
                    Finding(
                        "error",
                        "unknown-custom-field",
                        f"{{{name}}} names the custom field {key!r}, which this version does not "
                        f"have; add the field or correct the name.",
                    )
                )
            continue
        findings.append(
            Finding(
                "error",
                "unknown-placeholder",
                f"{{{name}}} is not a placeholder iPaaS.com fills in; use {{Client_Id}}, "
                "{iPaaSState} or {SystemTypeVersion:<custom field>}.",
            )
        )
    return findings


def _near_known_scope(scope: str) -> str | None:
    """The known scope `scope` is probably a misspelling of, by its service (ZohoCRM) or, for
    a known service, its resource (salesorders). Zoho has more scopes than we know, so only a
    near miss of a part we know is worth a word; an unknown operation or a scope of another
    service is not."""
    import difflib

    service, _, rest = scope.partition(".")
    resource, _, operation = rest.rpartition(".")
    services = {known.split(".")[0] for known in KNOWN_SCOPES}
    if service not in services:
        near = difflib.get_close_matches(service, services, n=1, cutoff=0.7)
        return f"{near[0]}.{rest}" if near else None
    resources = {known.split(".")[1] for known in KNOWN_SCOPES if known.startswith(service + ".")}
    if resource not in resources:
        near = difflib.get_close_matches(resource, resources, n=1, cutoff=0.85)
        return f"{service}.{near[0]}.{operation}" if near else None
    return None


def _lint_scopes(scopes: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for scope in scopes:
        if not scope:
            findings.append(
                Finding(
                    "error",
                    "empty-scope",
                    "The scope list has an empty entry (two commas "
                    "in a row, or one at an end); remove it.",
                    # With no scope at all, there is nothing safe to put in its place.
                    Fix("drop the empty entry", lambda t: t.with_scopes([s for s in t.scopes if s]))
                    if any(scopes)
                    else None,
                )
            )
        elif not SCOPE_CHARS.match(scope):
            findings.append(
                Finding(
                    "error",
                    "malformed-scope",
                    f"Scope {scope!r} has characters Zoho scopes "
                    "never have (spaces, quotes, …); scopes are separated by commas only.",
                )
            )
        elif not SCOPE_SHAPE.match(scope):
            findings.append(
                Finding(
                    "warning",
                    "malformed-scope",
                    f"Scope {scope!r} does not look like "
                    "Service.resource.OPERATION (for example ZohoCommerce.items.READ).",
                )
            )
        elif (near := _near_known_scope(scope)) is not None:
            findings.append(
                Finding(
                    "warning",
                    "misspelt-scope",
                    f"Scope {scope} is not one ipaas-auth knows, but looks like {near}: check "
                    "its spelling (Zoho refuses a scope it does not know).",
                )
            )
    for scope in dict.fromkeys(s for s in scopes if s and scopes.count(s) > 1):
        findings.append(
            Finding(
                "warning",
                "duplicate-scope",
                f"Scope {scope} is listed twice; remove one.",
                Fix(f"keep one {scope}", lambda t: t.with_scopes(list(dict.fromkeys(t.scopes)))),
            )
        )
    unique = list(dict.fromkeys(scopes))
    for scope in unique:
        covering = _covering_all_scope(scope, unique)
        if covering:
            findings.append(
                Finding(
                    "warning",
                    "redundant-scope",
                    f"Scope {scope} is already granted by "
                    f"{covering}; remove it (or narrow {covering}).",
                    Fix(f"remove {scope}", _remove_scope(scope)),
                )
            )
    return findings


def _remove_scope(scope: str) -> Callable[[Template], Template]:
    return lambda t: t.with_scope_removed(scope)


def _covering_all_scope(scope: str, scopes: list[str]) -> str | None:
    """An `.ALL` scope of the same service and resource (or a parent resource) in `scopes`."""
    parts = scope.split(".")
    if len(parts) < 3:
        return None
    service, resource = parts[0], parts[1:-1]
    for depth in range(len(resource), 0, -1):
        candidate = ".".join([service, *resource[:depth], "ALL"])
        if candidate != scope and candidate in scopes:
            return candidate
    return None
