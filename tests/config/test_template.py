from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.errors import TemplateError
from config.template import Template, render_values
from config.zoho import DATA_CENTRES, ZOHO_COMMERCE_TEMPLATE

SEED_TEMPLATE = (
    "https://accounts.zoho.com/oauth/v2/auth?scope=ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,"
    "ZohoCommerce.inventoryadjustments.CREATE,ZohoCommerce.items.ALL,ZohoCommerce.salesorders.READ,"
    "ZohoCommerce.salesorders.CREATE,ZohoCommerce.salesorders.UPDATE,ZohoCommerce.settings.READ,"
    "ZohoCommerce.webhooks.READ,ZohoCommerce.webhooks.CREATE,ZohoCommerce.webhooks.ALL"
    "&client_id={Client_Id}&response_type=code&redirect_uri={SystemTypeVersion:RedirectUrl}"
    "&access_type=offline&state={iPaaSState}"
)


def test_preset_template_is_the_seed_byte_for_byte() -> None:
    assert ZOHO_COMMERCE_TEMPLATE == SEED_TEMPLATE


def test_parse_reads_host_path_params_scopes_and_placeholders() -> None:
    template = Template.parse(SEED_TEMPLATE)
    assert template.host == "accounts.zoho.com"
    assert template.path == "/oauth/v2/auth"
    assert [p.name for p in template.params] == [
        "scope",
        "client_id",
        "response_type",
        "redirect_uri",
        "access_type",
        "state",
    ]
    assert template.scopes[0] == "ZohoCRM.modules.ALL"
    assert len(template.scopes) == 11
    assert template.placeholders == ["Client_Id", "SystemTypeVersion:RedirectUrl", "iPaaSState"]
    assert template.custom_field_keys == ["RedirectUrl"]
    assert template.text() == SEED_TEMPLATE


def test_render_url_encodes_each_value() -> None:
    template = Template.parse(SEED_TEMPLATE)
    url = template.render(
        render_values(
            client_id="1000.ABC",
            state="s t&x",
            custom_fields={"RedirectUrl": "http://localhost:8976/callback"},
        )
    )
    assert "client_id=1000.ABC&" in url
    assert "redirect_uri=http%3A%2F%2Flocalhost%3A8976%2Fcallback&" in url
    assert url.endswith("state=s%20t%26x")
    assert "{" not in url


def test_render_names_missing_placeholders() -> None:
    with pytest.raises(TemplateError, match=r"\{SystemTypeVersion:RedirectUrl\}"):
        Template.parse(SEED_TEMPLATE).render({"Client_Id": "x", "iPaaSState": "y"})


def test_scopes_add_and_remove_keep_order() -> None:
    template = Template.parse(SEED_TEMPLATE)
    edited = template.with_scope_removed("ZohoCRM.settings.ALL").with_scope_added(
        "ZohoCommerce.sitesIndex.READ"
    )
    assert edited.scopes[:2] == ["ZohoCRM.modules.ALL", "ZohoCommerce.inventoryadjustments.CREATE"]
    assert edited.scopes[-1] == "ZohoCommerce.sitesIndex.READ"
    assert edited.with_scope_added("ZohoCRM.modules.ALL").scopes == edited.scopes
    # Everything but the scope parameter is untouched.
    assert edited.text().split("&", 1)[1] == SEED_TEMPLATE.split("&", 1)[1]


def test_scope_added_to_template_without_scope() -> None:
    template = Template.parse("https://accounts.zoho.com/oauth/v2/auth")
    assert template.with_scope_added("ZohoCommerce.items.READ").text() == (
        "https://accounts.zoho.com/oauth/v2/auth?scope=ZohoCommerce.items.READ"
    )


def test_switching_data_centre_rewrites_only_the_host() -> None:
    template = Template.parse(SEED_TEMPLATE)
    eu = template.with_accounts_url(DATA_CENTRES["eu"].accounts_url)
    assert eu.text() == SEED_TEMPLATE.replace("accounts.zoho.com/", "accounts.zoho.eu/")
    assert eu.with_accounts_url(DATA_CENTRES["us"].accounts_url).text() == SEED_TEMPLATE


def test_switching_host_of_non_url_is_a_clear_error() -> None:
    with pytest.raises(TemplateError, match="does not start with https://"):
        Template.parse("scope=x").with_accounts_url("https://accounts.zoho.eu")


@given(st.text())
def test_parse_then_text_round_trips_any_text(text: str) -> None:
    assert Template.parse(text).text() == text


@given(
    st.lists(st.from_regex(r"[A-Za-z]{1,8}\.[a-z]{1,8}\.(ALL|READ)", fullmatch=True), max_size=6)
)
def test_scope_edits_round_trip(scopes: list[str]) -> None:
    template = Template.parse(SEED_TEMPLATE).with_scopes(scopes)
    reparsed = Template.parse(template.text())
    assert reparsed.scopes == (scopes or [""])
    assert reparsed == template
