"""The endpoint table and a profile's overrides of it, validated with messages that say how."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.endpoints import BY_NAME, parse_overrides
from config.errors import ProfilesFileError
from config.profiles import parse_profiles


def test_every_endpoint_is_documented_or_assumed_and_the_integration_read_is_documented() -> None:
    assert {e.status for e in BY_NAME.values()} <= {"documented", "assumed"}
    assert BY_NAME["integration"].paths[0] == "/subscriptions/v2/Integration/{integration_id}"
    assert BY_NAME["integration"].paths[1].startswith("/integrators/v2/")
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
        ('update_version = "POST /x/{integration_id}/{version_id}"', "must use PUT"),
        ('update_version = "PUT /x/{integration_id}"', "exactly the placeholders"),
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
