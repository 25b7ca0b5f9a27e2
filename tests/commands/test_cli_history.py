"""`history`, `undo` and `version show` as a script runs them, in-process (`main(argv)`) against
the strict sandbox: the seed's change round-trips exactly, a later change is a conflict (exit 4),
and a value iPaaS.com did not send is said to be so, never shown as empty."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from config.zoho import ZOHO_COMMERCE_TEMPLATE
from tests.console import sandbox_profile_toml, write_profiles
from tui.__main__ import main
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.clock import FakeClock


def stored(sandbox: SandboxServer) -> dict[str, Any]:
    return sandbox.ipaas.data.integrations[sandbox.ipaas.data.zoho_integration_id]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    capsys.readouterr()
    status = main([*argv, "--json"])
    out = capsys.readouterr().out
    return status, json.loads(out) if out.strip() else None


@pytest.fixture
def profile(sandbox: SandboxServer) -> SandboxServer:
    write_profiles(sandbox_profile_toml(sandbox))
    return sandbox


def test_history_and_undo_round_trip_the_seed_exactly(
    profile: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    original = copy.deepcopy(stored(profile))
    assert main(["version", "apply", "zoho", "--preset", "zoho-commerce", "--yes"]) == 0
    assert stored(profile)["versions"][0]["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
    status, history = run_json(capsys, "history")
    assert status == 0
    assert [(e["kind"], e["outcome"]["status"]) for e in history] == [
        ("authorization_type", "ok"),
        ("version", "ok"),
    ]
    version_entry = history[1]
    capsys.readouterr()
    assert main(["history"]) == 0
    # What the seed changed, by name; parent_id, derived for the write, is not a change.
    text = capsys.readouterr().out
    assert "Zoho Commerce 1.0.0  oauth_url_template, custom_fields  -> ok" in text
    assert set(version_entry) >= {
        "id",
        "at",
        "profile",
        "environment",
        "company",
        "kind",
        "item",
        "before",
        "sent",
        "outcome",
    }
    assert version_entry["profile"] == "demo"
    assert "oauth_url_template" in version_entry["before"]
    assert version_entry["sent"]["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE

    status, dry = run_json(capsys, "undo", "--dry-run")  # the latest: the type
    assert status == 0 and dry["dry_run"] and not dry["written"]
    assert dry["diff"][0] == "Authorization type (of the integration)"
    assert stored(profile)["oauth_authorization_type_id"] == 1
    assert main(["undo", "--yes"]) == 0
    assert main(["undo", version_entry["id"], "--yes"]) == 0
    assert stored(profile) == original

    capsys.readouterr()
    assert main(["history", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert f"undoes {version_entry['id']}" in lines[0]


def test_undo_after_a_later_change_is_a_conflict_exit_4(
    profile: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["version", "apply", "zoho", "--preset", "zoho-commerce", "--yes"]) == 0
    _, history = run_json(capsys, "history")
    stored(profile)["versions"][0]["oauth_url_template"] = "edited in the portal"
    capsys.readouterr()
    assert main(["undo", history[1]["id"], "--yes"]) == 4
    assert "edited in the portal" in capsys.readouterr().err
    assert stored(profile)["versions"][0]["oauth_url_template"] == "edited in the portal"


def test_undo_with_nothing_in_the_journal_says_so(
    profile: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["undo", "--yes"]) == 1
    assert "no change in the journal" in capsys.readouterr().err
    assert main(["history"]) == 0
    assert "No change has been made" in capsys.readouterr().out


@pytest.fixture
def fallback_profile() -> Iterator[SandboxServer]:
    server = start_sandbox(
        clock=FakeClock(), integrations=2, subscriptions=1, integrators_read=False
    )
    stored(server)["versions"][0]["oauth_url_template"] = ZOHO_COMMERCE_TEMPLATE
    write_profiles(sandbox_profile_toml(server))
    yield server
    server.stop()


def test_show_says_what_the_fallback_read_did_not_send(
    fallback_profile: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status, shown = run_json(capsys, "version", "show", "zoho")
    assert status == 0
    assert shown["read_from"] == "subscriptions"
    assert shown["oauth_url_template"] is None
    assert set(shown["not_sent"]) >= {"oauth_url_template", "authorization_type_id"}
    capsys.readouterr()
    assert main(["version", "show", "zoho"]) == 0
    text = capsys.readouterr().out
    assert "OAuth URL template\n  (not sent by iPaaS.com)" in text
    assert "Authorization type  (not sent by iPaaS.com)" in text
    assert "(empty)" not in text


def test_apply_with_the_fallback_refuses_and_keeps_the_template(
    fallback_profile: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["version", "apply", "zoho", "--preset", "zoho-commerce", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "Not saved" in err and "Nothing was sent" in err
    assert stored(fallback_profile)["versions"][0]["oauth_url_template"] == ZOHO_COMMERCE_TEMPLATE
    assert not [m for m, _ in fallback_profile.ipaas.requests if m == "PUT"]
