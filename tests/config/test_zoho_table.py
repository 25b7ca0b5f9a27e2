"""Zoho's data centres in one table with sources, and what a callback's accounts server is worth:
known, trusted by the profile, unknown but Zoho-shaped (a calm refusal naming the fix), or not
Zoho's at all (a possible interception)."""

from __future__ import annotations

import pytest

from config.errors import ProfileValueError
from config.profile import build_profile
from config.zoho import (
    DATA_CENTRES,
    check_accounts_server,
    known_accounts_server,
    parse_trusted_servers,
)


def test_every_line_says_where_it_comes_from_and_the_uae_is_there() -> None:
    assert all(dc.source for dc in DATA_CENTRES.values())
    uae = DATA_CENTRES["ae"]
    assert (uae.accounts_url, uae.commerce_api) == ("https://accounts.zoho.ae", None)
    assert known_accounts_server("https://ACCOUNTS.zoho.ae/") == "https://accounts.zoho.ae"
    assert check_accounts_server("https://accounts.zoho.ae").url == "https://accounts.zoho.ae"


def test_an_unknown_zoho_server_is_refused_calmly_with_the_key_that_trusts_it() -> None:
    verdict = check_accounts_server("https://accounts.zoho.xy", profile="acme")
    assert verdict.url is None and not verdict.suspicious
    assert "does not know yet" in verdict.problem
    assert "intercept" not in verdict.problem
    assert (
        "ipaas-auth profiles set acme trusted_accounts_servers=https://accounts.zoho.xy"
        in verdict.problem
    )
    trusted = parse_trusted_servers(" accounts.zoho.xy , https://accounts.zoho.co.xy")
    assert check_accounts_server("https://accounts.zoho.xy", trusted).url == (
        "https://accounts.zoho.xy"
    )


@pytest.mark.parametrize(
    "named",
    [
        "https://evil.example",
        "https://accounts.zoho.xy:8443",
        "http://accounts.zoho.xy",
        "https://accounts.zoho.xy/path",
        "https://user@accounts.zoho.xy",
        "https://accounts.zoho.xy.evil.example",
    ],
)
def test_anything_not_shaped_like_zoho_is_a_possible_interception(named: str) -> None:
    trusted = parse_trusted_servers("accounts.zoho.xy")
    verdict = check_accounts_server(named, trusted)
    assert verdict.url is None and verdict.suspicious
    assert "intercept" in verdict.problem


def test_the_profile_key_takes_only_zoho_shaped_servers() -> None:
    profile = build_profile("p", {"trusted_accounts_servers": "https://accounts.zoho.xy"})
    assert profile.trusted_accounts_servers == "https://accounts.zoho.xy"
    with pytest.raises(ProfileValueError, match="not shaped like a Zoho accounts server"):
        build_profile("p", {"trusted_accounts_servers": "https://evil.example"})
