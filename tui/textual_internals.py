"""The few places ipaas-auth reaches into Textual's private API, each wrapped here and nowhere
else, with why. Textual is pinned to one major version (pyproject.toml); a minor release may
still rename any of these, so tests/test_textual_internals.py checks each one exists on the
installed Textual and fails, naming it, when an upgrade removes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import App
    from textual.binding import Binding
    from textual.message_pump import MessagePump
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.strip import Strip

# (class, attribute) of every private name used below: what the test checks.
USED: tuple[tuple[str, str], ...] = (
    ("textual.app.App", "_notifications"),
    ("textual.app.App", "_unnotify"),
    ("textual.app.App", "_refresh_notifications"),
    ("textual.app.App", "_exception"),
    ("textual.app.App", "_exit_renderables"),
    ("textual.app.App", "_close_messages_no_wait"),
    ("textual.app.App", "_clipboard"),
    ("textual.message_pump.MessagePump", "_parent"),
    ("textual.dom.DOMNode", "_bindings"),
    ("textual.screen.Screen", "_compositor"),
    # Overridden by IpaasAuthApp (tui/app.py): Textual's only hook for an exception nothing
    # handled, whose default prints a traceback with local variables.
    ("textual.app.App", "_fatal_error"),
)


def notifications(app: App[Any]) -> list[Notification]:
    """The toasts on screen (Textual offers only clearing them all)."""
    return list(app._notifications)


def take_back(app: App[Any], notification: Notification) -> None:
    """Remove one toast (a repeated message, or one a later success made moot); call
    `redraw_notifications` once after taking several back."""
    app._unnotify(notification, refresh=False)


def redraw_notifications(app: App[Any]) -> None:
    app._refresh_notifications()


def remember_copied(app: App[Any], text: str) -> None:
    """What ctrl+v in an Input pastes: Textual keeps it only when its own copy runs, and a
    copy through tmux's buffer (tui/clipboard.py) does not run it."""
    app._clipboard = text


def unhandled_exception(app: App[Any]) -> BaseException | None:
    return app._exception


def exit_saying(app: App[Any], renderable: RenderableType) -> None:
    """Close the app now, printing `renderable` after the terminal is restored (instead of
    Textual's traceback, which shows local variables: passwords and tokens among them)."""
    app._exit_renderables.append(renderable)
    app._close_messages_no_wait()


def parent_of(node: MessagePump) -> MessagePump | None:
    """The node a message bubbles to next (Textual has no public parent for a MessagePump)."""
    return node._parent


def bindings_for(node: MessagePump, key: str) -> list[Binding]:
    """The bindings a node itself declares for `key` (not those of its ancestors)."""
    bindings = getattr(node, "_bindings", None)
    return list(bindings.key_to_bindings.get(key, [])) if bindings is not None else []


def screen_lines(screen: Screen[Any]) -> list[Strip]:
    """The lines a screen paints now (its widgets, dialogs and toasts), with their styles, as
    the terminal gets them: what tests read to see what a user sees. Textual's public
    screenshot is SVG, without the links and click actions a test must find absent."""
    return screen._compositor.render_strips()
