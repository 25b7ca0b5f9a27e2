"""Edit a version's OAuth URL template, identifier and success-callback fields, scopes, data
centre and custom fields; apply the Zoho Commerce preset; save after a diff, never over someone
else's edit."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static, TextArea

from config.errors import TemplateError
from config.lint import Finding
from config.presets import RECOMMENDED, ZOHO_COMMERCE
from config.template import Template
from config.zoho import DATA_CENTRES, KNOWN_SCOPES, data_centre_for_host
from tui.clients.errors import ApiError, VersionConflictError
from tui.clients.models import CustomField, Integration, Version
from tui.clients.version_changes import NOT_SENT
from tui.connection import Target
from tui.core.draft import VersionDraft
from tui.core.versions import (
    findings,
    fix_every,
    fix_first,
    preset_for,
    reload_draft,
    save_draft,
)
from tui.screens.inner import InnerScreen
from tui.screens.version_editor_keys import VERSION_EDITOR_KEYS
from tui.screens.version_read import FIELDS_LABEL, read_view
from tui.typeahead import KeyWait
from tui.widgets.fields_table import FieldsTable
from tui.widgets.key_bar import KeyBar
from tui.widgets.lint_panel import LintPanel
from tui.widgets.plain import plain
from tui.widgets.scope_list import ScopeList
from tui.widgets.text_editor import TextEditor
from tui.widgets.text_fields import TextInput
from tui.widgets.title_bar import TitleBar

TEMPLATE_LABEL = "OAuth URL template"
SAVE_HOLDS_KEYS = 3.0  # seconds (README): the way out must work when the network hangs


class VersionEditorScreen(InnerScreen):
    BINDINGS = VERSION_EDITOR_KEYS

    def __init__(self, integration: Integration, version: Version) -> None:
        super().__init__()
        self.draft = VersionDraft.of(integration, version)
        self.saved = False
        self._syncing = False
        # Every key typed while saving waits for the result, up to SAVE_HOLDS_KEYS seconds.
        self.save_wait = KeyWait(self, every_key=True, limit=SAVE_HOLDS_KEYS)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="editor"):
            yield Static(
                plain(f"{self.draft.integration.name} · {self.draft.version.name}"),
                classes="title",
            )
            yield Static("", id="read-from", classes="hint")
            yield Label("", id="template-label")
            # Read-only until Enter (or a click): focused on opening, it must not take the
            # letters that are this screen's keys (p, f, n, …: "Enter p ctrl+s" applies the
            # preset from the integration's screen).
            yield TextEditor(self.draft.template, soft_wrap=True, read_only=True, id="template")
            yield LintPanel(id="lint")
            with Horizontal(classes="field"):
                yield Label("OAuth identifier field ")
                yield TextInput(
                    self.draft.identifier_field,
                    id="identifier-field",
                    tooltip="oauth_identifier_field of the version",
                )
            with Horizontal(classes="field"):
                yield Label("OAuth success callback field ")
                yield TextInput(
                    self.draft.callback_field,
                    id="callback-field",
                    tooltip="oauth_success_callback_field of the version",
                )
            with Horizontal(classes="field"):
                yield Label("Zoho data centre ")
                yield Select(
                    [(f"{dc.code} · {dc.accounts_url}", dc.code) for dc in DATA_CENTRES.values()],
                    prompt="(not a Zoho host)",
                    id="dc",
                )
            yield Label("Scopes (Delete removes; type below to add)")
            yield ScopeList(id="scopes")
            yield TextInput(
                placeholder="add a scope, e.g. ZohoCommerce.items.READ",
                suggester=SuggestFromList(list(KNOWN_SCOPES), case_sensitive=False),
                id="add-scope",
            )
            yield Static(plain(FIELDS_LABEL), id="fields-label")
            yield FieldsTable(id="fields")
            yield Static("", id="auth-type", classes="hint")
        yield Static("", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        """Open at the top (the header and the template in view, also at 80x24), in the
        template: focusing a field lower down scrolled the screen down to it."""
        self.refresh_views()
        self.query_one("#template", TextArea).focus(scroll_visible=False)
        self.query_one("#editor", VerticalScroll).scroll_home(animate=False, immediate=True)

    def action_edit_template(self) -> None:
        template = self.query_one("#template", TextArea)
        template.read_only = False
        self._show_template_state()
        template.focus()

    @on(events.Click, "#template")
    def template_clicked(self) -> None:
        self.action_edit_template()

    # --- keeping the views in step with the draft -------------------------------------------

    def refresh_views(self, template_too: bool = True) -> None:
        self._syncing = True
        try:
            template = Template.parse(self.draft.template)
            if template_too:
                self.query_one("#template", TextArea).text = self.draft.template
                self.query_one("#identifier-field", Input).value = self.draft.identifier_field
                self.query_one("#callback-field", Input).value = self.draft.callback_field
            self.query_one(ScopeList).set_scopes(template.scopes)
            dc = data_centre_for_host(template.host)
            select = self.query_one("#dc", Select)
            with self.prevent(Select.Changed):
                if dc is None:
                    select.clear()
                else:
                    select.value = dc.code
            if template_too:  # what only a preset, a save or a reload changes
                self._show_read()
            self._show_template_state()
            self._update_status()
        finally:
            self._syncing = False

    def _show_read(self) -> None:
        """Say which read answered and, for each part it did not send, that it was not sent
        (an empty box would read as an empty value)."""
        shown = read_view(self.draft)
        self.query_one("#read-from", Static).update(plain(shown.read_from))
        self.query_one("#template", TextArea).placeholder = shown.template_placeholder
        self.query_one("#identifier-field", Input).placeholder = shown.identifier_placeholder
        self.query_one("#callback-field", Input).placeholder = shown.callback_placeholder
        self.query_one(FieldsTable).show(self.draft.fields, shown.fields_not_sent)
        self.query_one("#fields-label", Static).update(plain(shown.fields_label))
        self.query_one("#auth-type", Static).update(plain(shown.authorization_type))

    def _show_template_state(self) -> None:
        """The template's label and the linter's findings (on every keystroke in it)."""
        editing = not self.query_one("#template", TextArea).read_only
        label = TEMPLATE_LABEL + ("" if editing else " · Enter to edit")
        lint = self.query_one("#lint", LintPanel)
        if "oauth_url_template" in self.draft.unknown:
            label += f" · {NOT_SENT}"
            lint.not_sent()
        else:
            lint.show(self.findings())
        self.query_one("#template-label", Label).update(plain(label))

    @property
    def _target(self) -> Target | None:
        return self.console.connection.session.target if self.console.connection.session else None

    def findings(self) -> list[Finding]:
        if "oauth_url_template" in self.draft.unknown:
            return []  # not sent: nothing to check (never "the template is empty")
        return findings(self.draft.template, self.draft.field_keys, self._target)

    def _update_status(self) -> None:
        text = (
            "Unsaved changes · ctrl+s to review and save"
            if self.draft.dirty
            else "No unsaved changes"
        )
        # Runs on every keystroke in the template; an error already shown keeps its mark.
        self.set_status(text, error=self.query_one("#status", Static).has_class("error"))

    # Each handler ignores the echo of a value refresh_views set: it arrives after the sync,
    # and refreshing for it put "No unsaved changes" over what a save had to say.

    @on(TextArea.Changed, "#template")
    def template_edited(self, event: TextArea.Changed) -> None:
        if not self._syncing and event.text_area.text != self.draft.template:
            self.draft.template = event.text_area.text
            self.refresh_views(template_too=False)

    @on(Input.Changed, "#identifier-field")
    def identifier_edited(self, event: Input.Changed) -> None:
        if not self._syncing and event.value != self.draft.identifier_field:
            self.draft.identifier_field = event.value
            self.refresh_views(template_too=False)

    @on(Input.Changed, "#callback-field")
    def callback_edited(self, event: Input.Changed) -> None:
        if not self._syncing and event.value != self.draft.callback_field:
            self.draft.callback_field = event.value
            self.refresh_views(template_too=False)

    @on(ScopeList.Removed)
    def scope_removed(self, event: ScopeList.Removed) -> None:
        self.draft.remove_scope(event.scope)
        self.refresh_views()

    @on(Input.Submitted, "#add-scope")
    def scope_added(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.draft.add_scope(event.value.strip())
            event.input.value = ""
            self.refresh_views()

    @on(Select.Changed, "#dc")
    def data_centre_changed(self, event: Select.Changed) -> None:
        if self._syncing or not isinstance(event.value, str):
            return
        try:
            self.draft.move_to_data_centre(event.value)
        except TemplateError as exc:  # the template is not a URL yet
            self.notify(str(exc), title="Data centre", severity="error")
        self.refresh_views()

    # --- custom fields -----------------------------------------------------------------------

    def action_new_field(self) -> None:
        self._edit_field(None)

    def action_edit_field(self) -> None:
        key = self.query_one(FieldsTable).highlighted_key
        if key is not None:
            self._edit_field(key)

    def _edit_field(self, key: str | None) -> None:
        from tui.screens.field_editor import FieldEditor

        existing = next((f for f in self.draft.fields if f.key == key), None)

        def done(result: CustomField | None) -> None:
            if result is not None:
                self.draft.set_field(result, replacing=key)
                self.refresh_views()

        self.app.push_screen(FieldEditor(existing, set(self.draft.field_keys)), callback=done)

    def action_toggle_api(self) -> None:
        table = self.query_one(FieldsTable)
        key = table.highlighted_key
        if key is not None:
            row = table.cursor_row
            self.draft.toggle_in_api(key)
            self.refresh_views()
            table.move_cursor(row=row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_template":  # Enter belongs to the other fields
            template = self.query_one("#template", TextArea)
            return self.focused is template and template.read_only
        if action == "remove_field":  # Delete also removes scopes when the scope list has focus
            return self.focused is self.query_one(FieldsTable)
        return True

    def action_remove_field(self) -> None:
        key = self.query_one(FieldsTable).highlighted_key
        if key is not None:
            self.draft.remove_field(key)
            self.refresh_views()

    # --- preset, save, leave -------------------------------------------------------------------

    def action_preset(self, name: str = ZOHO_COMMERCE) -> None:
        session = self.console.connection.session
        assert session is not None
        self.draft.apply_preset(preset_for(session.portal_url, name))
        self.refresh_views()
        which = "Recommended" if name == RECOMMENDED else "Zoho Commerce"
        self.notify(
            f"{which} preset applied: template, RedirectUrl and authorization type "
            "1. Review, then ctrl+s to save.",
            timeout=6,
        )

    def action_fix(self) -> None:
        fixed = fix_first(self.draft, self._target)
        if fixed is None:
            self.notify("No finding has a safe fix; edit the template by hand.", timeout=4)
            return
        self.refresh_views()
        self.notify(f"Fixed: {fixed}. Review, then ctrl+s to save.", timeout=4)

    def action_fix_all(self) -> None:
        cured = fix_every(self.draft, self._target)
        if cured is None:
            self.notify("No finding has a safe fix; edit the template by hand.", timeout=4)
            return
        self.refresh_views()
        self.notify(f"Fixed {cured} finding(s). Review, then ctrl+s to save.", timeout=4)

    def action_save(self) -> None:
        if not self.draft.dirty:
            self.notify("Nothing to save.", timeout=3)
            return
        errors = sum(1 for f in self.findings() if f.severity == "error")
        question = "Save these changes to iPaaS.com?"
        if errors:
            question = f"The linter reports {errors} error(s). Save anyway?"

        def start() -> None:
            self.save_wait.on()  # now: the worker starts a moment later
            self.save()

        self.ask_then(question, self.draft.diff(), "Save", start)

    @work(exclusive=True, group="version-save", exit_on_error=False)
    async def save(self) -> None:
        # Keys typed meanwhile wait for the result (tui/typeahead): "y Escape" typed at once
        # leaves the saved version instead of asking to lose changes that are being saved.
        self.save_wait.on()
        try:
            await self._save()
        finally:
            self.save_wait.off()

    async def _save(self) -> None:
        draft = self.draft
        status = self.query_one("#status", Static)
        status.update("Saving…")
        try:
            await save_draft(await self.console.connection.writer(), draft)
        except VersionConflictError as exc:
            self.conflict(
                exc, "Not saved", "Changed on iPaaS.com meanwhile; nothing saved (details below)."
            )
            return
        except ApiError as exc:
            self.set_status(str(exc), error=True)
            self.notify(str(exc), title="Not saved", severity="error", timeout=15)
            return
        status.remove_class("error")
        self.saved = True
        self.refresh_views()
        if draft.notes:  # an unconfirmed authorization type, a value iPaaS.com keeps otherwise
            status.update(plain("\n".join(draft.notes)))
            self.notify("Saved, with notes (below).", severity="warning", timeout=8)
        elif draft.already_saved:
            self.notify("Already saved: iPaaS.com holds this change already.", timeout=6)
        else:
            self.notify("Saved to iPaaS.com.", timeout=4)

    def action_refresh(self) -> None:
        self.console.connection.reconnect()  # after a failed start-up: try again (keeps the draft)
        self._leave_or_ask(self.reload, "Reload and lose your unsaved changes?")

    @work(exclusive=True, group="version-reload", exit_on_error=False)
    async def reload(self) -> None:
        try:
            client = await self.console.connection.client()
            self.draft = await reload_draft(client, self.draft)
        except ApiError as exc:
            self.load_failed(exc, "Reload")
            return
        self.query_one("#status", Static).remove_class("error")
        self.refresh_views()

    def action_history(self) -> None:
        from tui.screens.history import HistoryScreen

        def closed(written: bool | None) -> None:
            if written:  # iPaaS.com holds another version now: show it
                self.saved = True  # the integration's screen reloads too
                self._leave_or_ask(
                    self.reload, "An undo was written: reload and lose your unsaved changes?"
                )

        self.app.push_screen(HistoryScreen(self.draft.integration, self.draft.version), closed)

    def unsaved_changes(self) -> list[str]:  # what quitting would lose (leaving.py)
        return self.draft.diff() if self.draft.dirty else []

    def action_back(self) -> None:
        self._leave_or_ask(lambda: self.dismiss(self.saved), "Leave and lose your unsaved changes?")

    def _leave_or_ask(self, then: Callable[[], object], question: str) -> None:
        if lost := self.unsaved_changes():
            self.ask_then(question, lost, "Discard", then)
        else:
            then()
