"""The application layer over real HTTP against the sandbox: the rules both faces share."""

from __future__ import annotations

import pytest

from config.environments import KNOWN_ENVIRONMENTS, portal_redirect_url
from config.zoho import REDIRECT_URL_FIELD, ZOHO_COMMERCE_TEMPLATE
from tests.console import (
    sandbox_profile_toml,
    staging_profile_toml,
    write_auth_profile,
    write_profiles,
)
from tests.presenter import Recorder
from tui.clients.errors import NotFoundError, VersionConflictError
from tui.clients.ipaas import IpaasClient
from tui.clients.models import IntegrationSummary
from tui.core import tokens as use
from tui.core.authenticate import Authenticated, prepare, token_store
from tui.core.draft import VersionDraft
from tui.core.errors import ChoiceNeededError, ConsentNeededError, LoginNeededError
from tui.core.lookup import filtered, find_integration, find_one, find_subscription
from tui.core.session import Session, connect
from tui.core.setup import SetupFileError, VersionSetup
from tui.core.versions import pick_version, preset_for, save_draft, show_version
from tui.oauth.tokens import TokenNames
from tui.options import StartOptions
from tui.sandbox import SandboxServer, demo

ITEMS = [
    IntegrationSummary("id-1", "Zoho Commerce - Demo Store"),
    IntegrationSummary("id-2", "Zoho Commerce - Demo Store EU"),
    IntegrationSummary("id-3", "Shopify"),
]


def test_find_one_by_id_exact_name_or_unique_part() -> None:
    assert find_one(ITEMS, "id-3", "integration").name == "Shopify"
    assert find_one(ITEMS, "Zoho Commerce - Demo Store", "integration").id == "id-1"
    assert find_one(ITEMS, "store eu", "integration").id == "id-2"
    assert find_one(ITEMS, "SHOP", "integration").id == "id-3"


def test_an_ambiguous_part_lists_the_candidates_and_an_unknown_one_says_how_to_list() -> None:
    with pytest.raises(ChoiceNeededError) as ambiguous:
        find_one(ITEMS, "demo store", "integration")
    assert ambiguous.value.candidates == [
        "id-1  Zoho Commerce - Demo Store",
        "id-2  Zoho Commerce - Demo Store EU",
    ]
    assert "id-2  Zoho Commerce - Demo Store EU" in str(ambiguous.value)
    with pytest.raises(NotFoundError, match="ipaas-auth integrations"):
        find_one(ITEMS, "magento", "integration")
    with pytest.raises(NotFoundError):
        find_one(ITEMS, "  ", "integration")
    assert [i.id for i in filtered(ITEMS, "eu")] == ["id-2"]
    assert filtered(ITEMS, None) == ITEMS


async def open_connected(options: StartOptions | None = None) -> tuple[Session, IpaasClient]:
    session = Session.open(options or StartOptions())
    return session, await connect(session)


async def test_connect_uses_the_password_from_the_environment_and_never_stores_it(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profiles(staging_profile_toml(sandbox))
    session = Session.open(StartOptions())
    with pytest.raises(LoginNeededError, match="ipaas-auth login acme"):
        await connect(session)
    await session.close()
    monkeypatch.setenv("IPAAS_AUTH_PASSWORD", demo.IPAAS_PASSWORD)
    session, client = await open_connected()
    try:
        assert client.session is not None and session.company is not None
        assert session.company.name == demo.COMPANY_NAME
        assert session.secrets.get("acme", "ipaas-password") is None
    finally:
        await session.close()


async def test_the_profile_comes_from_the_option_else_the_environment_else_the_default(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profiles(sandbox_profile_toml(sandbox) + staging_profile_toml(sandbox).split("\n", 3)[3])
    assert Session.open(StartOptions()).profile.name == "demo"
    monkeypatch.setenv("IPAAS_AUTH_PROFILE", "acme")
    assert Session.open(StartOptions()).profile.name == "acme"
    assert Session.open(StartOptions(profile="demo")).profile.name == "demo"


def test_a_file_with_only_secret_storage_opens_the_sandbox_with_the_file_store() -> None:
    """A profiles.toml holding `secret_storage = "file"` and no profile yet (the advice given
    when there is no keyring): the sandbox opens, and the chosen store is the file."""
    from config.secrets import FileSecrets

    write_profiles('secret_storage = "file"\n')
    session = Session.open(StartOptions())
    assert session.profile.environment == "sandbox"
    assert isinstance(session.secrets_for("staging"), FileSecrets)
    assert any("plain file" in text for _, text in session.notes)


async def test_a_login_with_several_companies_and_no_company_id_is_a_choice_to_make() -> None:
    from tui.sandbox import start_sandbox

    server = start_sandbox(companies=2)
    try:
        write_profiles(sandbox_profile_toml(server))
        session = Session.open(StartOptions())
        with pytest.raises(ChoiceNeededError, match="company_id=ID") as error:
            await connect(session)
        assert len(error.value.candidates) == 2
        await session.close()
    finally:
        server.stop()


async def test_preset_saved_then_a_remote_change_is_a_conflict_and_nothing_is_written(
    sandbox: SandboxServer,
) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    session, client = await open_connected()
    try:
        integration = await find_integration(client, "zoho commerce")
        draft = VersionDraft.of(integration, pick_version(integration))
        draft.apply_preset(preset_for(session.portal_url))
        assert "+ " + ZOHO_COMMERCE_TEMPLATE in draft.diff()
        saved = await save_draft(session.writer(client), draft)
        assert not saved.dirty
        again = await find_integration(client, integration.id)
        assert pick_version(again).oauth_url_template == ZOHO_COMMERCE_TEMPLATE
        assert again.authorization_type_id == 1

        stale = VersionDraft.of(again, pick_version(again))
        stale.template = "https://accounts.zoho.com/oauth/v2/auth?scope=A&client_id={Client_Id}"
        raw = sandbox.ipaas.data.integrations[integration.id]["versions"][0]
        raw["oauth_url_template"] = "changed elsewhere"
        with pytest.raises(VersionConflictError):
            await save_draft(session.writer(client), stale)
        assert raw["oauth_url_template"] == "changed elsewhere"
        view = show_version(again, pick_version(again), session.target)
        assert view.to_json()["authorization_type_id"] == 1
    finally:
        await session.close()


def test_a_setup_round_trips_through_toml_and_moves_the_portal_redirect() -> None:
    staging = KNOWN_ENVIRONMENTS["staging"].portal_url
    production = KNOWN_ENVIRONMENTS["production"].portal_url
    from tui.clients.models import CustomField, Integration, Version

    version = Version(
        "v1",
        "1.0",
        ZOHO_COMMERCE_TEMPLATE,
        (
            CustomField(REDIRECT_URL_FIELD, portal_redirect_url(staging)),
            CustomField("Note", 'says "hi" [b]', True),
        ),
        {},
        oauth_identifier_field="Client ID",
    )
    integration = Integration("i1", "Zoho", 1, (version,), {})
    text = VersionSetup.of(integration, version, staging).to_toml()
    setup = VersionSetup.from_toml(text)
    assert setup.custom_fields == version.custom_fields
    assert setup.identifier_field == "Client ID"
    target = Version("v2", "1.0", "", (), {})
    draft = VersionDraft.of(Integration("i2", "Zoho", 0, (target,), {}), target)
    setup.apply_to(draft, production)
    assert draft.template == ZOHO_COMMERCE_TEMPLATE
    assert draft.fields[0].value == portal_redirect_url(production)
    assert draft.fields[1] == CustomField("Note", 'says "hi" [b]', True)
    assert draft.authorization_type_id == 1
    assert draft.identifier_field == "Client ID"
    assert f"+ {portal_redirect_url(production)!r}" in "\n".join(draft.diff())


@pytest.mark.parametrize(
    "text",
    [
        "not toml [",
        "oauth_url_template = 'x'",
        "format = 1\ncustom_fields = [1]",
        "format = 1\nauthorization_type_id = 'one'",
    ],
)
def test_a_setup_file_of_the_wrong_shape_says_so(text: str) -> None:
    with pytest.raises(SetupFileError):
        VersionSetup.from_toml(text)


async def test_authenticate_then_the_access_token_is_refreshed_only_when_about_to_expire(
    auth_sandbox: SandboxServer, port: int
) -> None:
    write_auth_profile(auth_sandbox, port)
    session, client = await open_connected()
    try:
        subscription = await find_subscription(client, "demo")
        store = token_store(session, subscription.id)
        with pytest.raises(ConsentNeededError, match="ipaas-auth authenticate"):
            await use.fresh_access_token(
                subscription, store, client, push=False, names=TokenNames()
            )
        sign_in = await prepare(session, client, subscription)
        person = Recorder("paste")  # the address the browser ends on, pasted
        completed = await sign_in.run(person)
        assert isinstance(completed, Authenticated) and completed.pushed
        assert person.redirect_uris == [f"http://localhost:{port}/callback"]
        first = completed.tokens
        kept = await use.fresh_access_token(
            subscription, store, client, push=True, names=TokenNames()
        )
        assert kept.tokens.access_token == first.access_token
        soon = first.expires_at - 30
        renewed = await use.fresh_access_token(
            subscription, store, client, push=True, names=TokenNames(), now=soon
        )
        assert renewed.tokens.access_token != first.access_token
        assert (await store.load()) == renewed.tokens
        assert session.target is not None
        answer = await use.verify(renewed.tokens, subscription, session.target)
        assert answer
        await use.revoke(renewed.tokens, subscription, store, client, push=True, names=TokenNames())
        assert await store.load() is None
    finally:
        await session.close()
