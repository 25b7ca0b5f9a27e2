"""What the version editor says of the read a version came from: which read answered, and for
each part iPaaS.com did not send, that it was not sent (an empty box would read as empty)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.clients.version_changes import NOT_SENT
from tui.core.draft import VersionDraft, type_text
from tui.core.versions import read_from_text

UNKNOWN = "not sent by iPaaS.com — type a value to set it"
FIELDS_LABEL = "Custom fields (n new · e edit · a in API · Delete remove)"


@dataclass(frozen=True)
class ReadView:
    read_from: str
    template_placeholder: str
    identifier_placeholder: str
    callback_placeholder: str
    fields_not_sent: bool
    fields_label: str
    authorization_type: str


def read_view(draft: VersionDraft) -> ReadView:
    version = draft.version
    fields_not_sent = version.custom_fields is None
    return ReadView(
        read_from=f"Read from {read_from_text(draft.integration)}",
        template_placeholder=UNKNOWN if version.oauth_url_template is None else "",
        identifier_placeholder=UNKNOWN if version.oauth_identifier_field is None else "(none)",
        callback_placeholder=UNKNOWN if version.oauth_success_callback_field is None else "(none)",
        fields_not_sent=fields_not_sent,
        fields_label=(
            f"Custom fields · {NOT_SENT}: those added here replace them (n new)"
            if fields_not_sent
            else FIELDS_LABEL
        ),
        authorization_type=_type_line(draft),
    )


def _type_line(draft: VersionDraft) -> str:
    if draft.authorization_type_id is None:
        return f"Authorization type: {NOT_SENT} (p sets it)"
    line = f"Authorization type on save: {type_text(draft.authorization_type_id)}"
    if draft.type_changed:
        line += " (changed)"
        if not draft.integration.oauth_fields_known:
            line += "; this read cannot confirm it: a save says how to set it in the portal"
    return line
