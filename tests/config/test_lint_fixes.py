"""Safe fixes on linter findings, and the "recommended" preset computed from them."""

from __future__ import annotations

import pytest

from config.lint import Finding, apply_all_fixes, first_fixable, lint
from config.presets import PRESET_NAMES, RECOMMENDED, ZOHO_COMMERCE, preset, recommended_template
from config.template import Template
from config.zoho import ZOHO_COMMERCE_TEMPLATE
from tui.commands.parser import PRESETS

BASE = "https://accounts.zoho.com/oauth/v2/auth?"
GOOD_PARAMS = (
    "scope=ZohoCommerce.items.ALL&client_id={Client_Id}&response_type=code"
    "&redirect_uri={SystemTypeVersion:RedirectUrl}&state={iPaaSState}"
)

# (template, the finding's code) for every fixable finding.
FIXABLE = [
    (BASE + GOOD_PARAMS + "&access_type=offline", "offline-without-consent"),
    (BASE + GOOD_PARAMS.replace("ALL", "ALL,ZohoCommerce.items.READ"), "redundant-scope"),
    (BASE + GOOD_PARAMS.replace("ALL", "ALL,ZohoCRM.org.READ,ZohoCRM.org.READ"), "duplicate-scope"),
    (BASE + GOOD_PARAMS.replace("ALL", "ALL,,ZohoCRM.org.READ"), "empty-scope"),
    (BASE + GOOD_PARAMS + "&response_type=code", "duplicate-param"),
    (BASE + GOOD_PARAMS.replace("response_type=code", "response_type=token"), "response-type"),
    (BASE + GOOD_PARAMS.replace("&state={iPaaSState}", ""), "missing-state"),
    (BASE + GOOD_PARAMS.replace("&client_id={Client_Id}", ""), "missing-client_id"),
    (BASE + GOOD_PARAMS.replace("&response_type=code", ""), "missing-response_type"),
    (BASE.replace("https", "http") + GOOD_PARAMS, "not-https"),
    (BASE + GOOD_PARAMS.replace("&state", "\x07&state") + "\x1b\u202e", "control-characters"),
]


def test_control_characters_are_an_error_that_says_where_the_first_is() -> None:
    finding = by_code(BASE + "\x1b[2J" + GOOD_PARAMS, "control-characters")
    assert finding.severity == "error"
    assert "1 control character(s), the first \\x1b at character 41" in finding.message


def by_code(text: str, code: str) -> Finding:
    return next(f for f in lint(text, ["RedirectUrl"]) if f.code == code)


@pytest.mark.parametrize(("text", "code"), FIXABLE, ids=[c for _, c in FIXABLE])
def test_each_fix_cures_its_finding_and_adds_none(text: str, code: str) -> None:
    finding = by_code(text, code)
    assert finding.fix is not None and finding.fix.description
    fixed = finding.fix.apply(text)
    assert fixed != text
    assert lint(fixed, ["RedirectUrl"]) == [], fixed


def test_the_consent_fix_adds_prompt_consent_and_keeps_the_rest_byte_for_byte() -> None:
    text = BASE + GOOD_PARAMS + "&access_type=offline"
    fix = by_code(text, "offline-without-consent").fix
    assert fix is not None
    assert fix.apply(text) == text + "&prompt=consent"


def test_fixes_that_would_guess_are_not_offered() -> None:
    # prompt=login was someone's choice; two different values for one name; a lone empty scope.
    login = BASE + GOOD_PARAMS + "&access_type=offline&prompt=login"
    assert by_code(login, "offline-without-consent").fix is None
    twice = BASE + GOOD_PARAMS + "&client_id=other"
    assert by_code(twice, "duplicate-param").fix is None
    assert (
        by_code(BASE + GOOD_PARAMS.replace("ZohoCommerce.items.ALL", ""), "empty-scope").fix is None
    )
    assert (
        by_code(BASE + GOOD_PARAMS.replace("&redirect_uri=", "&x="), "missing-redirect_uri").fix
        is None
    )


def test_the_seed_template_has_three_fixable_warnings() -> None:
    findings = lint(ZOHO_COMMERCE_TEMPLATE, ["RedirectUrl"])
    assert [f.fix is not None for f in findings] == [True, True, True]
    first = first_fixable(findings)
    assert first is not None and first.code == "offline-without-consent"


def test_recommended_is_the_seed_with_the_fixes_and_lints_clean() -> None:
    recommended = recommended_template()
    assert lint(recommended, ["RedirectUrl"]) == []
    assert recommended == apply_all_fixes(ZOHO_COMMERCE_TEMPLATE, ["RedirectUrl"])
    seed, rec = Template.parse(ZOHO_COMMERCE_TEMPLATE), Template.parse(recommended)
    assert rec.param("prompt") == "consent"
    assert set(seed.scopes) - set(rec.scopes) == {
        "ZohoCommerce.webhooks.READ",
        "ZohoCommerce.webhooks.CREATE",
    }
    assert set(rec.scopes) <= set(seed.scopes)
    # The seed's preset itself is untouched: what iPaaS.com documents.
    assert preset(ZOHO_COMMERCE, "https://portal.ipaas.com").oauth_url_template == (
        ZOHO_COMMERCE_TEMPLATE
    )
    assert preset(RECOMMENDED, "https://portal.ipaas.com").oauth_url_template == recommended


def test_the_cli_offers_every_preset() -> None:
    assert PRESETS == PRESET_NAMES
