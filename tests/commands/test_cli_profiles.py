"""The `ipaas-auth profiles` commands, run as a user runs them (in-process, tests/cli.py)."""

from __future__ import annotations

from pathlib import Path

from tests.cli import Result, run_cli


def run(*args: str) -> Result:
    return run_cli(*args)


def test_set_list_show_default_remove(isolated_home: Path) -> None:
    created = run(
        "profiles",
        "set",
        "acme",
        "environment=staging",
        "email=i@example.com",
        "callback_port=9000",
        "pkce=true",
    )
    assert created.returncode == 0, created.stderr
    run("profiles", "set", "prod", "environment=production")
    listed = run("profiles", "list")
    assert listed.stdout.splitlines() == [
        "* acme\tstaging\ti@example.com",
        "  prod\tproduction\t-",
    ]
    shown = run("profiles", "show", "acme").stdout
    assert "callback_port = 9000" in shown
    assert "pkce = true" in shown
    assert "# register in Zoho's API console: http://localhost:9000/callback" in shown
    assert run("profiles", "default", "prod").returncode == 0
    assert run("profiles", "list").stdout.startswith("  acme")
    assert run("profiles", "set", "acme", "callback_port=").returncode == 0
    assert "callback_port = 8976" in run("profiles", "show", "acme").stdout
    assert run("profiles", "remove", "acme").returncode == 0
    assert run("profiles", "list").stdout.splitlines() == ["* prod\tproduction\t-"]


def test_errors_are_one_line_on_stderr_with_nonzero_exit(isolated_home: Path) -> None:
    cases = [
        (("profiles", "show", "ghost"), "No profile 'ghost'"),
        (("profiles", "set", "a", "password=hunter2"), "unknown key 'password'"),
        (("profiles", "set", "a", "zoho_dc=mars"), "zoho_dc 'mars' is unknown"),
        (("profiles", "set", "a", "callback_port=http"), "must be a whole number"),
        (("profiles", "set", "a", "environment"), "is not KEY=VALUE"),
        (("profiles", "set", "bad name!", "environment=staging"), "is not allowed"),
        (("profiles", "remove", "ghost"), "No profile 'ghost'"),
        (("profiles", "default", "ghost"), "No profile 'ghost'"),
    ]
    for args, reason in cases:
        result = run(*args)
        assert result.returncode == 1, args
        assert result.stderr.count("\n") == 1, result.stderr
        assert reason in result.stderr, (args, result.stderr)
    assert not (isolated_home / "profiles.toml").exists()


def test_broken_file_reported_with_line_and_untouched(isolated_home: Path) -> None:
    isolated_home.mkdir()
    path = isolated_home / "profiles.toml"
    path.write_text("[profiles.a]\nenvironment = staging\n")
    result = run("profiles", "set", "a", "email=i@example.com")
    assert result.returncode == 1
    assert f"{path}:2:" in result.stderr
    assert path.read_text() == "[profiles.a]\nenvironment = staging\n"
