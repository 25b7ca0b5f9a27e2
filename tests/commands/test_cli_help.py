"""`--help` teaches: every command's help ends with examples that parse, and the top level says
that no command opens the console, and lists the environment variables and the exit codes (one
table in tui/commands/help_text.py, which docs/scripts.md shows too)."""

from __future__ import annotations

import pytest

from tests.cli import run_cli
from tests.docs.reference import commands
from tests.docs.test_docs import parse_error, words
from tui.__main__ import build_parser
from tui.commands.help_text import ENVIRONMENT, EXIT_CODES

EVERY_COMMAND = [
    parser.prog.removeprefix("ipaas-auth").split() for parser, _ in commands(build_parser())
]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_every_help_ends_with_examples_that_parse(command: list[str]) -> None:
    shown = run_cli(*command, "--help")
    assert shown.returncode == 0, shown.stderr
    examples = shown.stdout.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    runs = [line.strip() for line in examples if line.strip().startswith("ipaas-auth")]
    assert runs, shown.stdout
    assert any(line.startswith(" ".join(["ipaas-auth", *command])) for line in runs)
    for line in runs:
        argv = words(line.removeprefix("ipaas-auth"))
        assert parse_error(argv) is None, f"{line}: {parse_error(argv)}"


def test_the_top_level_help_promises_no_console_and_lists_variables_and_exit_codes() -> None:
    shown = run_cli("--help").stdout
    text = " ".join(shown.split())
    assert "No command opens it" in text
    assert "--profile, --json and --debug go before or after the command's name" in text
    variables = shown.split("\nenvironment variables:\n", 1)[1].split("\n\n", 1)[0]
    for names, _, _ in ENVIRONMENT:
        for name in names.split(", "):
            assert name in variables, name
    codes = shown.split("\nexit codes:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[0] for line in codes] == [str(code) for code, _ in EXIT_CODES]
