"""The linter's findings under the template editor: errors red, warnings yellow."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from config.lint import Finding
from tui.widgets.plain import printable


class LintPanel(Static):
    DEFAULT_CSS = """
    LintPanel { height: auto; max-height: 8; padding: 0 1; }
    """

    def show(self, findings: list[Finding]) -> None:
        if not findings:
            self.update(Text("✓ The linter finds nothing to fix.", style="green"))
            return
        text = Text()
        for finding in findings:
            style = "bold red" if finding.severity == "error" else "yellow"
            mark = "✗" if finding.severity == "error" else "!"
            text.append(f"{mark} {printable(finding.message)}\n", style=style)
        text.rstrip()
        self.update(text)
