from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from config.errors import ConcurrentEditError, ProfileNotFoundError, ProfilesFileError
from config.paths import profiles_path
from config.profiles import ProfileStore

LOCK = "profiles.toml.lock"  # the advisory lock file beside it, left in place
HAND_WRITTEN = """\
# My profiles -- edited by hand.
default = "acme-staging"            # the profile opened when none is named

[profiles.acme-staging]
environment = "staging"             # production | staging | sandbox | custom
email = 'integrator@example.com'    # single quotes on purpose
zoho_dc = "eu"
callback_port = 8976
team_note = "kept by ipaas-auth"    # a key the console does not know

[profiles.acme-prod]
environment = "production"
email = "integrator@example.com"
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_files_live_under_ipaas_auth_home(isolated_home: Path) -> None:
    assert profiles_path() == isolated_home / "profiles.toml"


def test_load_reads_profiles_and_default() -> None:
    write(profiles_path(), HAND_WRITTEN)
    loaded = ProfileStore(profiles_path()).load()
    assert loaded.default == "acme-staging"
    profile = loaded.get()
    assert profile.environment == "staging"
    assert profile.zoho_dc == "eu"
    assert profile.extra == {"team_note": "kept by ipaas-auth"}
    assert profile.resolved_api_url == "https://stagingapi.ipaas.com"
    assert profile.callback_url == "http://localhost:8976/callback"
    assert loaded.get("acme-prod").callback_port == 8976  # the default


def test_missing_file_is_empty() -> None:
    loaded = ProfileStore(profiles_path()).load()
    assert loaded.profiles == {}
    with pytest.raises(ProfileNotFoundError, match=r"No profiles yet.*--sandbox"):
        loaded.get()


def test_edit_keeps_comments_order_quoting_and_unknown_keys() -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN)
    store = ProfileStore(path)
    store.load()
    store.upsert("acme-staging", {"company_id": "c-1", "zoho_dc": "us"})
    text = path.read_text()
    assert text == HAND_WRITTEN.replace('zoho_dc = "eu"', 'zoho_dc = "us"').replace(
        'team_note = "kept by ipaas-auth"    # a key the console does not know\n',
        'team_note = "kept by ipaas-auth"    # a key the console does not know\n'
        'company_id = "c-1"\n',
    )


def test_writes_are_0600_and_leave_no_temporary_files() -> None:
    path = profiles_path()
    store = ProfileStore(path)
    store.upsert("p", {"environment": "staging"})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["profiles.toml", LOCK]


def test_write_replaces_atomically(monkeypatch: pytest.MonkeyPatch) -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN)
    store = ProfileStore(path)
    store.load()
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ProfilesFileError, match=f"Cannot write {path}: the disk is full"):
        store.upsert("acme-prod", {"company_id": "x"})
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["profiles.toml", LOCK]


def test_save_refuses_when_file_changed_on_disk() -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN)
    store = ProfileStore(path)
    store.load()
    edited_elsewhere = HAND_WRITTEN + "\n# another editor was here\n"
    path.write_text(edited_elsewhere)
    assert store.changed_on_disk()
    with pytest.raises(ConcurrentEditError, match="changed on disk"):
        store.upsert("acme-prod", {"company_id": "x"})
    assert path.read_text() == edited_elsewhere
    store.load()
    store.upsert("acme-prod", {"company_id": "x"})
    assert "# another editor was here" in path.read_text()


def test_invalid_toml_names_file_line_and_column() -> None:
    path = profiles_path()
    broken = HAND_WRITTEN.replace('zoho_dc = "eu"', 'zoho_dc = "eu')
    write(path, broken)
    with pytest.raises(ProfilesFileError) as caught:
        ProfileStore(path).load()
    assert f"{path}:7:" in str(caught.value)
    assert "not valid TOML" in str(caught.value)
    with pytest.raises(ProfilesFileError):
        ProfileStore(path).upsert("acme-prod", {"company_id": "x"})
    assert path.read_text() == broken


@pytest.mark.parametrize(
    ("replacement", "key", "hint"),
    [
        ('environment = "stage"', "environment", "production, staging"),
        ('zoho_dc = "xx"', "zoho_dc", "us, eu, in"),
        ("callback_port = 80", "callback_port", "1024-32767"),
        ('callback_port = "8976"', "callback_port", "whole number"),
        ('email = "nobody"', "email", "not an e-mail"),
    ],
)
def test_wrong_value_names_profile_and_key(replacement: str, key: str, hint: str) -> None:
    path = profiles_path()
    original = {
        "environment": 'environment = "staging"',
        "zoho_dc": 'zoho_dc = "eu"',
        "callback_port": "callback_port = 8976",
        "email": "email = 'integrator@example.com'",
    }[key]
    text = HAND_WRITTEN.replace(original, replacement, 1)
    write(path, text)
    with pytest.raises(ProfilesFileError) as caught:
        ProfileStore(path).load()
    message = str(caught.value)
    assert "profile 'acme-staging'" in message
    assert f"key '{key}'" in message
    assert hint in message
    assert path.read_text() == text


def test_invalid_update_is_rejected_and_file_untouched() -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN)
    store = ProfileStore(path)
    store.load()
    with pytest.raises(ProfilesFileError, match="zoho_dc"):
        store.upsert("acme-prod", {"zoho_dc": "mars"})
    assert path.read_text() == HAND_WRITTEN


def test_default_must_name_a_profile() -> None:
    write(profiles_path(), 'default = "ghost"\n')
    with pytest.raises(ProfilesFileError, match="default = 'ghost' names no profile"):
        ProfileStore(profiles_path()).load()


def test_remove_copy_and_set_default() -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN)
    store = ProfileStore(path)
    store.load()
    store.copy("acme-staging", "acme-copy")
    store.set_default("acme-copy")
    store.remove("acme-staging")
    loaded = store.load()
    assert set(loaded.profiles) == {"acme-prod", "acme-copy"}
    assert loaded.default == "acme-copy"
    assert loaded.get().extra == {"team_note": "kept by ipaas-auth"}
    store.remove("acme-copy")
    assert store.load().default is None
    with pytest.raises(ProfileNotFoundError):
        store.remove("acme-copy")


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "[profiles]\n"])
def test_a_file_without_profiles_is_as_if_there_were_none(text: str) -> None:
    path = profiles_path()
    write(path, text)
    assert not ProfileStore(path).exists()


def test_removing_the_last_profile_leaves_it_as_if_there_were_none() -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN)
    store = ProfileStore(path)
    store.load()
    store.remove("acme-staging")
    assert store.exists()
    store.remove("acme-prod")
    assert not store.exists()
    assert path.read_text().startswith("# My profiles")  # the comments stay


def test_an_unreadable_file_is_there_and_loading_it_says_why() -> None:
    path = profiles_path()
    write(path, "default = \n")
    store = ProfileStore(path)
    assert store.exists()
    with pytest.raises(ProfilesFileError):
        store.load()


def test_the_first_profile_set_becomes_the_default() -> None:
    store = ProfileStore(profiles_path())
    store.upsert("first", {"environment": "staging"}, default_if_unset=True)
    store.upsert("second", {"environment": "staging"}, default_if_unset=True)
    assert store.load().default == "first"


def test_no_default_offers_the_sandbox_and_never_says_one_was_named() -> None:
    path = profiles_path()
    write(path, HAND_WRITTEN.replace('default = "acme-staging"', ""))
    with pytest.raises(ProfileNotFoundError) as raised:
        ProfileStore(path).load().get()
    message = str(raised.value)
    assert "No profile named" not in message
    assert "no default profile" in message and "acme-prod, acme-staging" in message
    assert "`ipaas-auth --sandbox`" in message and "profiles default NAME" in message
