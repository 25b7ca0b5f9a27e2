"""The version editor's keys, each with an id (rebindable) and a tooltip (what help says)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

VERSION_EDITOR_KEYS: list[BindingType] = [
    Binding(
        "ctrl+s",
        "save",
        "Save",
        id="version.save",
        tooltip="Show what will change, then save to iPaaS.com",
        priority=True,
    ),
    Binding(
        "p",
        "preset",
        "Zoho Commerce preset",
        id="version.preset",
        tooltip="Fill in the template, RedirectUrl and authorization type the seed sets",
    ),
    Binding(
        "P",
        "preset('recommended')",
        "Recommended preset",
        key_display="shift+p",
        id="version.preset_recommended",
        tooltip="The Zoho Commerce preset with the linter's safe fixes applied "
        "(prompt=consent, no scope already granted by a wider one)",
    ),
    Binding(
        "f",
        "fix",
        "Fix",
        id="version.fix",
        tooltip="Apply the first linter finding's safe fix (marked f in the findings); "
        "the change shows in the diff before saving",
    ),
    Binding(
        "F",
        "fix_all",
        "Fix all",
        key_display="shift+f",
        show=False,
        id="version.fix_all",
        tooltip="Apply every safe fix the linter offers at once",
    ),
    Binding("n", "new_field", "New field", id="version.new_field", tooltip="Add a custom field"),
    Binding(
        "a",
        "toggle_api",
        "In API",
        id="version.toggle_api",
        tooltip="Toggle whether the highlighted custom field is available in the API",
    ),
    Binding(
        "delete",
        "remove_field",
        "Remove field",
        id="version.remove_field",
        tooltip="Remove the highlighted custom field",
    ),
    Binding(
        "e",
        "edit_field",
        "Edit field",
        id="version.edit_field",
        tooltip="Edit the highlighted custom field",
    ),
    Binding(
        "h",
        "history",
        "History",
        id="version.history",
        tooltip="The changes made to this version from here, with undo",
    ),
    Binding(
        "r",
        "refresh",
        "Reload",
        id="version.refresh",
        tooltip="Load the version again from iPaaS.com",
    ),
    Binding(
        "enter",
        "edit_template",
        "Edit template",
        id="version.edit_template",
        tooltip="Start typing in the OAuth URL template",
    ),
]
