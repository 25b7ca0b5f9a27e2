"""What a sign-in's data says in words, the same on the screen and from the command: where the
tokens were kept, why it stopped, what the browser plan means. No key names: each face adds
its own ("press u", "paste on stdin")."""

from __future__ import annotations

from typing import Literal

from tui.core.authenticate_data import (
    Authenticated,
    Browser,
    Caution,
    Kept,
    SignIn,
    Stopped,
    Why,
)
from tui.oauth.browser import SSH_HOST_ENV, SSH_HOST_PLACEHOLDER, BrowserPlan
from tui.oauth.ports import port_owner_command

Severity = Literal["information", "warning", "error"]

NO_REFRESH_TOKEN = (
    "Zoho sent no refresh token, so these tokens stop working within the hour: Zoho sends one "
    "only on the first consent for a client. Add &prompt=consent to the version's OAuth "
    "template, or revoke this app at Zoho (accounts.zoho.com, Connected Apps), then "
    "authenticate again."
)

CANCELLED = "Sign-in cancelled; the callback port is closed."

PLANS = {
    "browser-env": "Opening it with $BROWSER.",
    "suppressed": "BROWSER says not to open a browser: open the URL yourself.",
    "no-browser": "--no-browser: open the URL yourself.",
    "ssh": "This is an SSH session: open the URL in a browser on your own machine.",
    "no-display": "No browser can be opened on this machine (no display).",
    "desktop": "Opening it in your browser.",
    "web": "Opening it in your browser (textual serve).",
    "wsl": "Opening it in your Windows browser.",
}


def plan_text(plan: BrowserPlan) -> str:
    return PLANS[plan.reason]


def minutes(seconds: float) -> str:
    """`4:59`, `1:00:00`: what is left of a countdown, rounded down to the second."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def open_in_text(sign_in: SignIn) -> str:
    """The browser to open the URL in by hand: with no display here (and no SSH), "a browser
    that can reach this machine's port 8976" ("ports 8976 and 41234" with the sandbox's
    page); else "a browser"."""
    if sign_in.browser is not Browser.REACHING or not sign_in.ports:
        return "a browser"
    noun = "port" if len(sign_in.ports) == 1 else "ports"
    ports = " and ".join(str(port) for port in sign_in.ports)
    return f"a browser that can reach this machine's {noun} {ports}"


def forward_lead(sign_in: SignIn) -> str:
    """What the `ssh -L` command is to the person: over SSH the first thing to run on their
    own machine; with no display here, the way to sign in from another machine."""
    if sign_in.browser is Browser.OWN_MACHINE:
        return "On your own machine, run this first"
    return "To use a browser on another machine, run this there first"


def forward_text(sign_in: SignIn) -> str:
    """What the `ssh -L` command (`sign_in.forward_command`) is for, and the placeholder to
    replace in it; the faces show it after `forward_lead`, and how to copy it."""
    page = f"The sign-in page is served on this machine (the sandbox, port {sign_in.page_port})"
    browser = (
        "the browser on your own machine"
        if sign_in.browser is Browser.OWN_MACHINE
        else "a browser there"
    )
    if sign_in.page_port is None:
        why = f"It forwards the callback port, so that {browser} reaches this listener."
    elif sign_in.port_busy:
        why = f"{page}, which {browser} cannot reach: it forwards that port."
    else:
        why = f"{page}, as is the listener, and {browser} reaches neither: it forwards both ports."
    if sign_in.forward_host_known:
        return why
    return (
        f"{why} Replace {SSH_HOST_PLACEHOLDER} with what you type after ssh to reach this "
        f"machine (set {SSH_HOST_ENV} to have it filled in)."
    )


def port_busy_text(sign_in: SignIn) -> str:
    port = sign_in.port
    return (
        f"Port {port} is already in use by another program, so the browser's redirect cannot "
        "reach ipaas-auth (that program receives it instead: make sure it is yours). You can "
        "still finish: after you accept, paste the address your browser ends up on (an error "
        f"page is fine). To use the listener, stop that program{port_owner_hint(port)} or set "
        f"another port: `ipaas-auth profiles set {sign_in.profile} callback_port=PORT`, and "
        "register the new redirect URI in Zoho's API console."
    )


def port_owner_hint(port: int) -> str:
    """ " (`lsof -i :8976` shows which)", ready to follow "stop that program"; "" without a tool."""
    command = port_owner_command(port)
    return f" ({command} shows which)" if command else ""


def caution_text(caution: Caution) -> str:
    """A pre-flight caution in words."""
    return caution.detail or f"Before signing in: {caution.kind}."


def stopped_text(stopped: Stopped) -> str:
    """Why the sign-in stopped and what to do next."""
    if stopped.why is Why.DECLINED:
        return "The sign-in was not started."
    if stopped.why is Why.TIMED_OUT:
        if stopped.by_option:
            return (
                f"No answer from the browser within {stopped.waited:g} s (--timeout); give "
                "more with --timeout SECONDS."
            )
        return (
            f"No answer from the browser within {stopped.waited:g} s, the profile's "
            f"auth_timeout (`ipaas-auth profiles set {stopped.profile} auth_timeout=SECONDS` "
            "allows more)."
        )
    if stopped.why is Why.UNEXPECTED:
        return (
            f"The sign-in stopped on an unexpected error ({stopped.detail}). The callback port "
            "is closed. If it happens again, run with --debug and report it with debug.log."
        )
    return stopped.detail  # Zoho's refusal, or our own error: each says what to do


def kept_in_text(done: Authenticated) -> str:
    """Where this machine keeps the tokens, in words ("" for nowhere)."""
    return {
        Kept.KEYRING: "the keyring",
        Kept.SECRETS_FILE: f"the secrets file {done.secrets_file}",
        Kept.MEMORY: "memory until you quit (no usable keyring)",
        Kept.NOWHERE: "",
    }[done.kept]


def kept_nowhere_text(done: Authenticated) -> str:
    """Why nothing that outlives this process has the tokens (`done.kept_nowhere`)."""
    where = done.keep_error
    ipaas = (
        f"iPaaS.com did not take them: {done.push_error}"
        if done.push_error
        else "They were not sent to iPaaS.com (push_tokens is off)."
    )
    return f"{where} {ipaas}"


def completion_notice(done: Authenticated) -> tuple[str, Severity]:
    """Where the new tokens were kept, and how bad it is; first of all, that there is no
    refresh token when Zoho sent none (a re-consent)."""
    message, severity = _kept_notice(done)
    if done.tokens.refresh_token:
        return message, severity
    return f"{NO_REFRESH_TOKEN} {message}", "error" if severity == "error" else "warning"


def _kept_notice(done: Authenticated) -> tuple[str, Severity]:
    where = kept_in_text(done)
    if where and done.pushed:
        return (
            f"Authenticated: tokens saved in {where} and in the subscription's data.",
            "information",
        )
    if where and not done.push_error:
        return f"Authenticated: tokens saved in {where}.", "information"
    if where:
        return f"Tokens saved in {where}, but not on iPaaS.com: {done.push_error}", "warning"
    if done.pushed:
        return (
            "Tokens saved in the subscription's persistent data on iPaaS.com, but nothing was "
            f"kept on this machine: {done.keep_error}",
            "warning",
        )
    also = f" iPaaS.com did not take them either: {done.push_error}" if done.push_error else ""
    return f"The tokens are kept nowhere: {done.keep_error}{also}", "error"
