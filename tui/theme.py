"""The theme chosen (the command palette's "Change theme") is kept for the next run: read before
the first frame is drawn, saved in a thread when it changes. The app inherits it.

On a 16-colour terminal (TERM=xterm, linux, a serial console), Textual's default theme,
textual-dark, paints like errors: its accent and warning are orange (#FFA62B), and Rich sends
each colour as the nearest of the 16 ANSI ones (`Color.downgrade` matches by distance in RGB
against its standard palette), which for that orange is bright red (9). The selected row, every
key in the key bar, titles, dialog borders and the linter's warnings read like failures. There
the console uses textual-dark with an accent and a warning that land on calm colours, cyan (6)
and bright yellow (11); errors stay red. Terminals of 256 colours or more keep Textual's own.
Not under NO_COLOR: everything is grey there, and the cyan became light grey behind the selected
row's white text; textual-dark's orange accent keeps dark text on it.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme

from config.state import save_state, saved_theme

DEFAULT = "textual-dark"
SIXTEEN_COLOURS = ("standard", "windows")  # Rich's names for the 16-colour systems
CALM_16 = replace(
    BUILTIN_THEMES[DEFAULT],
    name=f"{DEFAULT}-16",
    accent="#00AAAA",  # ANSI cyan in Rich's palette: selected rows, keys, titles, borders
    warning="#FFFF55",  # ANSI bright yellow: a warning is not an error
)


class KeptTheme(App[None]):
    _kept_theme: str | None = None

    def on_load(self) -> None:
        """The theme chosen in an earlier run, before the first frame is drawn."""
        self._kept_theme = saved_theme()
        if self._kept_theme in self.available_themes:
            self.theme = self._kept_theme
        self._calm_colours()

    def _calm_colours(self) -> None:
        """On a 16-colour terminal with colours, the default theme (chosen or not) in its calm
        variant."""
        if self.console.color_system in SIXTEEN_COLOURS and not self.no_color:
            self.register_theme(CALM_16)
            if self.theme == DEFAULT:
                self.theme = CALM_16.name

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def _keep_theme(self, theme: Theme) -> None:
        if theme.name != self._kept_theme:
            self._kept_theme = theme.name
            self._save_theme(theme.name)

    @work(thread=True, group="state", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        save_state(theme=name)
