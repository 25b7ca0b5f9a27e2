"""The linter's findings under the template editor: errors red, warnings yellow; the finding
the fix key (f) would cure says so, and every other fixable one is marked."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
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
        """Colours of the theme, not Rich's named ones: those are Textual's ANSI palette turned
        into RGB, and its yellow becomes red on a 16-colour terminal (tui/theme.py)."""
        if not findings:
            self.update(Content.assemble(("✓ The linter finds nothing to fix.", "$text-success")))
            return
        parts: list[tuple[str, str] | str] = []
        first = first_fixable(findings)
        for finding in findings:
            style = "bold $text-error" if finding.severity == "error" else "$text-warning"
            mark = "✗" if finding.severity == "error" else "!"
            parts.append((f"{mark} {printable(finding.message)}", style))
            if finding.fix is not None:
                key = "f fixes" if finding is first else "fixable"
                parts.append((f" [{key}: {printable(finding.fix.description)}]", "bold"))
            parts.append("\n")
        self.update(Content.assemble(*parts[:-1]))
