"""Find an integration or a subscription the way a person names it: by id, by its exact name,
or by a case-insensitive part of its name that matches exactly one."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Protocol, TypeVar

from tui.clients.errors import NotFoundError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import Integration, Subscription
from tui.core.errors import ChoiceNeededError


class Named(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


def find_one(items: Sequence[T], query: str, kind: str) -> T:
    """The one item `query` names; NotFoundError or ChoiceNeededError (listing) otherwise."""
    wanted = query.strip()
    for matches in (
        [i for i in items if i.id == wanted],
        [i for i in items if i.name == wanted],
        [i for i in items if wanted.casefold() in i.name.casefold()] if wanted else [],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ChoiceNeededError(
                f"{query!r} matches {len(matches)} {kind}s; give the id or more of the name:",
                [f"{i.id}  {i.name}" for i in matches],
            )
    raise NotFoundError(
        f"No {kind} is named {query!r} or has that id; list them with `ipaas-auth {kind}s`."
    )


def filtered(items: Sequence[T], text: str | None) -> list[T]:
    """The items whose name or id contains `text` (case-insensitive); all of them without."""
    if not text:
        return list(items)
    needle = text.casefold()
    return [i for i in items if needle in i.name.casefold() or needle in i.id.casefold()]


def may_be_id(query: str) -> bool:
    """Integration and subscription ids are whole numbers (iPaaS.com's `long`)."""
    wanted = query.strip()
    return wanted.isascii() and wanted.isdigit()


async def find_integration(client: IpaasClient, query: str) -> Integration:
    """An id is read at once (one round trip), as the list would name it first; a name, or an
    id iPaaS.com does not know, takes the list first."""
    if may_be_id(query):
        with contextlib.suppress(NotFoundError):
            return await client.get_integration(query.strip())
    summary = find_one(await client.list_integrations(), query, "integration")
    return await client.get_integration(summary.id)


async def find_subscription(client: IpaasClient, query: str) -> Subscription:
    """As `find_integration`: an id is read at once, a name takes the list first."""
    if may_be_id(query):
        with contextlib.suppress(NotFoundError):
            return await client.get_subscription(query.strip())
    summary = find_one(await client.list_subscriptions(), query, "subscription")
    return await client.get_subscription(summary.id)
