"""The README and docs/ say only what is true: the commands they show parse, the commands
reference is the parser's own help, links lead somewhere, and the pictures are the console as
the snapshot tests draw it today."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import io
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.docs.reference import REGENERATE, render

ROOT = Path(__file__).parent.parent.parent
DOCS = ROOT / "docs"
SNAPSHOTS = ROOT / "tests" / "screens" / "__snapshots__" / "test_snapshots"
GENERATED = DOCS / "commands.md"  # the parser's own usage lines: true by construction


def pages() -> list[Path]:
    """Every page a reader may follow, the generated reference aside."""
    return [ROOT / "README.md", *(p for p in sorted(DOCS.glob("*.md")) if p != GENERATED)]


def test_the_commands_reference_is_up_to_date() -> None:
    written = GENERATED.read_text(encoding="utf-8") if GENERATED.exists() else ""
    expected = render()
    if written != expected:
        diff = difflib.unified_diff(
            written.splitlines(),
            expected.splitlines(),
            "docs/commands.md",
            "the parser",
            n=1,
            lineterm="",
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(f"docs/commands.md is out of date: run `{REGENERATE}`\n{shown}")


@pytest.mark.parametrize("table", ["environment", "exit codes"])
def test_the_scripts_page_shows_the_tables_the_help_prints(table: str) -> None:
    """One table in the code (tui/commands/help_text.py) for `ipaas-auth --help` and the page."""
    from tui.commands.help_text import markdown_table

    page = (DOCS / "scripts.md").read_text(encoding="utf-8")
    assert markdown_table(table) in page, f"docs/scripts.md: paste\n{markdown_table(table)}"


def test_the_reference_is_the_same_in_any_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = render()
    monkeypatch.setenv("COLUMNS", "40")
    assert render() == wide


# --- the commands the pages show ---------------------------------------------------------------

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
SPAN = re.compile(r"`([^`]+)`")
# `ipaas-auth` as a command, not inside a path, a URL or a longer word.
COMMAND = re.compile(r"(?<![\w/.\\-])ipaas-auth(?![\w/.\\-])")
SUBSTITUTION = re.compile(r"[<$]\([^()]*\)")  # <(…) or $(…): one word, whatever it runs
SHELL = ("|", ">", "<", ";", "&", "2>")


@dataclass(frozen=True)
class Mention:
    """A command a page shows: where, and the words after `ipaas-auth`."""

    where: str
    text: str


def code_in(text: str) -> Iterator[tuple[int, str]]:
    """The code of a Markdown page, with the line it starts on: each fenced block's lines (a
    trailing backslash joins the next), and each inline code span (which may wrap lines)."""
    prose = text
    for block in FENCE.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        joined = block.group(1).replace("\\\n", " ")
        for offset, line in enumerate(joined.splitlines()):
            yield first + offset, line
        prose = prose.replace(block.group(0), "\n" * block.group(0).count("\n"), 1)
    for span in SPAN.finditer(prose):
        yield prose.count("\n", 0, span.start()) + 1, span.group(1).replace("\n", " ")


def mentions(text: str, name: str) -> Iterator[Mention]:
    for line, code in code_in(text):
        for found in COMMAND.finditer(code):
            rest = SUBSTITUTION.sub("FILE", code[found.end() :])
            rest = rest.split(")", 1)[0]  # the end of a substitution it was written in
            yield Mention(f"{name}:{line}", rest.strip())


def words(rest: str) -> list[str]:
    """The arguments a reader would type: shell operators end them, `[--x]` is `--x`,
    `a|b|c` is `a`, and `…` stands for nothing."""
    result = []
    for word in shlex.split(rest, comments=True):
        if word.startswith(SHELL):
            break
        word = word.strip("[]")
        if "|" in word:
            word = word.split("|", 1)[0]
        if word and word not in ("…", "..."):
            result.append(word)
    return result


@functools.cache
def parser() -> argparse.ArgumentParser:
    from tui.__main__ import build_parser

    return build_parser()


def parse_error(argv: list[str]) -> str | None:
    """argparse's complaint about `ipaas-auth ARGV`, or None when it parses; nothing runs."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            parser().parse_args(argv)
        except SystemExit as exit_:  # --help and --version exit 0 after printing
            if exit_.code not in (0, None):
                return err.getvalue().strip().splitlines()[-1]
    return None


def problems(text: str, name: str) -> list[str]:
    found = []
    for mention in mentions(text, name):
        try:
            argv = words(mention.text)
        except ValueError as error:  # an unbalanced quote
            found.append(f"{mention.where}: `ipaas-auth {mention.text}`: {error}")
            continue
        error = parse_error(argv)
        if error:
            found.append(f"{mention.where}: `ipaas-auth {' '.join(argv)}`: {error}")
    return found


def test_every_command_the_pages_show_parses() -> None:
    found, count = [], 0
    for page in pages():
        text = page.read_text(encoding="utf-8")
        count += sum(1 for _ in mentions(text, page.name))
        found += problems(text, str(page.relative_to(ROOT)))
    assert count >= 60, f"only {count} commands found in the pages: is the extraction broken?"
    assert not found, "commands that the parser refuses:\n" + "\n".join(found)


def test_the_readme_shows_the_commands_a_newcomer_needs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = {tuple(words(m.text)[:1]) for m in mentions(readme, "README.md")}
    for command in ("profiles", "login", "doctor", "status", "authenticate", "token", "version"):
        assert (command,) in shown, command


@pytest.mark.parametrize(
    ("page", "complaint"),
    [
        ("Run `uv run ipaas-auth tokenz`.", "invalid choice: 'tokenz'"),
        ("```sh\nipaas-auth doctor --check-wrote X   # typo\n```", "unrecognized arguments"),
        ("`ipaas-auth version apply X`", "one of the arguments --preset --from is required"),
        ("See `ipaas-auth profiles\nset`.", "the following arguments are required"),
        ("`source <(ipaas-auth completion tcsh)`", "invalid choice: 'tcsh'"),
        ("`ipaas-auth history --limit N`", "invalid int value: 'N'"),
    ],
)
def test_a_command_the_parser_refuses_is_reported(page: str, complaint: str) -> None:
    found = problems(page, "page.md")
    assert len(found) == 1 and complaint in found[0], found


@pytest.mark.parametrize(
    "page",
    [
        "`uv run ipaas-auth`, then `q`",
        "`ipaas-auth --version` and `ipaas-auth status --help`",
        "`ipaas-auth version apply X --from <(ssh host ipaas-auth version export X)`",
        "```sh\nipaas-auth tokens refresh|verify|revoke SUB [--yes]   # also: --all\n```",
        "```sh\nprintf '%s\\n' \"$P\" | uv run ipaas-auth login acme > /dev/null\n```",
        "`ipaas-auth integrations >&-` and `ipaas-auth --debug …`",
        "files in `~/.config/ipaas-auth/`, `%LOCALAPPDATA%\\ipaas-auth\\`, `ipaas-auth/0.1.0`",
    ],
)
def test_what_a_reader_types_parses(page: str) -> None:
    assert problems(page, "page.md") == []


def test_shell_around_a_command_is_not_taken_for_it() -> None:
    text = "```sh\nipaas-auth version export X > setup.toml   # then\n```"
    assert [words(m.text) for m in mentions(text, "p")] == [["version", "export", "X"]]


# --- links and pictures ------------------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for a page's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_every_link_between_the_pages_leads_somewhere() -> None:
    broken = []
    for page in [*pages(), GENERATED]:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            path, _, fragment = target.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.name}: {target} (no such file)")
            elif fragment and file.suffix == ".md" and fragment not in anchors(file):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


def test_every_page_is_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        assert f"(docs/{page.name})" in readme, page.name


def test_the_pictures_are_the_console_as_it_looks_today() -> None:
    pictures = sorted((DOCS / "images").glob("*.svg"))
    assert pictures
    for picture in pictures:
        snapshot = SNAPSHOTS / f"test_screen[{picture.stem}].svg"
        copy = f"cp '{snapshot.relative_to(ROOT)}' '{picture.relative_to(ROOT)}'"
        assert snapshot.exists(), f"{picture.name} names no snapshot: test_screen[{picture.stem}]"
        assert picture.read_bytes() == snapshot.read_bytes(), f"the snapshot changed: {copy}"
