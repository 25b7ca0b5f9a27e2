"""The Zoho side of the sandbox: authorize with a consent page, tokens, revoke, a Commerce API.

It keeps Zoho's habits that trip clients up: errors as HTTP 200 bodies, single-use codes that
expire after 60 s, at most 10 codes per client in 10 minutes, at most 20 refresh tokens per
client, 10 access tokens per 10 minutes per refresh token and at most 10 active ones, and
`invalid_client` for a token request sent to the wrong data centre, to a data centre not enabled
for the client, or with another data centre's secret. Sources: ../shared/docs/zoho-oauth.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tui.sandbox import consent_page, demo
from tui.sandbox.clock import Clock
from tui.sandbox.routing import (
    Request,
    Response,
    Router,
    html_response,
    json_response,
    redirect,
)
from tui.sandbox.zoho_commerce import sales_orders, sites_index

CODE_LIFETIME = 60.0  # "60 seconds to 3 minutes (sources differ: design for 60 s)"
ACCESS_LIFETIME = 3600
# The 21st refresh token of a user and client deletes the oldest (CRM token-validity pages).
MAX_REFRESH_TOKENS = 20
# At most 10 new access tokens per refresh token in 10 minutes (accounts/protocol/oauth/
# token-limits.html); the throttle answer is THROTTLED below.
THROTTLE_COUNT = 10
THROTTLE_WINDOW = 600.0
# At most 10 authorization codes per client in 10 minutes, then access_denied (token-limits.html;
# CRM v8 token-validity.html: "access_denied exception will be thrown for the remaining time").
MAX_CODES = 10
CODES_WINDOW = 600.0
# At most 10 active access tokens per refresh token: the 11th invalidates the oldest
# (token-limits.html; CRM's token-validity page says 15 for CRM: the lower figure is kept).
MAX_ACTIVE_ACCESS = 10
SCOPE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$")
THROTTLED = {
    "error_description": "You have made too many requests continuously. "
    "Please try again after some time.",
    "error": "Access Denied",
    "status": "failure",
}


@dataclass
class Grant:
    """A code or a refresh token: who it was issued to and what it allows."""

    client_id: str
    scope: str
    dc: str
    redirect_uri: str = ""
    expires_at: float = 0.0
    offline: bool = False
    code_challenge: str = ""
    issued: deque[float] = field(default_factory=deque)  # refresh: access tokens issued


@dataclass
class AccessToken:
    refresh_token: str | None
    scope: str
    dc: str
    expires_at: float


@dataclass
class ZohoWorld:
    """State shared by every data centre of one sandbox."""

    clock: Clock
    redirect_uris: list[str]
    user_dc: str = "us"
    dc_urls: dict[str, str] = field(default_factory=dict)
    clients: dict[str, str] = field(
        default_factory=lambda: {demo.ZOHO_CLIENT_ID: demo.ZOHO_CLIENT_SECRET}
    )
    codes: dict[str, Grant] = field(default_factory=dict)
    refresh_tokens: dict[str, Grant] = field(default_factory=dict)  # insertion order = age
    access_tokens: dict[str, AccessToken] = field(default_factory=dict)
    consented: set[str] = field(default_factory=set)  # client ids the user has approved
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Test knobs, to play a Zoho that answers oddly: fields merged into every successful token
    # answer (None removes the field), and an answer that replaces the token call entirely.
    token_patch: dict[str, object] = field(default_factory=dict)
    token_failure: tuple[int, object] | None = None
    # The multi-DC set-up of Zoho's API console (../shared/docs/zoho-oauth.md, "Multi-DC"):
    # the clients are registered in `home_dc`; a data centre in `disabled_dcs` was not enabled
    # for them (its toggle is off), and one in `dc_secrets` has its own client secret ("use the
    # same OAuth credentials for all data centers" unticked). Both answer invalid_client.
    home_dc: str = "us"
    disabled_dcs: set[str] = field(default_factory=set)
    dc_secrets: dict[str, str] = field(default_factory=dict)
    codes_issued: dict[str, deque[float]] = field(default_factory=dict)  # client -> times
    organization_ids: set[str] = field(default_factory=lambda: {demo.ZOHO_ORGANIZATION_ID})

    def keep_refresh_limit(self, client_id: str) -> None:
        """The 21st refresh token of a client deletes the oldest one, as Zoho does (with the
        access tokens made from it). Called under `lock`."""
        owned = [t for t, g in self.refresh_tokens.items() if g.client_id == client_id]
        for oldest in owned[: max(0, len(owned) - MAX_REFRESH_TOKENS)]:
            self.forget_refresh_token(oldest)

    def forget_refresh_token(self, token: str) -> None:
        """Revoked: the refresh token and every access token made from it. Under `lock`."""
        del self.refresh_tokens[token]
        for access in [a for a, t in self.access_tokens.items() if t.refresh_token == token]:
            del self.access_tokens[access]


class ZohoDataCentre:
    """One data centre's accounts server and Commerce API, served at `world.dc_urls[dc]`."""

    def __init__(self, world: ZohoWorld, dc: str) -> None:
        self.world = world
        self.dc = dc
        self.router = Router()
        self.router.add("GET", "/oauth/v2/auth", self.authorize)
        self.router.add("POST", "/oauth/v2/auth/decision", self.decide)
        self.router.add("POST", "/oauth/v2/token", self.token)
        self.router.add("POST", "/oauth/v2/token/revoke", self.revoke)
        self.router.add("GET", "/store/api/v1/salesorders", lambda r: sales_orders(self, r))
        self.router.add("GET", "/zs-site/api/v1/index/sites", lambda r: sites_index(self, r))

    # --- authorize -----------------------------------------------------------------------

    def authorize(self, request: Request) -> Response:
        q = request.query
        problem = self._authorize_problem(q)
        if problem:
            return html_response(consent_page.error_page(problem), 400)
        return html_response(consent_page.consent_page(q, demo.ZOHO_SUBSCRIPTION_NAME))

    def _authorize_problem(self, q: dict[str, str]) -> str | None:
        if q.get("client_id") not in self.world.clients:
            return "Invalid client: no client with this client_id (check the Client ID)."
        if q.get("response_type") != "code":
            return "Invalid response_type: it must be code."
        scopes = q.get("scope", "")
        if not scopes or not all(SCOPE.match(s) for s in scopes.split(",")):
            return f"Invalid scope: {scopes!r}."
        if q.get("redirect_uri") not in self.world.redirect_uris:
            return (
                "Invalid redirect URI: "
                f"{q.get('redirect_uri', '')!r} is not registered for this client."
            )
        if q.get("code_challenge") and q.get("code_challenge_method") != "S256":
            return "Invalid code_challenge_method: only S256 is supported."
        return None

    def decide(self, request: Request) -> Response:
        form = request.form()
        problem = self._authorize_problem(form)
        if problem:
            return html_response(consent_page.error_page(problem), 400)
        target = form["redirect_uri"]
        separator = "&" if "?" in target else "?"
        state = {"state": form["state"]} if "state" in form else {}
        if form.get("decision") != "accept":
            return redirect(target + separator + urlencode({"error": "access_denied", **state}))
        world = self.world
        code = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        with world.lock:
            if not self._code_allowed(form["client_id"]):
                denied = {"error": "access_denied", **state}
                return redirect(target + separator + urlencode(denied))
            offline = form.get("access_type") == "offline" and (
                form["client_id"] not in world.consented or form.get("prompt") == "consent"
            )
            world.consented.add(form["client_id"])
            world.codes[code] = Grant(
                client_id=form["client_id"],
                scope=form["scope"],
                dc=world.user_dc,
                redirect_uri=target,
                expires_at=world.clock.now() + CODE_LIFETIME,
                offline=offline,
                code_challenge=form.get("code_challenge", ""),
            )
        params = {
            **state,
            "code": code,
            "location": world.user_dc,
            "accounts-server": world.dc_urls[world.user_dc],
        }
        return redirect(target + separator + urlencode(params))

    def _code_allowed(self, client_id: str) -> bool:
        """Count a code against the client's 10 in 10 minutes; False once they are spent."""
        now = self.world.clock.now()
        issued = self.world.codes_issued.setdefault(client_id, deque())
        while issued and issued[0] <= now - CODES_WINDOW:
            issued.popleft()
        if len(issued) >= MAX_CODES:
            return False
        issued.append(now)
        return True

    # --- tokens --------------------------------------------------------------------------

    def _client_problem(self, client_id: str, secret: str) -> str | None:
        """Zoho's error for a client at this data centre, or None."""
        world = self.world
        if client_id not in world.clients:
            return "invalid_client"
        if self.dc != world.home_dc and self.dc in world.disabled_dcs:
            return "invalid_client"  # the data centre's toggle is off for the client
        if self.dc != world.home_dc and self.dc in world.dc_secrets:
            expected = world.dc_secrets[self.dc]
            return None if hmac.compare_digest(secret, expected) else "invalid_client"
        if not hmac.compare_digest(secret, world.clients[client_id]):
            return "invalid_client_secret"
        return None

    def token(self, request: Request) -> Response:
        form = request.form()
        problem = self._client_problem(form.get("client_id", ""), form.get("client_secret", ""))
        if problem:
            return json_response({"error": problem})
        grant_type = form.get("grant_type")
        if self.world.token_failure is not None:
            status, body = self.world.token_failure
            return json_response(body, status)
        with self.world.lock:
            if grant_type == "authorization_code":
                return self._patched(self._exchange_code(form))
            if grant_type == "refresh_token":
                return self._patched(self._refresh(form))
        return json_response({"error": "unsupported_grant_type"})

    def _patched(self, response: Response) -> Response:
        patch = self.world.token_patch
        if not patch or response.status != 200:
            return response
        body = json.loads(response.body)
        if "access_token" not in body:
            return response
        body.update(patch)
        return json_response({k: v for k, v in body.items() if v is not None})

    def _exchange_code(self, form: dict[str, str]) -> Response:
        world = self.world
        grant = world.codes.get(form.get("code", ""))
        if grant is not None and grant.dc != self.dc:
            return json_response({"error": "invalid_client"})  # Zoho's answer to a wrong DC
        if grant is None or grant.client_id != form["client_id"]:
            return json_response({"error": "invalid_code"})
        del world.codes[form["code"]]  # single use, whatever happens next
        if grant.expires_at <= world.clock.now():
            return json_response({"error": "invalid_code"})
        if form.get("redirect_uri") != grant.redirect_uri:
            return json_response({"error": "invalid_redirect_uri"})
        if grant.code_challenge and not _pkce_matches(
            form.get("code_verifier", ""), grant.code_challenge
        ):
            return json_response({"error": "invalid_code"})
        body = self._issue_access(None, grant.scope)
        if grant.offline:
            refresh_token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
            world.refresh_tokens[refresh_token] = Grant(grant.client_id, grant.scope, self.dc)
            world.access_tokens[str(body["access_token"])].refresh_token = refresh_token
            world.keep_refresh_limit(grant.client_id)
            body = {
                "access_token": body["access_token"],
                "refresh_token": refresh_token,
                **{k: v for k, v in body.items() if k != "access_token"},
            }
        return json_response(body)

    def _refresh(self, form: dict[str, str]) -> Response:
        world = self.world
        token = form.get("refresh_token", "")
        grant = world.refresh_tokens.get(token)
        if grant is not None and grant.dc != self.dc:
            return json_response({"error": "invalid_client"})
        if grant is None or grant.client_id != form["client_id"]:
            return json_response({"error": "invalid_code"})
        now = world.clock.now()
        while grant.issued and grant.issued[0] <= now - THROTTLE_WINDOW:
            grant.issued.popleft()
        if len(grant.issued) >= THROTTLE_COUNT:
            return json_response(THROTTLED, 400)
        grant.issued.append(now)
        return json_response(self._issue_access(token, grant.scope))

    def _issue_access(self, refresh_token: str | None, scope: str) -> dict[str, object]:
        if refresh_token is not None:
            now = self.world.clock.now()
            active = [
                a
                for a, t in self.world.access_tokens.items()  # insertion order = age
                if t.refresh_token == refresh_token and t.expires_at > now
            ]
            for oldest in active[: max(0, len(active) - MAX_ACTIVE_ACCESS + 1)]:
                del self.world.access_tokens[oldest]
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        self.world.access_tokens[token] = AccessToken(
            refresh_token, scope, self.dc, self.world.clock.now() + ACCESS_LIFETIME
        )
        return {
            "access_token": token,
            "scope": scope.replace(",", " "),
            "api_domain": self.world.dc_urls[self.dc],
            "token_type": "Bearer",
            "expires_in": ACCESS_LIFETIME,
        }

    def revoke(self, request: Request) -> Response:
        """`token` in the form body (as Zoho's SDK sends it: oauth_token.py
        revoke_refresh_token) or the query string (as Zoho's page shows it): Zoho accepts both
        (`Request.form` reads both)."""
        token = request.form().get("token", "")
        if not token:
            return json_response(
                {
                    "error": "invalid_request",
                    "error_description": "token is missing",
                    "status": "failure",
                },
                400,
            )
        with self.world.lock:
            grant = self.world.refresh_tokens.get(token)
            if grant is None or grant.dc != self.dc:
                # HTTP 400 for a token Zoho does not know (revoke-refresh-token.html).
                return json_response({"error": "invalid_token", "status": "failure"}, 400)
            self.world.forget_refresh_token(token)
        return json_response({"status": "success"})


def _pkce_matches(verifier: str, challenge: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(expected, challenge)
