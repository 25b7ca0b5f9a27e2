"""A version's custom fields, one row each. When iPaaS.com did not send them, one row says so:
an empty table would read as "this version has no fields"."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from tui.clients.models import CustomField
from tui.clients.version_changes import NOT_SENT
from tui.widgets.plain import printable

NOT_SENT_ROW = "\0not sent"  # the key of the row that says so (no field's key has a NUL)
IN_API = {True: "yes", False: "no", None: "(not set)"}


class FieldsTable(DataTable[Text | str]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self.add_columns("Key", "Value", "In API")

    def on_resize(self) -> None:
        """Draw again once the resize is handled. DataTable keeps each row as drawn until its
        Resize event arrives; when one layout passes through another width first (the
        editor's scroll bar shown, then gone), the header drawn at that width is reused and
        its background stops short of the right edge (issue 19: a stray after a resize)."""
        self.refresh()

    def show(self, fields: Sequence[CustomField], not_sent: bool) -> None:
        """`fields`; `not_sent`: iPaaS.com did not send the version's fields."""
        self.clear()
        if not_sent and not fields:
            self.add_row(Text(NOT_SENT, style="italic"), "n adds a field", "", key=NOT_SENT_ROW)
        for f in fields:
            # Text, not str: a DataTable parses a str cell as markup.
            key, value = Text(printable(f.key)), Text(printable(f.value))
            self.add_row(key, value, IN_API[f.available_in_api], key=f.key)

    @property
    def highlighted_key(self) -> str | None:
        """The key of the field under the cursor (None: no field there)."""
        if not self.row_count:
            return None
        key = str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        return None if key == NOT_SENT_ROW else key
