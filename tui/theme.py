"""The theme chosen (the command palette's "Change theme") is kept for the next run: read before
the first frame is drawn, saved in a thread when it changes. The app inherits it."""

from __future__ import annotations

from textual import work
from textual.app import App
from textual.theme import Theme

from config.state import save_state, saved_theme


class KeptTheme(App[None]):
    _kept_theme: str | None = None

    def on_load(self) -> None:
        """The theme chosen in an earlier run, before the first frame is drawn."""
        self._kept_theme = saved_theme()
        if self._kept_theme in self.available_themes:
            self.theme = self._kept_theme

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def _keep_theme(self, theme: Theme) -> None:
        if theme.name != self._kept_theme:
            self._kept_theme = theme.name
            self._save_theme(theme.name)

    @work(thread=True, group="state", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        save_state(theme=name)
