"""A labelled value that is masked unless revealed: secrets never reach the screen by accident."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from config.tokens import mask
from tui.widgets.plain import cell_len, printable

LABEL_CELLS = 16  # the values line up after labels this wide (in terminal cells)


class SecretField(Static):
    DEFAULT_CSS = """
    SecretField { height: auto; }
    """
    revealed: reactive[bool] = reactive(False)

    def __init__(
        self, label: str, value: str = "", *, secret: bool = True, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.value = value
        self.secret = secret
        self.note = ""

    def set_value(self, value: str, note: str = "") -> None:
        self.value = value
        self.note = note
        self._redraw()

    def watch_revealed(self) -> None:
        self._redraw()

    def on_mount(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        shown = self.value if (self.revealed or not self.secret) else mask(self.value)
        label = printable(self.label)  # a setting's name, from iPaaS.com
        label += " " * max(0, LABEL_CELLS - cell_len(label))
        text = Text.assemble((label, "bold"), printable(shown) or ("(none)", "dim"))
        if self.note:
            text.append(f"  {printable(self.note)}", style="dim")
        self.update(text)


SECRET_WORDS = ("secret", "password", "token", "apikey", "api_key", "key")


def looks_secret(setting_name: str) -> bool:
    lowered = setting_name.lower().replace(" ", "")
    return any(word in lowered for word in SECRET_WORDS)
