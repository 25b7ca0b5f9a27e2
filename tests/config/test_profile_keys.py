"""The one table of profile keys drives the reader, the command line and the editor."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select

from config.endpoints import BUILT_IN
from config.errors import ProfileValueError
from config.profile import Profile, build_profile
from config.profile_keys import PROFILE_KEYS, ProfileKey
from tests.cli import Result, run_cli
from tests.console import (
    new_profile_form,
    sandbox_profile_toml,
    wait_for,
    write_profiles,
)
from tui.app import create_app
from tui.sandbox import SandboxServer
from tui.screens.profile_editor import ProfileEditor

ROOT = Path(__file__).parent.parent.parent


def run(*args: str) -> Result:
    return run_cli(*args)


def test_profile_fields_are_the_table_with_its_defaults() -> None:
    typed = {
        f.name: f.default
        for f in dataclasses.fields(Profile)
        if f.name not in ("name", "endpoints", "extra")
    }
    assert typed == {key.name: key.default for key in PROFILE_KEYS.values()}
    assert Profile(name="p").settings() == typed


def test_reader_uses_each_keys_rule() -> None:
    """A key added to the table with a rule is enforced when profiles.toml is read."""
    profile = build_profile("p", {"callback_port": 9000, "pkce": True, "zoho_dc": " eu "})
    assert (profile.callback_port, profile.pkce, profile.zoho_dc) == (9000, True, "eu")
    for key, bad in [
        ("callback_port", 80),
        ("callback_port", True),
        ("auth_timeout", 5),
        ("pkce", "yes"),
        ("zoho_dc", "mars"),
        ("environment", "prod"),
        ("email", "nobody"),
        ("api_url", "ftp://x"),
        ("callback_host", "example.com"),
        ("access_token_name", " "),
    ]:
        with pytest.raises(ProfileValueError) as caught:
            build_profile("p", {key: bad})
        assert caught.value.key == key


def test_text_parsing_follows_the_kind() -> None:
    port, pkce = PROFILE_KEYS["callback_port"], PROFILE_KEYS["pkce"]
    assert port.parse(" 9000 ") == 9000
    assert pkce.parse("Yes") is True and pkce.parse("off") is False
    with pytest.raises(ProfileValueError, match="whole number"):
        port.parse("http")
    with pytest.raises(ProfileValueError, match="out of range"):
        port.parse("80")
    with pytest.raises(ProfileValueError, match="true or false"):
        pkce.parse("maybe")


def test_profiles_keys_lists_every_key_and_every_endpoint(isolated_home: Path) -> None:
    result = run("profiles", "keys")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for key in PROFILE_KEYS.values():
        assert any(line.split()[:1] == [key.name] and key.help in line for line in lines), key
    heading = next(i for i, line in enumerate(lines) if line.startswith("endpoints"))
    assert "[profiles.NAME.endpoints]" in lines[heading]
    listed = [line.split(None, 1) for line in lines[heading + 1 :]]
    assert listed == [[e.name, f"{e.method} {e.path}"] for e in BUILT_IN]


def test_profiles_set_help_names_the_keys(isolated_home: Path) -> None:
    result = run("profiles", "set", "--help")
    text = " ".join(result.stdout.split())
    assert "ipaas-auth profiles keys" in text.replace("ipaas- auth", "ipaas-auth")
    for name in PROFILE_KEYS:
        assert name in text


def test_set_validates_with_the_table(isolated_home: Path) -> None:
    result = run("profiles", "set", "a", "auth_timeout=5")
    assert result.returncode == 1
    assert "auth_timeout 5 is out of range" in result.stderr
    result = run("profiles", "set", "a", "nonsense=1")
    assert "unknown key 'nonsense'" in result.stderr and "profiles keys" in result.stderr


async def test_editor_has_one_field_per_key_of_the_right_kind(sandbox: SandboxServer) -> None:
    write_profiles(sandbox_profile_toml(sandbox))
    app = create_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await new_profile_form(pilot, app)
        for key in PROFILE_KEYS.values():
            widget = app.screen.query_one(f"#{key.name}")
            assert isinstance(widget, _widget_for(key)), key.name
        app.screen.query_one("#name", Input).value = "acme"
        app.screen.query_one("#access_token_name", Input).value = "Token"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ProfileEditor), "the save")
    assert 'access_token_name = "Token"' in (isolated_home_path() / "profiles.toml").read_text()


def _widget_for(key: ProfileKey) -> type:
    if key.choices:
        return Select
    return Checkbox if key.kind is bool else Input


def isolated_home_path() -> Path:
    from config.paths import home_dir

    return home_dir()


@pytest.mark.parametrize("name", ["acme\n", "acme\x1b", "", "-acme", "a" * 65])
def test_profile_names_are_checked_whole(name: str) -> None:
    with pytest.raises(ProfileValueError, match="is not allowed"):
        build_profile(name, {})


def test_the_write_guesses_are_profile_keys_checked_when_set() -> None:
    profile = build_profile(
        "acme", {"authorization_type_field": "AuthType", "custom_fields_shape": "dict"}
    )
    assert (profile.authorization_type_field, profile.custom_fields_shape) == ("AuthType", "dict")
    assert build_profile("acme", {}).authorization_type_field == "oauth_authorization_type_id"
    for key, value in (("authorization_type_field", "a b"), ("custom_fields_shape", "tuple")):
        with pytest.raises(ProfileValueError, match=key):
            build_profile("acme", {key: value})
