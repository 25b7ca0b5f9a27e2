"""The endpoint table and a profile's overrides of it, validated with messages that say how."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.endpoints import BY_NAME, parse_override, parse_overrides
from config.errors import ProfilesFileError
from config.profiles import parse_profiles
from tui.clients.ipaas import IpaasClient
from tui.sandbox import SandboxServer, demo
from tui.sandbox.routing import Request, Response


def test_every_endpoint_is_documented_or_assumed_and_the_integration_read_is_documented() -> None:
    assert {e.status for e in BY_NAME.values()} <= {"documented", "assumed"}
    assert BY_NAME["integration"].paths == ("/subscriptions/v2/Integration/{integration_id}",)
    assert BY_NAME["integration"].status == "documented"
    edit = BY_NAME["integration_edit"]
    assert (edit.status, edit.path) == ("assumed", "/integrators/v2/Integration/{integration_id}")
    assert BY_NAME["update_version"].status == "assumed"


def test_an_override_from_profiles_toml_replaces_one_endpoint_only() -> None:
    raw = b"""
[profiles.acme]
environment = "staging"
[profiles.acme.endpoints]
update_version = "PUT /integrators/v1/Integration/{integration_id}/Version/{version_id}"
"""
    table = parse_profiles(raw, Path("profiles.toml")).get("acme").endpoints
    assert table["update_version"].paths == (
        "/integrators/v1/Integration/{integration_id}/Version/{version_id}",
    )
    assert table["update_version"].status == "override"
    assert table["integration"] is BY_NAME["integration"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('update_versoin = "PUT /x/{integration_id}/{version_id}"', "'update_versoin' is unknown"),
        (
            'update_version = "GET /x/{integration_id}/{version_id}"',
            "must use POST or PUT or PATCH",
        ),
        ('update_version = "DELETE /x/{version_id}"', "must use POST or PUT or PATCH"),
        ('update_version = "PUT /x/{version_id}/{nope}"', "nothing fills {nope}; the path may"),
        ('update_subscription = "PUT /x/{integration_id}"', "nothing fills {integration_id}"),
        (
            'persistent_data = "POST /subscriptions/v2/Subscription/PersistentData"',
            "must use {subscription_id} (its body cannot carry an id)",
        ),
        ('integration = "POST /x/{integration_id}"', "must use GET"),
        ('integration = "GET /x"', "exactly the placeholders {integration_id}"),
        ('subscription = "GET /x/{subscription_id}/{version_id}"', "nothing fills {version_id}"),
        ('update_version = "PUT x/{integration_id}/{version_id}"', "starting with '/'"),
        ("update_version = 3", "must be a string"),
    ],
)
def test_a_bad_override_names_the_profile_the_key_and_the_fix(line: str, message: str) -> None:
    raw = f'[profiles.acme]\nenvironment = "staging"\n[profiles.acme.endpoints]\n{line}\n'
    with pytest.raises(ProfilesFileError) as caught:
        parse_profiles(raw.encode(), Path("profiles.toml"))
    assert "profile 'acme', key 'endpoints'" in str(caught.value)
    assert message in str(caught.value)


def test_endpoints_must_be_a_table() -> None:
    with pytest.raises(ValueError, match="must be a table"):
        parse_overrides("PUT /x")


@pytest.mark.parametrize(
    ("name", "spec"),
    [
        ("update_version", "POST /integrators/v2/Integration/Version"),  # ids in the body
        ("update_version", "PATCH /integrators/v2/Version/{version_id}"),
        ("update_integration", "POST /integrators/v2/Integration"),
        ("update_subscription", "patch /subscriptions/v2/Subscription"),  # any case
        ("persistent_data", "PUT /subscriptions/v2/PersistentData/{subscription_id}"),
    ],
)
def test_a_write_may_change_its_method_and_leave_out_an_id_its_body_carries(
    name: str, spec: str
) -> None:
    endpoint = parse_override(name, spec)
    method, path = spec.split(" ")
    assert (endpoint.method, endpoint.paths, endpoint.status) == (
        method.upper(),
        (path,),
        "override",
    )
    assert endpoint.is_write and endpoint.about == BY_NAME[name].about


def test_each_write_says_which_ids_its_body_carries() -> None:
    assert {e.name: e.body_ids for e in BY_NAME.values() if e.body_ids} == {
        "update_integration": {"integration_id"},
        "update_version": {"integration_id", "version_id"},
        "update_subscription": {"subscription_id"},
    }
    assert not any(e.body_ids for e in BY_NAME.values() if not e.is_write)
    assert all(e.body_ids <= e.placeholders for e in BY_NAME.values())


async def test_a_patch_override_without_a_placeholder_sends_the_id_in_the_body(
    sandbox: SandboxServer,
) -> None:
    path = "/subscriptions/v2/Subscription"
    seen: list[tuple[str, str, object]] = []
    save = sandbox.ipaas.handlers["update_subscription"]

    def by_body(request: Request) -> Response:  # a server that takes the id from the body
        seen.append((request.method, request.path, request.json()))
        request.params["subscription_id"] = str(request.json()["id"])
        return save(request)

    sandbox.ipaas.disable("update_subscription")
    sandbox.ipaas.router.add("PATCH", path, by_body)
    raw = '[profiles.acme]\nenvironment = "staging"\n[profiles.acme.endpoints]\n'
    raw += f'update_subscription = "PATCH {path}"\n'
    profile = parse_profiles(raw.encode(), Path("profiles.toml")).get("acme")
    subscription_id = sandbox.ipaas.data.zoho_subscription_id
    async with IpaasClient(sandbox.url, endpoints=profile.endpoints) as client:
        await client.login(demo.IPAAS_EMAIL, demo.IPAAS_PASSWORD)
        await client.change_company(sandbox.ipaas.data.company_id)
        saved = await client.update_subscription_settings(subscription_id, {"API URL": "u"})
    assert seen == [("PATCH", path, {"id": int(subscription_id), "settings": {"API URL": "u"}})]
    assert saved.id == subscription_id and saved.settings["API URL"] == "u"
