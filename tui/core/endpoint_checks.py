"""The endpoint checks of `ipaas-auth doctor`: every GET endpoint of the profile's table (status,
time, the candidate that answered, the override a missing route needs), the optional write that
changes nothing (`--check-writes`), and what is known of the write endpoints not exercised."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from config.endpoints import Endpoint
from tui.clients.errors import (
    ApiError,
    ApiKeyRefusedError,
    NoPermissionError,
    RouteNotFoundError,
)
from tui.clients.ipaas import IpaasClient
from tui.core.changes import (
    UnsafeWriteError,
    Writer,
    save_authorization_type,
    save_version,
    unconfirmed_type_note,
)
from tui.core.checks import FAILURE, OK, WARNING, Check, Stopwatch
from tui.core.errors import ChoiceNeededError
from tui.core.lookup import find_integration
from tui.core.session import Session

Add = Callable[[Check], object]
BUG_REPORT_FIX = "Run with --debug and attach this output and debug.log to a bug report."
WRITES_CHECKED = ("update_version", "update_integration")


async def get_endpoints(
    session: Session, client: IpaasClient, add: Add, waiting: str, ready: tuple[str, ...] = ()
) -> set[str]:
    """Each GET endpoint with its time and the path that answered; returns the names of those
    that failed. With `waiting`, only the endpoints `ready` names are called; the others say
    what they wait for."""
    first: dict[str, str] = {}

    async def companies() -> str:
        if client.session is None or not client.session.user_id:
            raise _Skip("an API key cannot list companies")
        return _count(len(await client.list_companies()), "company", "companies")

    async def change_company() -> str:
        if client.session is not None and client.session.api_key:
            raise _Skip("an API key belongs to its company and never calls ChangeCompany")
        company_id = client.session.company_id if client.session else None
        if not company_id:
            raise _Skip("no company chosen")
        await client.change_company(company_id)
        return f"company {company_id}"

    async def integrations() -> str:
        rows = await client.list_integrations()
        if rows:
            first["integration"] = rows[0].id
        return _count(len(rows), "integration")

    async def integration() -> str:
        if "integration" not in first:
            raise _Skip("no integration to read")
        found = await client.read_integration(first["integration"], "subscriptions")
        return f"{found.name} ({found.id}), " + _count(len(found.versions), "version")

    async def integration_edit() -> str:
        if "integration" not in first:
            raise _Skip("no integration to read")
        found = await client.read_integration(first["integration"], "integrators")
        return (
            f"{found.name} ({found.id}), "
            + _count(len(found.versions), "version")
            + ", with the OAuth fields and the authorization type"
        )

    async def subscriptions() -> str:
        rows = await client.list_subscriptions()
        if rows:
            first["subscription"] = rows[0].id
        return _count(len(rows), "subscription")

    async def subscription() -> str:
        if "subscription" not in first:
            raise _Skip("no subscription to read")
        found = await client.get_subscription(first["subscription"])
        return f"{found.name} ({found.id})"

    probes: dict[str, Callable[[], Awaitable[str]]] = {
        "companies": companies,
        "change_company": change_company,
        "integrations": integrations,
        "integration": integration,
        "integration_edit": integration_edit,
        "subscriptions": subscriptions,
        "subscription": subscription,
    }
    failed: set[str] = set()
    for endpoint in session.profile.endpoints:
        if endpoint.is_write:
            continue
        name = f"{endpoint.method} {endpoint.name}"
        probe = probes.get(endpoint.name)
        if waiting and endpoint.name not in ready:  # what the call needs first, and is missing
            add(Check(name, WARNING, f"not checked: {waiting}"))
            continue
        if probe is None:
            add(Check(name, WARNING, "not checked: doctor has no probe for it yet"))
            continue
        watch = Stopwatch()
        try:
            what = await probe()
        except _Skip as skip:
            add(Check(name, WARNING, f"not checked: {skip}"))
            continue
        except RouteNotFoundError as exc:
            failed.add(endpoint.name)
            add(_route_failure(name, exc, session.profile.name))
            continue
        except ApiError as exc:
            failed.add(endpoint.name)
            add(api_failure(name, exc))
            continue
        add(_answered(name, endpoint, client, f"{what}, in {watch.ms} ms"))
    return failed


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


class _Skip(Exception):
    """A probe that has nothing to ask (no company, no integration, an API key)."""


def _answered(name: str, endpoint: Endpoint, client: IpaasClient, detail: str) -> Check:
    path = client.answered.get(endpoint.name, endpoint.path)
    if path == endpoint.path:
        return Check(name, OK, f"{detail} ({endpoint.method} {path})")
    index = endpoint.paths.index(path) + 1 if path in endpoint.paths else 0
    return Check(
        name,
        WARNING,
        f"{detail}; answered at candidate {index} of {len(endpoint.paths)}, "
        f"{endpoint.method} {path} (the first is missing)",
        f'Optional, to skip the missing path: in profiles.toml, {endpoint.name} = "'
        f'{endpoint.method} {path}" under [profiles.<name>.endpoints].',
    )


# What a missing route costs, where that is not obvious from its name.
CONSEQUENCES = {
    "integration_edit": "; versions are then read from /subscriptions, without their OAuth "
    "fields and the authorization type: saving a version is refused and Authenticate cannot "
    "take the template",
}


def _route_failure(name: str, exc: RouteNotFoundError, profile: str) -> Check:
    tried = "; ".join(f"{path} (HTTP {status})" for path, status in exc.tried)
    hint = exc.hint.replace("<name>", profile).replace("\n", " then ")
    return Check(
        name,
        FAILURE,
        f"no route for endpoint {exc.endpoint!r}: tried {tried}"
        + CONSEQUENCES.get(exc.endpoint, ""),
        f"If iPaaS.com serves it elsewhere, set it in profiles.toml: {hint}",
    )


def permission_failure(name: str, exc: NoPermissionError) -> Check:
    """A call iPaaS.com refused with a 401 that is not an expired session: no access for this
    user (or this API key) in this company. Not a bug: the fix is a designation or a key."""
    if isinstance(exc, ApiKeyRefusedError):
        return Check(
            name,
            FAILURE,
            f"API key refused for {exc.call}: expired, revoked, or without access to it",
            "Create a new key in User/Role Management > API Keys (`ipaas-auth login PROFILE "
            "--api-key`), or ask the company's admin to give the key's user access.",
        )
    return Check(
        name,
        FAILURE,
        f"no permission: iPaaS.com refused {exc.call} although the log-in is valid; the user "
        "needs the Integrator (or MiSP) designation for this company",
        "In the portal choose View as Integrator, or ask the company's admin to give your user "
        "the Integrator designation for this company.",
    )


def api_failure(name: str, exc: ApiError) -> Check:
    if isinstance(exc, NoPermissionError):  # a designation or a key to get, not a bug
        return permission_failure(name, exc)
    if isinstance(exc, ChoiceNeededError):  # a choice to make: its candidates, one a line
        return Check(name, FAILURE, exc.headline, "Choose one of:", tuple(exc.candidates))
    return Check(name, FAILURE, str(exc), BUG_REPORT_FIX)


async def write_back(
    writer: Writer,
    add: Add,
    query: str,
    before_write: Callable[[str], None],
    profile: str,
) -> None:
    """Save one integration's first version and its authorization type back as read, through
    the same safe path as every save (journalled, read back, reverted if anything changed).
    Nothing is sent that was not read: a read that lacks what a write needs is a refusal."""
    client = writer.client
    try:
        integration = await find_integration(client, query)
    except ApiError as exc:
        add(api_failure("check writes", exc))
        return
    if not integration.versions:
        add(Check("check writes", FAILURE, f"{integration.name} has no version to save"))
        return
    version = integration.versions[0]
    table = client.endpoints
    before_write(
        f"--check-writes: saving version {version.name} ({version.id}) of {integration.name} "
        f"and its authorization type back exactly as read ({table['update_version'].spec()}, "
        f"{table['update_integration'].spec()}); nothing should change. Each write is in "
        "`ipaas-auth history`."
    )
    name = f"{table['update_version'].method} update_version"
    watch = Stopwatch()
    try:
        saved = await save_version(
            writer, version, integration.id, version.edit, even_if_unchanged=True
        )
    except UnsafeWriteError as exc:
        add(Check(name, WARNING, f"not checked: {exc}"))
    except RouteNotFoundError as exc:
        add(_route_failure(name, exc, profile))
    except ApiError as exc:
        add(api_failure(name, exc))
    else:
        detail = f"saved unchanged in {watch.ms} ms, read back the same"
        if saved.notes:
            detail += "; " + "; ".join(saved.notes)
        add(_answered(name, table["update_version"], client, detail))
    name = f"{table['update_integration'].method} update_integration"
    if integration.authorization_type_id is None:
        add(Check(name, WARNING, f"not checked: {unconfirmed_type_note(integration, 1)}"))
        return
    watch = Stopwatch()
    try:
        typed = await save_authorization_type(
            writer, integration, integration.authorization_type_id, even_if_unchanged=True
        )
    except RouteNotFoundError as exc:
        add(_route_failure(name, exc, profile))
    except ApiError as exc:
        add(api_failure(name, exc))
    else:
        if typed.notes and not typed.written:
            add(Check(name, WARNING, "not checked: " + "; ".join(typed.notes)))
            return
        detail = (
            f"authorization type {integration.authorization_type_id} saved unchanged in "
            f"{watch.ms} ms, read back the same"
        )
        add(_answered(name, table["update_integration"], client, detail))


def write_endpoints(
    session: Session, client: IpaasClient, add: Add, done: set[str], check_writes: str | None
) -> None:
    """What is known of each write endpoint that `done` does not name (not exercised)."""
    for endpoint in session.profile.endpoints:
        name = f"{endpoint.method} {endpoint.name}"
        if not endpoint.is_write or name in done:
            continue
        if endpoint.name == "login" and "login" in client.answered:
            add(
                Check(
                    name, OK, f"checked by the log-in ({endpoint.spec(client.answered['login'])})"
                )
            )
            continue
        fix = ""
        if endpoint.name in WRITES_CHECKED and not check_writes:
            fix = (
                "Confirm it with `ipaas-auth doctor --check-writes INTEGRATION` (saves unchanged)."
            )
        elif endpoint.status == "assumed" and endpoint.name not in WRITES_CHECKED:
            fix = _unconfirmed_write_fix(endpoint, session.profile.name)
        status = WARNING if endpoint.status == "assumed" else OK
        add(Check(name, status, f"{endpoint.status}, not checked ({endpoint.spec()})", fix))


def _unconfirmed_write_fix(endpoint: Endpoint, profile: str) -> str:
    """An assumed write --check-writes does not make (it would rewrite what others rely on,
    such as a subscription's settings): what to do if it turns out to be elsewhere."""
    return (
        "Nothing to do now: ipaas-auth does not write it yet, and --check-writes leaves it "
        "alone. If a save through it ever fails with HTTP 404 or 405, set iPaaS.com's route in "
        "profiles.toml: "
        f'{endpoint.name} = "{endpoint.method} /…" under [profiles.{profile}.endpoints].'
    )
