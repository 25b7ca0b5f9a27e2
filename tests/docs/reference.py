"""docs/commands.md, generated from the command line's own parser so that the reference never
says what the parser does not (a test compares the two). Regenerate it with

    uv run python -m tests.docs.reference > docs/commands.md

Help is formatted for a 100-column terminal whatever the current one is, so the output is the
same on every machine. Nothing in the tool imports this module.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterator

REGENERATE = "uv run python -m tests.docs.reference > docs/commands.md"
WIDTH = 100


def commands(
    parser: argparse.ArgumentParser, help: str = ""
) -> Iterator[tuple[argparse.ArgumentParser, str]]:
    """The parser and every sub-command's parser, depth first, each with its one-line help."""
    yield parser, help
    # argparse has no public way to list sub-parsers; shtab and sphinx-argparse read these too.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield from commands(child, helps.get(name, ""))


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading made of words and hyphens."""
    return heading.lower().replace(" ", "-")


def render() -> str:
    """The whole of docs/commands.md."""
    from tui.__main__ import build_parser

    sections = []
    for parser, help in commands(build_parser()):
        # Its own formatter (examples kept as written), at one width on every machine.
        parser.formatter_class = functools.partial(parser.formatter_class, width=WIDTH)
        # The help once: most sub-commands print it as their description already.
        summary = "" if help == parser.description else help
        sections.append((parser.prog, summary, parser.format_help().rstrip()))
    lines = [
        "# Commands reference",
        "",
        "<!-- Generated from the parser (tui/__main__.py, tui/commands/parser.py) by",
        f"     {REGENERATE}",
        "     Do not edit by hand: change the parser's help, then regenerate. -->",
        "",
        "Each command's `--help`, as it prints it. How the commands behave together (naming an",
        "item, the environment variables, exit codes) is in [Commands for scripts](scripts.md);",
        "what `--json` prints is in [JSON documents](json.md).",
        "",
    ]
    lines += [f"- [`{prog}`](#{anchor(prog)})" for prog, _, _ in sections]
    for prog, help, text in sections:
        lines += ["", f"## {prog}", ""]
        if help:
            lines += [help[0].upper() + help[1:] + ".", ""]
        lines += ["```text", text, "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.buffer.write(render().encode())
