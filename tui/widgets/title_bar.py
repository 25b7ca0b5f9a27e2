"""The top line: the app's title, and the profile, environment and company it is connected to.

What Textual's Header shows (minus its clock space and icon), as one widget that renders a
line. Header is four widgets and a module of its own; on the way to the first frame it cost
5-8 ms of CPU, a quarter of the console's start-up work beyond a bare Textual app (issue 13).
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from tui.widgets.plain import printable

SEPARATOR = " — "


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        content-align: center middle;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle, init=False)
        self.watch(self.app, "sub_title", self._retitle, init=False)

    def _retitle(self, _value: str) -> None:
        self.refresh()

    def render(self) -> Content:
        """Title and sub-title as plain text: the sub-title embeds a company's name, which
        is the server's text, never markup."""
        title, sub_title = printable(self.app.title), printable(self.app.sub_title)
        if not sub_title:
            return Content(title)
        return Content.assemble(title, (SEPARATOR, "dim"), (sub_title, "dim"))
