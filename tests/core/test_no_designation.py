"""A user of the company without the Integrator designation (the strict sandbox's Admin) gets
401 from every /integrators call, as iPaaS.com answers "no access": the client says which call
was refused and what designation is needed, keeps its session (no log-in loop), and the
command exits 5. Over real HTTP."""

from __future__ import annotations

import pytest

from tests.console import write_profiles
from tui.__main__ import main
from tui.clients.errors import NoPermissionError
from tui.clients.ipaas import IpaasClient
from tui.core.session import PASSWORD_ENV
from tui.sandbox import SandboxServer, demo


async def test_the_admin_is_told_which_call_was_refused_and_keeps_the_session(
    sandbox: SandboxServer,
) -> None:
    async with IpaasClient(sandbox.url, backoff=0.01) as client:
        await client.login(demo.ADMIN_EMAIL, demo.IPAAS_PASSWORD)
        await client.change_company(sandbox.ipaas.data.company_id)
        with pytest.raises(NoPermissionError) as refused:
            await client.get_integration(sandbox.ipaas.data.zoho_integration_id)
        message = str(refused.value)
        assert "/integrators/v2/Integration/{integration_id}" in message
        assert "Integrator" in message
        assert client.session is not None  # kept: logging in again would not help
        logins = [p for m, p in sandbox.ipaas.requests if p.endswith("/Auth/Login")]
        assert len(await client.list_subscriptions()) >= 1  # the same session still reads
        assert [p for m, p in sandbox.ipaas.requests if p.endswith("/Auth/Login")] == logins


def test_a_command_as_the_admin_exits_5_naming_the_designation(
    sandbox: SandboxServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profiles(
        f'default = "acme"\n[profiles.acme]\nenvironment = "custom"\n'
        f'email = "{demo.ADMIN_EMAIL}"\napi_url = "{sandbox.url}"\n'
        f'portal_url = "{sandbox.url}"\ncompany_id = "{sandbox.ipaas.data.company_id}"\n'
    )
    monkeypatch.setenv(PASSWORD_ENV, demo.IPAAS_PASSWORD)
    assert main(["version", "show", "zoho"]) == 5
    err = capsys.readouterr().err
    assert "Integrator" in err and "/integrators/" in err
    assert main(["subscriptions"]) == 0  # what the Admin may read still works
