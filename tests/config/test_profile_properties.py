"""Property tests: whatever a profile value or profiles.toml holds, only our errors come out."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from config.errors import ProfilesFileError, ProfileValueError
from config.profile import Profile, build_profile
from config.profile_keys import PROFILE_KEYS
from config.profiles import ProfilesFile, parse_profiles

PATH = Path("/nowhere/profiles.toml")
KEY_NAMES = st.sampled_from([*PROFILE_KEYS, "endpoints", "extra", "name", "team_note"])

# Values TOML can hold (no datetimes: they add nothing here), nested a little.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["us", "staging", "localhost", "8976", "http://127.0.0.1:1", "GET /x"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@given(key=st.sampled_from(list(PROFILE_KEYS)), value=VALUES)
def test_check_returns_or_raises_profile_value_error(key: str, value: Any) -> None:
    try:
        checked = PROFILE_KEYS[key].check(value)
    except ProfileValueError as exc:
        assert exc.key == key and str(exc)
    else:
        assert isinstance(checked, PROFILE_KEYS[key].kind)


@given(key=st.sampled_from(list(PROFILE_KEYS)), text=st.text(max_size=40))
def test_parse_returns_or_raises_profile_value_error(key: str, text: str) -> None:
    with contextlib.suppress(ProfileValueError):
        PROFILE_KEYS[key].parse(text)


@given(name=st.text(max_size=20), values=st.dictionaries(KEY_NAMES, VALUES, max_size=5))
def test_build_profile_returns_or_raises_profile_value_error(
    name: str, values: dict[str, Any]
) -> None:
    try:
        profile = build_profile(name, values)
    except ProfileValueError:
        return
    assert isinstance(profile, Profile)


def _document(data: dict[str, Any]) -> str:
    try:
        return tomlkit.dumps(data)
    except (TypeError, ValueError):
        return ""  # tomlkit cannot write it (a None, say): then the empty file


TABLES = st.fixed_dictionaries(
    {},
    optional={
        "default": VALUES,
        "secret_storage": st.one_of(st.sampled_from(["file", "keyring"]), VALUES),
        "profiles": st.one_of(
            VALUES,
            st.dictionaries(
                st.text(max_size=10),
                st.one_of(VALUES, st.dictionaries(KEY_NAMES, VALUES, max_size=4)),
                max_size=3,
            ),
        ),
    },
)


@settings(max_examples=200)
@given(data=TABLES, cut=st.integers(min_value=0, max_value=400), junk=st.text(max_size=10))
def test_parse_profiles_raises_only_profiles_file_error(
    data: dict[str, Any], cut: int, junk: str
) -> None:
    text = _document(data)
    for candidate in (text, text[:cut] + junk + text[cut:]):
        try:
            parsed = parse_profiles(candidate.encode("utf-8", "surrogatepass"), PATH)
        except ProfilesFileError as exc:
            assert str(exc).startswith(str(PATH))
        else:
            assert isinstance(parsed, ProfilesFile)


@given(raw=st.binary(max_size=200))
def test_parse_profiles_of_any_bytes(raw: bytes) -> None:
    with contextlib.suppress(ProfilesFileError):
        parse_profiles(raw, PATH)
