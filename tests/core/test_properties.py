"""Property tests for the parsers that face the outside: whatever a browser, a paste or a
template holds, they return a result or raise our own error, never crash."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from config.errors import ConfigError
from config.lint import Finding, lint
from config.template import Template, render_values
from config.zoho import ZOHO_COMMERCE_TEMPLATE, known_accounts_server
from tui import redaction
from tui.oauth.authorize import authorize_url
from tui.oauth.callback_result import Authorized, InvalidCallback, Refused, parse_pasted, validate

STATE = "s" * 43
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that is mostly made of what URLs and templates are made of, and anything else too.
url_alphabet = st.sampled_from(
    [*"ab1=&?#%{}:/.,[] +@\\\t\n\x00é😀", "state=", "code=", "http://", "https://", "{Client_Id}"]
)
url_like = st.lists(url_alphabet, max_size=60).map("".join) | st.text(max_size=60)
params = st.dictionaries(
    st.sampled_from(["state", "code", "error", "error_description", "location", "accounts-server"])
    | st.text(max_size=8),
    st.text(max_size=20) | st.just(STATE),
    max_size=6,
)


@FAST
@given(params)
def test_callback_parameters_give_an_outcome_or_invalid_callback(query: dict[str, str]) -> None:
    try:
        outcome = validate(query, STATE)
    except InvalidCallback as exc:
        assert str(exc)
        return
    assert query.get("state") == STATE
    assert isinstance(outcome, Authorized | Refused)
    if isinstance(outcome, Authorized):
        assert outcome.code == query["code"] and outcome.code


@FAST
@given(url_like)
@example("http://[x/callback?state=s&code=c")  # urlsplit's own ValueError
@example("https://]?code=c&state=" + STATE)
def test_paste_back_gives_an_outcome_or_invalid_callback(text: str) -> None:
    try:
        outcome = parse_pasted(text, STATE)
    except InvalidCallback as exc:
        assert str(exc)
        return
    assert isinstance(outcome, Authorized | Refused)


@FAST
@given(st.text(min_size=1, max_size=30).filter(lambda c: c.strip() == c and " " not in c))
def test_a_pasted_redirect_round_trips_any_code(code: str) -> None:
    pasted = "http://localhost:8976/callback?" + urlencode({"state": STATE, "code": code})
    assert parse_pasted(pasted, STATE) == Authorized(code)


@FAST
@given(url_like, st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3))
def test_the_template_parser_round_trips_and_renders_or_says_why(
    text: str, fields: dict[str, str]
) -> None:
    template = Template.parse(text)
    assert template.text() == text  # hand-written templates are kept byte for byte
    template.scopes, template.placeholders, template.custom_field_keys, template.host  # noqa: B018
    try:
        template.with_accounts_url("https://accounts.zoho.eu")
        template.render(render_values("1000.ID", STATE, fields))
    except ConfigError as exc:
        assert str(exc)


@FAST
@given(
    url_like,
    st.none() | st.lists(st.text(max_size=8), max_size=3),
    st.lists(st.text(max_size=10), max_size=2),
)
def test_the_linter_returns_findings_or_our_error(
    text: str, keys: list[str] | None, hosts: list[str]
) -> None:
    try:
        findings = lint(text, keys, hosts)
    except ConfigError as exc:
        assert str(exc)
        return
    assert all(isinstance(f, Finding) and str(f) for f in findings)


@FAST
@given(st.sampled_from(["scope", "client_id", "state", "redirect_uri", "x"]), url_like)
def test_the_linter_on_the_preset_with_one_value_changed(name: str, value: str) -> None:
    text = Template.parse(ZOHO_COMMERCE_TEMPLATE).with_param(name, quote(value)).text()
    try:
        lint(text, ["RedirectUrl"])
        authorize_url(
            text,
            client_id="1000.ID",
            redirect_uri="http://localhost:8976/callback",
            state=STATE,
            accounts_url="https://accounts.zoho.com",
        )
    except ConfigError as exc:
        assert str(exc)


@FAST
@given(url_like)
@example("https://[::1")
def test_the_allowlist_accepts_only_zoho_accounts_servers(text: str) -> None:
    known = known_accounts_server(text)
    assert known is None or known.startswith("https://accounts.zoho")


@FAST
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(["password", "name", "value", "x", "token"]), inner)
        ),
        max_leaves=12,
    )
)
def test_redaction_never_crashes_on_any_json(value: object) -> None:
    redaction.redact_json(value)


@FAST
@given(st.text(max_size=300))
def test_free_text_redaction_never_crashes(text: str) -> None:
    assert isinstance(redaction.redact_message(text), str)
