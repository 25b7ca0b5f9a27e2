"""State, PKCE, the authorize URL, paste-back, the browser policy and the allowlist."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from config.errors import TemplateError
from config.profile import Profile
from config.zoho import ZOHO_COMMERCE_TEMPLATE, known_accounts_server
from tui.connection import Target
from tui.core.authenticate import loopback_page
from tui.core.authenticate_text import plan_text
from tui.oauth.authorize import authorize_url
from tui.oauth.browser import Forward, plan_browser, ssh_forward_command
from tui.oauth.callback_result import Authorized, InvalidCallback, Refused, parse_pasted
from tui.oauth.flow import FlowError, trusted_accounts_server
from tui.oauth.secrets import Pkce, new_state, s256, same_state


def test_state_is_fresh_and_long() -> None:
    states = {new_state() for _ in range(50)}
    assert len(states) == 50
    assert all(len(s) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", s) for s in states)
    state = new_state()
    assert same_state(state, state) and not same_state(state, state[:-1] + "x")


def test_pkce_verifier_and_s256_challenge() -> None:
    pkce = Pkce.new()
    assert 43 <= len(pkce.verifier) <= 128
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", pkce.verifier)
    digest = hashlib.sha256(pkce.verifier.encode()).digest()
    assert pkce.challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    # RFC 7636, appendix B
    assert s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == (
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_authorize_url_renders_the_seed_template() -> None:
    url = authorize_url(
        ZOHO_COMMERCE_TEMPLATE,
        client_id="1000.ABC",
        redirect_uri="http://localhost:8976/callback",
        state="S",
        accounts_url="https://accounts.zoho.eu",
        custom_fields={"RedirectUrl": "https://portal.ipaas.com/x"},
    )
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.netloc == "accounts.zoho.eu" and parts.path == "/oauth/v2/auth"
    assert query["client_id"] == ["1000.ABC"]
    assert query["redirect_uri"] == ["http://localhost:8976/callback"]  # not the portal's
    assert query["state"] == ["S"]
    assert query["scope"][0].startswith("ZohoCRM.modules.ALL,")
    assert "code_challenge" not in query


def test_authorize_url_with_pkce() -> None:
    pkce = Pkce.new()
    url = authorize_url(
        ZOHO_COMMERCE_TEMPLATE,
        client_id="c",
        redirect_uri="http://x/cb",
        state="s",
        accounts_url="https://accounts.zoho.com",
        pkce=pkce,
    )
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge"] == [pkce.challenge]
    assert query["code_challenge_method"] == ["S256"]


def test_authorize_url_says_what_is_missing() -> None:
    with pytest.raises(TemplateError, match="apply the Zoho Commerce preset"):
        authorize_url("", client_id="c", redirect_uri="r", state="s", accounts_url="https://a")
    with pytest.raises(TemplateError, match="no Client ID"):
        authorize_url(
            ZOHO_COMMERCE_TEMPLATE,
            client_id="",
            redirect_uri="r",
            state="s",
            accounts_url="https://accounts.zoho.com",
        )


@pytest.mark.parametrize(
    "pasted",
    [
        "http://localhost:8976/callback?state=S&code=1000.c&location=eu"
        "&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
        "?state=S&code=1000.c&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
        "state=S&code=1000.c&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu",
        "/callback?state=S&code=1000.c&location=eu&accounts-server=https://accounts.zoho.eu",
    ],
)
def test_paste_back_accepts_the_redirected_url(pasted: str) -> None:
    assert parse_pasted(pasted, "S") == Authorized("1000.c", "eu", "https://accounts.zoho.eu")


def test_paste_back_code_and_state_and_errors() -> None:
    assert parse_pasted("  1000.c  S ", "S") == Authorized("1000.c")
    assert parse_pasted("http://localhost/callback?error=access_denied&state=S", "S") == Refused(
        "access_denied"
    )
    for bad, message in [
        ("http://x/callback?code=c&state=WRONG", "state does not match"),
        ("http://x/callback?code=c", "state does not match"),
        ("http://x/callback?state=S", "no code"),
        ("just-one-word", "not the address your browser ended on"),
        ("hello world", "not the address your browser ended on"),
        ("1000.c WRONG", "not the address your browser ended on"),
        ("https://example.com/", "not the address your browser ended on"),
        ("https://example.com/page?lang=en", "not the address your browser ended on"),
        ("a=b", "not the address your browser ended on"),
        ("", "Paste"),
    ]:
        with pytest.raises(InvalidCallback, match=message):
            parse_pasted(bad, "S")


def test_text_that_is_no_redirect_says_what_to_paste() -> None:
    with pytest.raises(InvalidCallback) as caught:
        parse_pasted("hello world", "S", "http://localhost:8976/callback")
    message = str(caught.value)
    assert "state" not in message  # not "the state does not match": it is no redirect at all
    assert "starts with http://localhost:8976/callback" in message and "address bar" in message


def test_refused_messages_say_what_to_do() -> None:
    assert "choose Accept" in Refused("access_denied").message()
    assert "invalid_scope" in Refused("invalid_scope").message()


@pytest.mark.parametrize(
    ("env", "launch", "reason"),
    [
        ({"BROWSER": "false", "DISPLAY": ":0"}, False, "suppressed"),
        ({"BROWSER": "firefox", "SSH_CONNECTION": "1 2 3 4"}, True, "browser-env"),
        ({"SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22", "DISPLAY": ":0"}, False, "ssh"),
        ({"SSH_TTY": "/dev/pts/1"}, False, "ssh"),
        ({}, False, "no-display"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True, "desktop"),
    ],
)
def test_browser_policy(env: dict[str, str], launch: bool, reason: str) -> None:
    plan = plan_browser(env, platform="linux")
    assert (plan.launch, plan.reason) == (launch, reason)
    assert plan_text(plan)


def test_browser_policy_mac_and_web() -> None:
    assert plan_browser({}, platform="darwin").launch
    assert plan_browser({"BROWSER": "false"}, is_web=True).reason == "web"


def test_ssh_forward_command() -> None:
    """SSH_CONNECTION's address is this side's (wrong behind NAT, a jump host or an alias):
    never used; IPAAS_AUTH_SSH_HOST, as the person types it after ssh, is."""
    env = {"USER": "ana", "SSH_CONNECTION": "203.0.113.5 51000 198.51.100.7 22"}
    callback = [Forward(8976)]
    assert ssh_forward_command(callback, env) == (
        "ssh -L 8976:localhost:8976 <the host you connected to>"
    )
    env["IPAAS_AUTH_SSH_HOST"] = "  -J jump  ana@inner "
    both = [*callback, Forward(41234, "127.0.0.1"), Forward(41235, "::1")]
    assert ssh_forward_command(both, env) == (
        "ssh -L 8976:localhost:8976 -L 41234:127.0.0.1:41234 -L 41235:[::1]:41235 -J jump ana@inner"
    )


def test_a_sign_in_page_on_loopback_is_one_to_forward() -> None:
    assert loopback_page("http://127.0.0.1:41234/oauth/v2/auth?x=1") == Forward(41234, "127.0.0.1")
    assert loopback_page("http://[::1]:41235/oauth") == Forward(41235, "::1")
    assert loopback_page("http://localhost/oauth") == Forward(80, "localhost")
    for elsewhere in ("https://accounts.zoho.com/oauth/v2/auth", "http://10.0.0.5:8080/"):
        assert loopback_page(elsewhere) is None


def test_accounts_server_allowlist() -> None:
    profile = Profile(name="p", zoho_dc="eu")
    zoho_target = Target("https://api.ipaas.com")
    assert (
        trusted_accounts_server(
            Authorized("c", "eu", "https://accounts.zoho.eu"), zoho_target, profile
        )
        == "https://accounts.zoho.eu"
    )
    assert (
        trusted_accounts_server(Authorized("c"), zoho_target, profile) == "https://accounts.zoho.eu"
    )  # none named: the profile's data centre
    for forged in (
        "https://evil.example",
        "https://accounts.zoho.eu.evil.example",
        "http://accounts.zoho.eu",
        "https://accounts.zoho.eu:8443",
        "https://user@accounts.zoho.eu",
        "https://accounts.zoho.eu/x",
    ):
        with pytest.raises(FlowError, match="client secret was not sent"):
            trusted_accounts_server(Authorized("c", "eu", forged), zoho_target, profile)
    sandbox = Target("http://127.0.0.1:1", sandbox_accounts={"us": "http://127.0.0.1:1"})
    assert (
        trusted_accounts_server(Authorized("c", "us", "http://127.0.0.1:1"), sandbox, profile)
        == "http://127.0.0.1:1"
    )
    with pytest.raises(FlowError):
        trusted_accounts_server(
            Authorized("c", "us", "https://accounts.zoho.com"), sandbox, profile
        )


@pytest.mark.parametrize(
    "forged",
    [
        "https://accounts.zoho.com@evil.example",
        "https://accounts.zoho.com:444",
        "http://accounts.zoho.com",
        "https://accounts.zoho.com.evil.example",
        "https://evil.example/https://accounts.zoho.com",
        "https://accounts.zoho.com/oauth/v2/token",
        "https://accounts.zoho.com/..",
        "https://accounts.zoho.com?x=1",
        "https://accounts.zoho.com#frag",
        "https://accounts.zoho.com\\@evil.example",
        "https://accounts.zoho.com\t",
        " https://accounts.zoho.com",
        "https://:@accounts.zoho.com",
        "https://accounts.zoho.com:0443x",
        "https://[::1]",
        "ftp://accounts.zoho.com",
        "https://",
    ],
)
def test_allowlist_refuses_look_alikes(forged: str) -> None:
    assert known_accounts_server(forged) is None
    with pytest.raises(FlowError, match="client secret was not sent"):
        trusted_accounts_server(
            Authorized("c", "us", forged), Target("https://api.ipaas.com"), Profile(name="p")
        )


@pytest.mark.parametrize(
    ("named", "canonical"),
    [
        ("https://ACCOUNTS.ZOHO.COM", "https://accounts.zoho.com"),
        ("https://accounts.zoho.com:443/", "https://accounts.zoho.com"),
        ("HTTPS://Accounts.Zoho.Eu/", "https://accounts.zoho.eu"),
        ("https://accounts.zoho.com.au.", "https://accounts.zoho.com.au"),
    ],
)
def test_allowlist_accepts_normalised_forms_and_sends_to_the_canonical_url(
    named: str, canonical: str
) -> None:
    assert known_accounts_server(named) == canonical
    assert (
        trusted_accounts_server(
            Authorized("c", "us", named), Target("https://api.ipaas.com"), Profile(name="p")
        )
        == canonical
    )


def test_an_unknown_zoho_data_centre_is_refused_calmly_and_trusted_by_the_profile_key() -> None:
    """A callback naming a Zoho-shaped accounts server not in the table is no interception
    warning: the message names the key that trusts it, and with the key set it is used."""
    named = Authorized("c", "xy", "https://accounts.zoho.xy")
    target = Target("https://api.ipaas.com")
    with pytest.raises(FlowError) as refused:
        trusted_accounts_server(named, target, Profile(name="acme"))
    assert "intercept" not in str(refused.value)
    assert "profiles set acme trusted_accounts_servers=https://accounts.zoho.xy" in str(
        refused.value
    )
    trusting = Profile(name="acme", trusted_accounts_servers="https://accounts.zoho.xy")
    assert trusted_accounts_server(named, target, trusting) == "https://accounts.zoho.xy"
