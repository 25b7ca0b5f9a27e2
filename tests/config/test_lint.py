from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.lint import has_errors, lint
from config.zoho import ZOHO_COMMERCE_TEMPLATE

GOOD = (
    "https://accounts.zoho.com/oauth/v2/auth?scope=ZohoCommerce.items.ALL"
    "&client_id={Client_Id}&response_type=code&redirect_uri={SystemTypeVersion:RedirectUrl}"
    "&access_type=offline&prompt=consent&state={iPaaSState}"
)


def codes(text: str, fields: list[str] | None = None, **kw: object) -> list[str]:
    return [f.code for f in lint(text, fields, **kw)]  # type: ignore[arg-type]


def test_clean_template_has_no_findings() -> None:
    assert lint(GOOD, ["RedirectUrl"]) == []


def test_seed_template_has_no_errors_but_warns() -> None:
    findings = lint(ZOHO_COMMERCE_TEMPLATE, ["RedirectUrl"])
    assert not has_errors(findings)
    assert sorted(f.code for f in findings) == [
        "offline-without-consent",
        "redundant-scope",
        "redundant-scope",
    ]
    messages = " ".join(f.message for f in findings)
    assert "ZohoCommerce.webhooks.READ is already granted by ZohoCommerce.webhooks.ALL" in messages
    assert "prompt=consent" in messages


def test_empty_template_is_one_clear_error() -> None:
    assert codes("") == ["empty"]
    assert codes("  \n") == ["empty"]


def test_not_a_url() -> None:
    assert codes("hello world")[0] == "not-a-url"
    assert "not-a-url" in codes("ftp://accounts.zoho.com/oauth/v2/auth")


def test_unknown_host_and_trusted_sandbox_host() -> None:
    evil = GOOD.replace("accounts.zoho.com", "accounts.zoho.evil.example")
    assert "unknown-host" in codes(evil)
    sandbox = GOOD.replace("https://accounts.zoho.com", "http://127.0.0.1:9999")
    assert "unknown-host" in codes(sandbox)
    assert codes(sandbox, ["RedirectUrl"], extra_hosts=["127.0.0.1"]) == []


def test_every_data_centre_host_is_accepted() -> None:
    for host in ("accounts.zoho.eu", "accounts.zohocloud.ca", "accounts.zoho.com.cn"):
        assert codes(GOOD.replace("accounts.zoho.com", host), ["RedirectUrl"]) == []


def test_http_to_zoho_is_an_error() -> None:
    assert "not-https" in codes(GOOD.replace("https://", "http://"))


def test_missing_required_parameters() -> None:
    bare = "https://accounts.zoho.com/oauth/v2/auth?access_type=online"
    assert set(codes(bare)) == {
        "missing-client_id",
        "missing-response_type",
        "missing-redirect_uri",
        "missing-scope",
        "missing-state",
    }
    assert "response-type" in codes(GOOD.replace("response_type=code", "response_type=token"))


def test_custom_field_must_exist_on_the_version() -> None:
    assert "unknown-custom-field" in codes(GOOD, [])
    assert "unknown-custom-field" not in codes(GOOD, None)


def test_unknown_placeholder() -> None:
    findings = lint(GOOD.replace("{Client_Id}", "{ClientId}"), ["RedirectUrl"])
    assert [f.code for f in findings] == ["unknown-placeholder"]
    assert "{ClientId}" in findings[0].message


def test_scope_problems() -> None:
    text = GOOD.replace(
        "scope=ZohoCommerce.items.ALL",
        "scope=ZohoCommerce.items.ALL,,Zoho Commerce,ZohoCRM.users.READ,ZohoCRM.users.READ,"
        "lowercase.thing,ZohoCRM.modules.leads.READ,ZohoCRM.modules.ALL,ZohoCommerce.items.READ",
    )
    found = codes(text, ["RedirectUrl"])
    assert found.count("empty-scope") == 1
    assert found.count("malformed-scope") == 2  # the space (error) and the lower-case op (warning)
    assert found.count("duplicate-scope") == 1
    assert found.count("redundant-scope") == 2  # leads.READ under modules.ALL, items.READ


def test_duplicate_parameter_warns() -> None:
    assert "duplicate-param" in codes(GOOD + "&state=x", ["RedirectUrl"])


def test_wrong_path() -> None:
    assert "wrong-path" in codes(GOOD.replace("/oauth/v2/auth", "/oauth/v2/token"))


@given(st.text())
def test_linter_never_crashes(text: str) -> None:
    for finding in lint(text, ["RedirectUrl"]):
        assert finding.severity in ("error", "warning")
        assert finding.message


@given(st.text(alphabet="https:/[]@?&=#{}:.,%az0129 ", max_size=80))
def test_linter_never_crashes_on_url_like_text(text: str) -> None:
    lint(text, None, extra_hosts=["127.0.0.1"])


@pytest.mark.parametrize(
    ("scope", "near"),
    [
        ("ZohoABCCRM.settings.ALL", "ZohoCRM.settings.ALL"),
        ("ZohoCommerse.items.ALL", "ZohoCommerce.items.ALL"),
        ("ZohoCommerce.salesorder.READ", "ZohoCommerce.salesorders.READ"),
    ],
)
def test_a_near_miss_of_a_known_scope_is_a_warning_naming_it(scope: str, near: str) -> None:
    text = ZOHO_COMMERCE_TEMPLATE.replace("ZohoCRM.settings.ALL", scope)
    [finding] = [f for f in lint(text) if f.code == "misspelt-scope"]
    assert finding.severity == "warning" and f"looks like {near}" in finding.message
    assert finding.fix is None  # which one was meant is not guessed


@pytest.mark.parametrize(
    "scope",
    ["ZohoBooks.contacts.READ", "ZohoCommerce.items.UPDATE", "ZohoCRM.modules.contacts.ALL"],
)
def test_scopes_we_do_not_know_but_not_near_misses_pass(scope: str) -> None:
    text = ZOHO_COMMERCE_TEMPLATE.replace("ZohoCRM.settings.ALL", scope)
    assert [f for f in lint(text) if f.code == "misspelt-scope"] == []
