"""A value from profiles.toml (or echoed in an error) cannot drive the terminal it is printed on."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.cli import Result, run_cli
from tests.console import write_profiles
from tui.commands.printable import printable

ROOT = Path(__file__).parent.parent.parent
CONTROLS = "\x1b\x07\r\x9b\u202e"  # ESC, BEL, CR, a C1 control (CSI), a bidi override

# TOML escapes, so the file itself is plain text. A key ipaas-auth knows cannot hold a control
# character (it is refused when the file is read); a key it does not know is kept as it is,
# and shown: ESC BEL in its name, ESC, CR, a C1 control and a bidi override in its value.
HOSTILE = r"""
[profiles.acme]
environment = "staging"
email = "me@example.com"
"note\u001b]0;pwned\u0007" = "x\u001b[2J\r\u009b2J\u202eid"
"""


def run(*args: str) -> Result:
    return run_cli(*args)


def assert_inert(text: str) -> None:
    assert not any(char in text for char in CONTROLS), repr(text)


def test_printable_escapes_controls_and_keeps_the_rest() -> None:
    assert printable("a\x1b[31mb\x07c\rd\x9be\u202ef\tg\nh") == (
        "a\\x1b[31mb\\x07c\\x0dd\\x9be\\u202ef\\x09g\\x0ah"
    )
    kept = "Zoho Commerce \u2013 D\u00e9mo \u5e97 \U0001f6d2"
    assert printable(kept) == kept


def test_list_and_show_escape_values_from_the_file() -> None:
    write_profiles(HOSTILE)
    listed = run("profiles", "list")
    assert listed.returncode == 0, listed.stderr
    assert_inert(listed.stdout)
    shown = run("profiles", "show", "acme")
    assert shown.returncode == 0, shown.stderr
    assert_inert(shown.stdout)
    # TOML's own escapes: the output is a valid document, and inert.
    assert '"note\\u001b]0;pwned\\u0007" = ' in shown.stdout
    assert "\\u009b" in shown.stdout and "\\u202e" in shown.stdout
    extra = tomllib.loads(shown.stdout)["note\x1b]0;pwned\x07"]
    assert extra == "x\x1b[2J\r\x9b2J\u202eid"


def test_a_known_key_with_a_control_character_is_refused_when_read_and_echoed_escaped() -> None:
    write_profiles(
        '[profiles.acme]\nenvironment = "staging"\nemail = "me\\u001b[31m\\u0007@example.com"\n'
    )
    listed = run("profiles", "list")
    assert listed.returncode == 1
    assert_inert(listed.stderr)
    assert "email 'me\\x1b[31m\\x07@example.com' has a control character" in listed.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("profiles", "set", "acme", "email=\x1b[31mnot-an-email"),
        ("profiles", "set", "acme", "zoho_dc=\x9b2Jus"),
        ("profiles", "set", "ac\x1bme", "environment=staging"),
        ("profiles", "set", "acme", "\x07bell=1"),
        ("profiles", "show", "gh\rost"),
    ],
)
def test_errors_that_echo_a_value_escape_it(args: tuple[str, ...]) -> None:
    write_profiles(HOSTILE)
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert_inert(result.stderr)


def test_a_bad_value_in_the_file_is_echoed_escaped() -> None:
    write_profiles('[profiles.acme]\nenvironment = "\\u001b[2Jprod\\u0007"\n')
    result = run("profiles", "list")
    assert result.returncode == 1
    assert_inert(result.stderr)
    assert "\\x1b[2Jprod\\x07" in result.stderr


@pytest.mark.parametrize("command", ["integrations", "subscriptions"])
def test_lists_escape_the_servers_names(command: str) -> None:
    from tests.commands.test_cli_commands import ipaas_auth, sandbox_profile
    from tests.hostile import ESCAPE, seed_hostile
    from tui.sandbox import demo, start_sandbox

    with start_sandbox(integrations=8, subscriptions=8) as sandbox:
        seed_hostile(sandbox)
        sandbox_profile(sandbox)
        listed = ipaas_auth(command, env={"IPAAS_AUTH_PASSWORD": demo.IPAAS_PASSWORD})
    assert listed.returncode == 0, listed.stderr
    assert ESCAPE.replace("\x1b", "\\x1b") in listed.stdout
    assert "\x1b" not in listed.stdout


def test_notes_on_stderr_escape_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    """A note often quotes a server's text (a push error, a caution): its ESC cannot clear the
    screen; its own line breaks stay."""
    from tui.commands.output import note

    note("ipaas-auth: not on iPaaS.com: \x1b[2Jgone\u202e\nsecond line")
    assert (
        capsys.readouterr().err
        == "ipaas-auth: not on iPaaS.com: \\x1b[2Jgone\\u202e\nsecond line\n"
    )
