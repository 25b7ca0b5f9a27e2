"""Property tests for the readers of files and standard input: whatever bytes they are fed,
however many, even a stream that never ends, each finishes with a result or our own error
(never UnicodeDecodeError, RecursionError or MemoryError), having read no more than its cap.
Bytes consumed are counted; nothing here is timed."""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import config.bounded
from config.bounded import CHUNK
from config.errors import ConfigError
from config.paths import PROFILES_MAX_BYTES, SECRETS_MAX_BYTES
from config.profiles import ProfileStore
from config.secrets import FileSecrets
from tests.streams import Counted, EndlessStream
from tui.commands import CommandError
from tui.commands.pastes import MAX_PASTE_LINE, MAX_PASTED, read_pastes
from tui.core.setup import MAX_BYTES as SETUP_MAX_BYTES
from tui.core.setup import VersionSetup
from tui.oauth.callback_result import InvalidCallback, parse_pasted

OURS = (ConfigError, CommandError)
CHECKS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Bytes that look like what these files hold, and what they must survive.
pieces = st.sampled_from(
    [
        b"format = 1\n",
        b"[profiles.a]\n",
        b'environment = "staging"\n',
        b'api_url = "http://127.0.0.1:1/\\u001b[2J"\n',
        b"[profiles.a.endpoints]\n",
        b'integrations = "GET /x\\u0000"\n',
        b"[[custom_fields]]\n",
        b'key = "k"\nvalue = "v"\n',
        b'{"a:b": "c"}',
        b"a = [",
        b"{b=",
        b"[" * 600,
        b'"',
        b"\n",
        b"\xff\xfe",
        b"\x00",
        b"\xc3",
        "é😀\u202e".encode(),
    ]
)
contents = st.lists(pieces, max_size=30).map(b"".join) | st.binary(max_size=2048)
deep = st.integers(min_value=1, max_value=120_000).map(lambda n: b"x = " + b"[" * n + b"\n")


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def file_readers(folder: Path) -> dict[str, tuple[Path, Callable[[Path], object]]]:
    """Each reader of a file, with where its file is and its cap."""
    return {
        "setup": (folder / "setup.toml", lambda path: VersionSetup.read(str(path))),
        "profiles": (folder / "profiles.toml", lambda path: ProfileStore(path).load()),
        "secrets": (folder / "secrets.json", lambda path: FileSecrets(path).get("a", "b")),
    }


CAPS = {"setup": SETUP_MAX_BYTES, "profiles": PROFILES_MAX_BYTES, "secrets": SECRETS_MAX_BYTES}


def read_counted(
    monkeypatch: pytest.MonkeyPatch, read: Callable[[], object]
) -> tuple[int, Exception | None]:
    """Run `read`: the bytes the bounded reader took from the file, and our error if any
    (any other escapes, and fails the test)."""
    counted: list[Counted] = []
    real = config.bounded.read_stream

    def counting(stream: IO[Any], limit: int, name: str, **kwargs: Any) -> bytes:
        counted.append(Counted(stream))
        return real(counted[-1], limit, name, **kwargs)

    monkeypatch.setattr(config.bounded, "read_stream", counting)
    error: Exception | None = None
    try:
        read()
    except OURS as exc:
        error = exc
    finally:
        monkeypatch.setattr(config.bounded, "read_stream", real)
    return sum(c.consumed for c in counted), error


@CHECKS
@given(content=contents | deep)
@example(content=b"format = 1\n" + b"a = " + b"[" * 100_000)
@example(content=b"\xff" * 10)
def test_each_file_reader_ends_in_a_result_or_our_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    for name, (path, read) in file_readers(folder).items():
        path.write_bytes(content)
        consumed, _ = read_counted(monkeypatch, lambda p=path, r=read: r(p))
        assert consumed <= CAPS[name] + 1, name


@CHECKS
@given(extra=st.integers(min_value=1, max_value=64 * 1024 * 1024))
def test_a_file_past_its_cap_is_refused_without_reading_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch, extra: int
) -> None:
    for name, (path, read) in file_readers(folder).items():
        with path.open("wb") as handle:  # sparse: no disk is used, whatever the size
            handle.truncate(CAPS[name] + extra)
        consumed, error = read_counted(monkeypatch, lambda p=path, r=read: r(p))
        assert consumed == 0, name
        assert "larger than" in str(error), name


@CHECKS
@given(pattern=st.binary(min_size=1, max_size=64), stop=st.integers(0, 32 * 1024 * 1024))
@example(pattern=b"\0", stop=64 * 1024 * 1024)  # `- < /dev/zero`
@example(pattern=b"format = 1\n", stop=64 * 1024 * 1024)
def test_a_setup_on_stdin_ends_in_a_result_or_our_error_within_its_cap(
    pattern: bytes, stop: int
) -> None:
    stream = EndlessStream(pattern, stop)
    with contextlib.suppress(*OURS):
        VersionSetup.read("-", stdin=io.BufferedReader(stream))
    assert stream.consumed <= SETUP_MAX_BYTES + CHUNK


@CHECKS
@given(pattern=st.binary(min_size=1, max_size=300) | contents.filter(bool), stop=st.integers())
@example(pattern=b"\0", stop=64 * 1024 * 1024)
@example(pattern=b"http://localhost:8976/callback?state=s&code=c\n", stop=64 * 1024 * 1024)
def test_the_paste_reader_ends_within_its_cap_whatever_is_pasted(pattern: bytes, stop: int) -> None:
    stream = EndlessStream(pattern, max(0, min(stop, 64 * 1024 * 1024)))
    outcomes: list[object] = []

    def paste(line: str) -> None:  # what the command does with each line
        try:
            outcomes.append(parse_pasted(line, "s" * 43))
        except InvalidCallback:
            outcomes.append(None)

    read_pastes(io.BufferedReader(stream), paste, lambda text: None)
    assert stream.consumed <= MAX_PASTED + MAX_PASTE_LINE + CHUNK
