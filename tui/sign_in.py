"""The console's side of signing in, passed to the connection (tui/core/connection_state.py) as
its callbacks: one log-in dialog for the whole log-in (asked again, it shows why in place), and
the company picker, which may keep the choice in the profile."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from config.errors import ConfigError

if TYPE_CHECKING:
    from config.profile import Profile
    from tui.app import IpaasAuthApp
    from tui.clients.models import Company
    from tui.connection import Credentials
    from tui.screens.login import LoginScreen


class SignInDialogs:
    def __init__(self, app: IpaasAuthApp) -> None:
        self.app = app
        self.login_screen: LoginScreen | None = None

    async def ask_credentials(
        self, profile: Profile, keyring_problem: str | None, refused: str | None
    ) -> tuple[Credentials, bool] | None:
        """One dialog for the whole log-in: asked again, it shows why in place."""
        from tui.screens.login import LoginScreen

        app, screen = self.app, self.login_screen
        try:
            if screen is None:
                from config.secrets import kept_in

                session = app.connection.session
                place = kept_in(session.secrets) if session else "the keyring"
                screen = self.login_screen = LoginScreen(profile, keyring_problem, refused, place)
                await app.push_screen(screen)
                return await screen.ask()
            if screen not in app.screen_stack:
                return None  # closed by the person while the last answer was tried
            return await screen.ask(refused)
        except asyncio.CancelledError:  # the attempt was called off (another profile is used)
            self.close_login()
            raise

    def close_login(self) -> None:
        screen, self.login_screen = self.login_screen, None
        if screen is not None and screen in self.app.screen_stack:
            screen.close()

    async def choose_company(self, companies: list[Company]) -> Company | None:
        from tui.screens.companies import CompanyPicker

        self.close_login()
        session = self.app.connection.session
        kept_in = (
            session.profile.name
            if session is not None and session.profile.name in session.profiles.profiles
            else None  # the built-in sandbox: no profile to keep it in
        )
        answer = await self.app.push_screen_wait(CompanyPicker(companies, kept_in))
        if answer is None:
            return None
        company, remember = answer
        if remember and session is not None:
            from tui.core.session import remember_company

            try:
                await asyncio.to_thread(remember_company, session, company)
                session.notes.append(
                    ("information", f"Kept {company.name} in profile {session.profile.name}.")
                )
            except ConfigError as exc:
                session.notes.append(("warning", f"Not kept in the profile: {exc}"))
        return company
