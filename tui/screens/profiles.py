"""Profiles: list, create, edit, duplicate, delete, set the default, and switch to one.

Every change goes through `ProfileStore`, so comments in profiles.toml survive and a file changed
by another editor is never overwritten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from config.errors import ConfigError
from config.paths import profiles_path
from config.profile import Profile
from config.profiles import ProfilesFile, ProfileStore
from config.secrets import IPAAS_API_KEY, IPAAS_PASSWORD
from tui.core.connection_state import ConnectionState, Phase
from tui.screens import top_level
from tui.screens.base import TopLevelScreen
from tui.screens.profile_editor import ProfileEdit, ProfileEditor
from tui.screens.start_up import failure_text
from tui.widgets.key_bar import KeyBar
from tui.widgets.plain import plain
from tui.widgets.title_bar import TitleBar
from tui.widgets.virtual_table import Column, VirtualTable

COLUMNS = (Column("", 1), Column("Name", 20), Column("Environment", 12), Column("Email"))


class ProfilesScreen(TopLevelScreen):
    MODE = top_level.PROFILES
    BINDINGS = [
        Binding("n", "new", "New", id="profiles.new", tooltip="Create a profile"),
        Binding("e", "edit", "Edit", id="profiles.edit", tooltip="Edit the highlighted profile"),
        Binding(
            "d",
            "duplicate",
            "Duplicate",
            id="profiles.duplicate",
            tooltip="Copy the highlighted profile under a new name",
        ),
        Binding(
            "delete,x",
            "delete",
            "Delete",
            id="profiles.delete",
            tooltip="Delete the highlighted profile (asks first)",
        ),
        Binding(
            "asterisk",
            "default",
            "Default",
            key_display="*",
            id="profiles.default",
            tooltip="Open the highlighted profile when none is named",
        ),
        Binding(
            "u",
            "use",
            "Use",
            id="profiles.use",
            tooltip="Switch the console to the highlighted profile",
        ),
        Binding(
            "r",
            "refresh",
            "Reload",
            id="profiles.refresh",
            tooltip="Read profiles.toml again (after a failed start-up, try it again too)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.file: ProfilesFile | None = None
        self._store: ProfileStore | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="profiles-path", classes="hint")
        yield VirtualTable(COLUMNS, id="profiles")
        yield Static("", id="status", classes="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Show hand edits made meanwhile, but keep an error on screen until it is read."""
        status = self.query_one("#status", Static)
        if self.store.changed_on_disk() and not status.has_class("error"):
            self.reload()

    def connection_changed(self, state: ConnectionState) -> None:
        if state.phase is Phase.FAILED and state.failure is not None:
            self.set_status(failure_text(state.failure), error=True)
        elif state.phase is Phase.CONNECTED:
            self.reload()

    @property
    def store(self) -> ProfileStore:
        """The session's store; before one exists (start-up failed on a bad profiles.toml,
        or has not finished) the same file, so it can still be seen and fixed."""
        if self.console.connection.session is not None:
            return self.console.connection.session.store
        if self._store is None:
            self._store = ProfileStore(profiles_path())
        return self._store

    def action_refresh(self) -> None:
        """Read the file again, and try to connect again when start-up failed (the file
        may have been the reason)."""
        self.console.connection.reconnect()
        self.reload()

    def reload(self) -> None:
        self.query_one("#profiles-path", Static).update(plain(self.store.path))
        try:
            self.file = self.store.load()
        except ConfigError as exc:
            self.set_status(str(exc), error=True)
            return
        self.console.connection.profiles_read(self.file.profiles)
        table = self.query_one(VirtualTable)
        profiles = list(self.file.profiles.values())
        table.set_rows(
            [p.name for p in profiles],
            [
                ("*" if p.name == self.file.default else " ", p.name, p.environment, p.email)
                for p in profiles
            ],
        )
        failure = self.console.connection.failure
        if failure is not None:
            self.set_status(failure_text(failure), error=True)
            return
        self.set_status(
            f"{len(profiles)} profile(s) · n new · e edit · * default · u use"
            if profiles
            else "No profiles yet: press n to create one."
        )

    def highlighted(self) -> Profile | None:
        key = self.query_one(VirtualTable).highlighted_key
        return self.file.profiles.get(key) if (self.file and key) else None

    def taken(self) -> list[str]:
        return list(self.file.profiles) if self.file else []

    def secrets_place(self) -> str:
        """Where a password typed in the editor is kept: the keyring, or the secrets file."""
        from config.secrets import kept_in

        session = self.console.connection.session
        return kept_in(session.secrets) if session is not None else "the keyring"

    def action_new(self) -> None:
        self.app.push_screen(
            ProfileEditor(
                None, "New profile", taken=self.taken(), secrets_place=self.secrets_place()
            ),
            callback=self.edited,
        )

    def action_edit(self) -> None:
        profile = self.highlighted()
        if profile:
            self.app.push_screen(
                ProfileEditor(
                    profile,
                    f"Edit {profile.name}",
                    editing=True,
                    secrets_place=self.secrets_place(),
                ),
                callback=self.edited,
            )

    @on(VirtualTable.Selected)
    def selected(self) -> None:
        self.action_edit()

    def action_duplicate(self) -> None:
        profile = self.highlighted()
        if profile:
            taken = self.taken()
            name = next(  # a free name to start from: saving the copy as is replaces nothing
                n
                for n in (f"{profile.name}-copy{i or ''}" for i in range(len(taken) + 1))
                if n not in taken
            )
            title = f"Duplicate {profile.name} as…"
            self.app.push_screen(
                ProfileEditor(
                    replace(profile, name=name),
                    title,
                    taken=taken,
                    secrets_place=self.secrets_place(),
                ),
                callback=self.edited,
            )

    def edited(self, edit: ProfileEdit | None) -> None:
        if edit is not None:
            self.save(edit)

    @work(exclusive=True, group="profiles-save", exit_on_error=False)
    async def save(self, edit: ProfileEdit) -> None:
        session = self.console.connection.session
        had_default = self.file is not None and self.file.default is not None
        try:
            self.store.upsert(  # the first profile becomes the default, as `profiles set` does
                edit.name, edit.values, remove=edit.remove, default_if_unset=True
            )
        except ConfigError as exc:
            self.set_status(str(exc), error=True)
            self.notify(str(exc), title="Not saved", severity="error", timeout=12)
            return
        if session is None:  # start-up failed before the keyring was opened
            if edit.password or edit.api_key:
                self.notify(
                    f"Saved profile {edit.name}, but not its password or API key: the console "
                    "has not started. Press r, then edit it again (or log in when asked).",
                    severity="warning",
                    timeout=20,
                )
            self.reload()
            return
        secrets = session.secrets_for(str(edit.values["environment"]))
        try:
            if edit.password:
                await asyncio.to_thread(secrets.set, edit.name, IPAAS_PASSWORD, edit.password)
            if edit.api_key:
                await asyncio.to_thread(secrets.set, edit.name, IPAAS_API_KEY, edit.api_key)
        except ConfigError as exc:
            # The profile itself is saved; say plainly that its secret is not.
            self.notify(
                f"Saved profile {edit.name}, but not its password or API key: {exc} "
                "The log-in will ask for it.",
                severity="warning",
                timeout=20,
            )
        else:
            made_default = "" if had_default else " It is the default: it opens when none is named."
            self.notify(f"Saved profile {edit.name}.{made_default}", timeout=3)
        self.reload()
        self.query_one(VirtualTable).move_to_key(edit.name)

    def action_delete(self) -> None:
        profile = self.highlighted()
        if profile is None:
            return
        from tui.screens.confirm import ConfirmScreen

        session = self.console.connection.session
        in_use = session is not None and session.profile.name == profile.name
        consequence = (
            " It is the profile in use: the console stays connected with it until you use "
            "another (u)."
            if in_use
            else ""
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            last = self.file is not None and len(self.file.profiles) == 1
            after = " No profiles left: the next start opens the built-in sandbox." if last else ""
            self._change(
                lambda: self.store.remove(profile.name),
                f"Deleted {profile.name}.{consequence}{after}",
            )

        self.app.push_screen(
            ConfirmScreen(f"Delete profile {profile.name}?{consequence}", yes="Delete"),
            callback=answered,
        )

    def action_default(self) -> None:
        profile = self.highlighted()
        if profile:
            self._change(
                lambda: self.store.set_default(profile.name), f"{profile.name} is now the default."
            )

    def _change(self, change: Callable[[], object], done: str) -> None:
        try:
            change()
        except ConfigError as exc:
            self.set_status(str(exc), error=True)
            self.notify(str(exc), severity="error", timeout=12)
            return
        self.notify(done, timeout=6 if len(done) > 40 else 3)
        self.reload()

    def action_use(self) -> None:
        profile = self.highlighted()
        if profile:
            self.console.use_profile(profile.name)
