"""How two readings of a version, or a reading and an edit, differ: the conflict check before a
save and the lines a person reads. A part iPaaS.com did not send (None) is unknown, and is
said to be so, never shown as empty."""

from __future__ import annotations

from tui.clients.models import CustomField, Version, VersionEdit

NOT_SENT = "(not sent by iPaaS.com)"


def _parts(
    template: str | None,
    identifier: str | None,
    callback: str | None,
    fields: tuple[CustomField, ...] | None,
) -> dict[str, object]:
    return {
        "oauth_url_template": template,
        "oauth_identifier_field": identifier,
        "oauth_success_callback_field": callback,
        "custom_fields": fields,
    }


def version_parts(version: Version) -> dict[str, object]:
    """The editable parts of a version, by name (None: not sent)."""
    return _parts(
        version.oauth_url_template,
        version.oauth_identifier_field,
        version.oauth_success_callback_field,
        version.custom_fields,
    )


def edit_parts(edit: VersionEdit) -> dict[str, object]:
    """The editable parts as an edit would write them, by name (None: not written)."""
    return _parts(edit.template, edit.identifier_field, edit.callback_field, edit.custom_fields)


def version_conflict(loaded: Version, remote: Version, edit: VersionEdit) -> list[str]:
    """What makes writing `edit` unsafe: the parts changed on iPaaS.com since `loaded` was
    read, unless the change made there is the very one we are making (then nothing is lost by
    writing, or nothing needs writing at all). Empty when it is safe."""
    was, now, ours = version_parts(loaded), version_parts(remote), edit_parts(edit)
    clashing = [name for name in was if now[name] != was[name] and now[name] != ours[name]]
    if not clashing:
        return []
    prefixes = tuple("custom field " if name == "custom_fields" else name for name in clashing)
    return [line for line in version_differences(loaded, remote) if line.startswith(prefixes)]


def already_saved(remote: Version, edit: VersionEdit) -> bool:
    """True when iPaaS.com already holds every part the edit would write."""
    now, ours = version_parts(remote), edit_parts(edit)
    return all(value is None or now[name] == value for name, value in ours.items())


def shown(value: str | None) -> str:
    """A text part for a person: quoted, "(empty)", or that iPaaS.com did not send it."""
    if value is None:
        return NOT_SENT
    return repr(value) if value else "(empty)"


def version_differences(loaded: Version, remote: Version) -> list[str]:
    """Human-readable differences in the editable parts of two readings of a version."""
    differences = []
    for label, before, after in (
        ("oauth_url_template", loaded.oauth_url_template, remote.oauth_url_template),
        ("oauth_identifier_field", loaded.oauth_identifier_field, remote.oauth_identifier_field),
        (
            "oauth_success_callback_field",
            loaded.oauth_success_callback_field,
            remote.oauth_success_callback_field,
        ),
    ):
        if before != after:
            differences.append(f"{label}: you opened {shown(before)}, it is now {shown(after)}")
    if loaded.custom_fields is None or remote.custom_fields is None:
        if loaded.custom_fields != remote.custom_fields:
            differences.append(
                "custom fields: "
                + ("not sent when you opened it" if loaded.custom_fields is None else "")
                + ("no longer sent" if remote.custom_fields is None else "")
            )
        return differences
    if loaded.custom_fields != remote.custom_fields:
        was = {f.key: f for f in loaded.custom_fields}
        now = {f.key: f for f in remote.custom_fields}
        for key in sorted(was.keys() | now.keys()):
            if was.get(key) != now.get(key):
                before_text = field_text(was[key]) if key in was else "(absent)"
                after_text = field_text(now[key]) if key in now else "(removed)"
                differences.append(f"custom field {key}: {before_text} -> {after_text}")
    return differences


def field_text(f: CustomField) -> str:
    api = {True: "  (available in API)", False: "", None: "  (available in API: not set)"}
    return f"{f.value!r}{api[f.available_in_api]}"
