"""Every file and stream ipaas-auth reads has a cap and is read within it: a device, a
directory or a pipe that never ends gets our own one-line error, never a hang, a memory spike
or a crash report (issue 20)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from config.bounded import CHUNK
from config.errors import SecretStorageError
from config.paths import PROFILES_MAX_BYTES, SECRETS_MAX_BYTES, home_dir
from config.secrets import FileSecrets
from config.state import load_state, state_path
from tests.memory_keyring import MemoryKeyring
from tests.streams import HARD_STOP, Counted, EndlessStream, endless_fifo, endless_stdin
from tui.__main__ import main
from tui.core import journal, list_cache
from tui.core.setup import MAX_BYTES as SETUP_MAX_BYTES

PIPE_SLACK = 1024 * 1024  # what a pipe's writer gets ahead of its reader, at most


def one_line_error(capsys: pytest.CaptureFixture[str], *phrases: str) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("ipaas-auth: ")]
    assert len(lines) == 1, err
    assert "unexpected error" not in err and "Traceback" not in err
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    assert not list(home_dir().glob("crash-*.txt"))
    return lines[0]


def home() -> Path:
    home_dir().mkdir(parents=True, exist_ok=True)
    return home_dir()


# --- version apply --from ------------------------------------------------------------------


def test_a_setup_from_dev_zero_is_refused_before_a_byte_is_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["version", "apply", "zoho", "--from", "/dev/zero"]) == 1
    one_line_error(capsys, "/dev/zero is a device", "name a regular file")


def test_a_setup_that_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "apply", "zoho", "--from", str(tmp_path)]) == 1
    one_line_error(capsys, "is a directory")


def test_a_setup_on_stdin_that_never_ends_stops_at_the_cap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin, stream = endless_stdin()
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["version", "apply", "zoho", "--from", "-"]) == 1
    one_line_error(capsys, "standard input is larger than 1 MB")
    assert stream.consumed <= SETUP_MAX_BYTES + CHUNK


def test_a_setup_from_a_pipe_that_never_ends_stops_at_the_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--from <(yes)`: a pipe is read as it comes, and no further than the cap."""
    fifo = tmp_path / "setup.toml"
    with endless_fifo(fifo) as written:
        assert main(["version", "apply", "zoho", "--from", str(fifo)]) == 1
    one_line_error(capsys, f"{fifo} is larger than 1 MB")
    assert written.bytes <= SETUP_MAX_BYTES + CHUNK + PIPE_SLACK


def test_a_binary_setup_file_is_our_error_as_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = b"format = 1\n\xff\xfe\x00\x81 not text"
    path = tmp_path / "setup.toml"
    path.write_bytes(binary)
    assert main(["version", "apply", "zoho", "--from", str(path)]) == 1
    one_line_error(capsys, f"{path} is not UTF-8 text", "byte 11")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(binary)))
    assert main(["version", "apply", "zoho", "--from", "-"]) == 1
    one_line_error(capsys, "standard input is not UTF-8 text")


@pytest.mark.parametrize("nesting", ["a = " + "[" * 100_000, "a = " + "{b=" * 100_000])
def test_a_setup_nested_100000_deep_is_our_error(
    nesting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(f"format = 1\n{nesting}\n")
    assert main(["version", "apply", "zoho", "--from", str(path)]) == 1
    one_line_error(capsys, "nests tables or arrays too deeply", "version export")


# --- profiles.toml ---------------------------------------------------------------------------


def test_profiles_toml_nested_100000_deep_is_our_error(capsys: pytest.CaptureFixture[str]) -> None:
    (home() / "profiles.toml").write_text("[profiles.a]\nx = " + "[" * 100_000 + "\n")
    assert main(["profiles", "list"]) == 1
    one_line_error(capsys, "profiles.toml: tables or arrays nested too deeply", "fix it by hand")


def test_profiles_toml_nested_deeper_than_tomlkit_edits_is_our_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """150 levels: tomllib reads it, tomlkit (which edits) stops at 100."""
    deep = "[" * 150 + "]" * 150
    (home() / "profiles.toml").write_text(f'[profiles.a]\nenvironment = "staging"\nx = {deep}\n')
    assert main(["profiles", "set", "a", "email=me@example.com"]) == 1
    one_line_error(capsys, "cannot be edited", "nothing was changed")


def test_profiles_toml_too_large_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    comment = "# " + "x" * 1000 + "\n"
    (home() / "profiles.toml").write_text(comment * (PROFILES_MAX_BYTES // len(comment) + 1))
    assert main(["profiles", "list"]) == 1
    one_line_error(capsys, "profiles.toml is larger than 1 MB")


def test_profiles_toml_that_is_a_device_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    (home() / "profiles.toml").symlink_to("/dev/zero")
    assert main(["profiles", "list"]) == 1
    one_line_error(capsys, "profiles.toml is a device")


def test_profiles_toml_that_is_a_pipe_is_refused_unread(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with endless_fifo(home() / "profiles.toml") as written:
        assert main(["profiles", "list"]) == 1
    one_line_error(capsys, "profiles.toml is a named pipe")
    assert written.bytes <= PIPE_SLACK


# --- the secrets file, state.json, the list cache, the journal -------------------------------


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b'{"a:b": "\xff"}', "not UTF-8 text"),
        (b"[" * 100_000, "nests too deeply"),
        (b" " * (SECRETS_MAX_BYTES + 1), "larger than 4 MB"),
    ],
)
def test_a_bad_secrets_file_is_our_error(content: bytes, phrase: str) -> None:
    path = home() / "secrets.json"
    path.write_bytes(content)
    with pytest.raises(SecretStorageError, match=phrase):
        FileSecrets(path).get("a", "b")


def test_a_secrets_file_that_is_a_pipe_is_refused_unread() -> None:
    path = home() / "secrets.json"
    with endless_fifo(path) as written, pytest.raises(SecretStorageError, match="named pipe"):
        FileSecrets(path).get("a", "b")
    assert written.bytes <= PIPE_SLACK


def test_a_secret_that_would_make_the_file_unreadable_is_not_stored() -> None:
    secrets = FileSecrets(home() / "secrets.json")
    with pytest.raises(SecretStorageError, match="would grow past 4 MB"):
        secrets.set("a", "b", "x" * SECRETS_MAX_BYTES)
    assert not (home() / "secrets.json").exists()


def test_state_that_is_a_pipe_is_no_state_and_is_not_read() -> None:
    home()
    with endless_fifo(state_path(), b'{"theme": "x", "pad": "' + b"y" * 4096) as written:
        assert load_state() == {}
    assert written.bytes <= PIPE_SLACK


def test_a_list_cache_that_is_a_pipe_is_no_cache_and_is_not_read() -> None:
    identity = list_cache.Identity("demo", "sandbox ", "")
    path = list_cache.cache_path("demo")
    assert path is not None
    path.parent.mkdir(parents=True)
    with endless_fifo(path) as written:
        assert list_cache.load(identity) is None
    assert written.bytes <= PIPE_SLACK


def test_a_profiles_toml_pipe_is_not_read_at_start() -> None:
    """The console's first look at profiles.toml (which list to show at once)."""
    with endless_fifo(home() / "profiles.toml") as written:
        assert list_cache.identity_at_start(None, sandbox=False, env={}) is None
    assert written.bytes <= PIPE_SLACK


def test_a_journal_that_never_ends_is_read_no_further_than_its_cap() -> None:
    path = home() / journal.JOURNAL_FILE
    with endless_fifo(path) as written:
        assert journal.Journal(path).entries() == []
    assert written.bytes <= PIPE_SLACK  # a pipe is no journal: not even opened


def test_a_journal_line_that_never_ends_is_skipped_within_the_cap(tmp_path: Path) -> None:
    path = tmp_path / journal.JOURNAL_FILE
    with path.open("wb") as handle:  # sparse: 64 MB of one line, no newline
        handle.truncate(HARD_STOP)
    counted: list[Counted] = []
    real_open = journal.open_file

    def counting_open(path: Path) -> io.BufferedReader:
        counted.append(Counted(real_open(path)))
        return io.BufferedReader(counted[-1])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal, "open_file", counting_open)
        assert journal.Journal(path).entries() == []
    reads = [c.consumed for c in counted]
    assert 0 < sum(reads) <= journal.MAX_READ + CHUNK, reads


# --- text on stdin: the paste-back of authenticate, a password for login ---------------------


def test_pasted_text_that_never_ends_is_read_no_further_than_its_cap() -> None:
    from tui.commands.pastes import MAX_PASTE_LINE, MAX_PASTED, read_pastes

    pasted: list[str] = []
    said: list[str] = []
    stream = EndlessStream(b"x" * 100 + b"\n")
    read_pastes(io.BufferedReader(stream), pasted.append, said.append)
    assert stream.consumed <= MAX_PASTED + MAX_PASTE_LINE + CHUNK
    assert pasted and all(line == "x" * 100 for line in pasted)
    assert said and "read no further" in said[-1]


def test_a_pasted_line_that_never_ends_is_not_pasted() -> None:
    from tui.commands.pastes import MAX_PASTE_LINE, MAX_PASTED, read_pastes

    pasted: list[str] = []
    said: list[str] = []
    stream = EndlessStream(b"\0")
    read_pastes(io.BufferedReader(stream), pasted.append, said.append)
    assert stream.consumed <= MAX_PASTED + MAX_PASTE_LINE + CHUNK
    assert pasted == []
    assert "longer than 16 KB was ignored" in said[0]


def test_a_password_on_stdin_that_never_ends_is_refused_and_not_stored(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
) -> None:
    from tui.commands.login import MAX_SECRET

    (home() / "profiles.toml").write_text(
        '[profiles.acme]\nenvironment = "staging"\nemail = "me@example.com"\n'
    )
    stdin, stream = endless_stdin(b"p")
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["login", "acme", "--no-verify"]) == 1
    one_line_error(capsys, "longer than 16 KB", "Nothing was stored")
    assert stream.consumed <= MAX_SECRET + CHUNK
    assert not memory_keyring.entries


def test_the_readers_refuse_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from config.bounded import InputError, read_file

    for path, phrase in ((tmp_path, "is a directory"), (Path("/dev/null"), "a device")):
        with pytest.raises(InputError, match=phrase):
            read_file(path, 10)
    path = tmp_path / "ok.json"
    path.write_text(json.dumps({"a": 1}))
    assert read_file(path, 100) == b'{"a": 1}'
    with pytest.raises(InputError, match="larger than 7 bytes"):
        read_file(path, 7)


def test_the_docs_list_every_cap() -> None:
    from config import state, urls
    from config.bounded import size_text
    from tui.clients import http
    from tui.commands import login, pastes, version
    from tui.oauth import listener

    page = Path(__file__).parent.parent.parent / "docs" / "troubleshooting.md"
    limits = page.read_text(encoding="utf-8").split("## Limits", 1)[1].split("\n## ", 1)[0]
    caps = {
        "profiles.toml": PROFILES_MAX_BYTES,
        "secrets file": SECRETS_MAX_BYTES,
        "version setup": SETUP_MAX_BYTES,
        "state.json": state.MAX_BYTES,
        "journal": journal.MAX_READ,
        "pasted address": pastes.MAX_PASTE_LINE,
        "in all": pastes.MAX_PASTED,
        "password": login.MAX_SECRET,
        "y/N": version.MAX_ANSWER,
        "body": http.MAX_BODY,
        "request head": listener.MAX_REQUEST,
    }
    lines = " ".join(limits.split())
    for what, cap in caps.items():
        assert what in lines and size_text(cap) in lines, (what, size_text(cap))
    assert f"{list_cache.MAX_BYTES:,} bytes and {list_cache.MAX_ROWS:,} rows" in lines
    assert f"URLs of {urls.MAX_URL}" in lines and f"paths of {urls.MAX_PATH}" in lines
    assert f"within {http.REQUEST_TIMEOUT:g} s" in lines
