"""The linter's findings under the template editor: errors red, warnings yellow; the finding
the fix key (f) would cure says so, and every other fixable one is marked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from config.lint import Finding, first_fixable
from tui.widgets.plain import printable


class LintPanel(Static):
    DEFAULT_CSS = """
    LintPanel { height: auto; max-height: 8; padding: 0 1; }
    """

    def not_sent(self) -> None:
        """Nothing to check: iPaaS.com did not send the template (unknown, not empty)."""
        self.update(
            Text(
                "· iPaaS.com did not send the template: nothing to check until you type one "
                "or apply the preset (p).",
                style="italic",
            )
        )

    def show(self, findings: list[Finding]) -> None:
        if not findings:
            self.update(Text("✓ The linter finds nothing to fix.", style="green"))
            return
        text = Text()
        first = first_fixable(findings)
        for finding in findings:
            style = "bold red" if finding.severity == "error" else "yellow"
            mark = "✗" if finding.severity == "error" else "!"
            text.append(f"{mark} {printable(finding.message)}", style=style)
            if finding.fix is not None:
                key = "f fixes" if finding is first else "fixable"
                text.append(f" [{key}: {printable(finding.fix.description)}]", style="bold")
            text.append("\n")
        text.rstrip()
        self.update(text)
