"""Every request to iPaaS.com and Zoho names the tool and its version (`User-Agent:
ipaas-auth/VERSION`), as seen on the wire by the debug trace of a real sign-in against the
sandbox: iPaaS.com's log-in, reads and token push, and Zoho's token exchange."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

from tests.cli import run_cli
from tests.console import write_profiles
from tui.clients import trace
from tui.sandbox import SandboxServer
from tui.version import package_version, user_agent

ROOT = Path(__file__).parent.parent.parent


def test_the_version_is_the_installed_distributions() -> None:
    assert package_version() == version("ipaas-auth")
    assert user_agent() == f"ipaas-auth/{version('ipaas-auth')}"


def test_every_request_of_a_sign_in_names_the_tool(auth_sandbox: SandboxServer, port: int) -> None:
    write_profiles(
        f'secret_storage = "file"\ndefault = "demo"\n[profiles.demo]\nenvironment = "sandbox"\n'
        f'api_url = "{auth_sandbox.url}"\ncallback_port = {port}\n'
    )
    stand_in = ROOT / "tests" / "stand_in_browser.py"
    done = run_cli(
        "--debug",
        "authenticate",
        "demo store",
        env={"BROWSER": f"{sys.executable} {stand_in} %s"},
    )
    assert done.returncode == 0, done.stderr
    requests: list[tuple[str, list[str]]] = []
    for line in trace.log_path().read_text().splitlines():
        if " > " in line and not line.startswith(" "):
            requests.append((line.split(" > ", 1)[1], []))
        elif line.startswith("  > ") and requests:
            requests[-1][1].append(line[4:])
    zoho_token = auth_sandbox.world.dc_urls["us"] + "/oauth/v2/token"
    assert any(request == f"POST {zoho_token}" for request, _ in requests), requests
    assert any("/sso/v2/Auth/Login" in request for request, _ in requests), requests
    for request, headers in requests:
        assert f"user-agent: ipaas-auth/{version('ipaas-auth')}" in headers, request
