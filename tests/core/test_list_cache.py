"""The integrations cache: capped, atomic, only for its own profile, target and company, and
never an error when it is missing or broken. And the client's pages, in order, as they come."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.console import sandbox_client, sandbox_profile_toml, write_profiles
from tui.core import list_cache
from tui.core.list_cache import CachedList, Identity
from tui.sandbox import SandboxServer, start_sandbox
from tui.sandbox.clock import FakeClock

ME = Identity("demo", "sandbox http://127.0.0.1:1", "company-1")


def rows(count: int, name_length: int = 10) -> list[tuple[str, str]]:
    return [(str(3000 + n), f"{n:0{name_length}d}") for n in range(count)]


def test_saved_rows_come_back_for_the_same_profile_target_and_company() -> None:
    assert list_cache.save(ME, "company-1", rows(3), 3)
    cached = list_cache.load(ME)
    assert cached is not None
    assert cached.rows == rows(3) and cached.total == 3 and cached.company_id == "company-1"
    assert list_cache.load(Identity("other", ME.target, ME.company_id)) is None
    assert list_cache.load(Identity("demo", "staging ", ME.company_id)) is None
    assert list_cache.load(Identity("demo", ME.target, "company-2")) is None
    assert list_cache.load(Identity("demo", ME.target, "")) is not None  # the last company used


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[1, 2]",
        b'{"format": 2}',
        b"\xff\xfe",
        b"[" * 100_000,
    ],
)
def test_a_corrupt_cache_is_no_cache(content: bytes) -> None:
    assert list_cache.save(ME, "company-1", rows(3), 3)
    path = list_cache.cache_path("demo")
    assert path is not None
    path.write_bytes(content)
    assert list_cache.load(ME) is None


def test_rows_of_the_wrong_shape_make_the_whole_cache_unusable() -> None:
    assert list_cache.save(ME, "company-1", rows(3), 3)
    path = list_cache.cache_path("demo")
    assert path is not None
    document = json.loads(path.read_text())
    document["rows"][1] = ["3001", 7]
    path.write_text(json.dumps(document))
    assert list_cache.load(ME) is None


def test_the_cache_is_capped_in_rows_and_bytes() -> None:
    assert list_cache.save(ME, "company-1", rows(25_000), 25_000)
    cached = list_cache.load(ME)
    assert cached is not None
    assert len(cached.rows) == list_cache.MAX_ROWS and cached.total == 25_000

    assert list_cache.save(ME, "company-1", rows(19_000, name_length=1000), 19_000)
    path = list_cache.cache_path("demo")
    assert path is not None
    assert path.stat().st_size <= list_cache.MAX_BYTES
    cached = list_cache.load(ME)
    assert cached is not None
    assert 0 < len(cached.rows) < 19_000 and cached.total == 19_000
    assert all(len(name) == list_cache.MAX_TEXT for _, name in cached.rows)


def test_a_file_bigger_than_the_cap_is_not_read() -> None:
    assert list_cache.save(ME, "company-1", rows(3), 3)
    path = list_cache.cache_path("demo")
    assert path is not None
    with path.open("ab") as handle:
        handle.write(b" " * list_cache.MAX_BYTES)
    assert list_cache.load(ME) is None


def test_a_cache_that_cannot_be_written_is_no_error(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / list_cache.CACHE_DIR).write_text("a file where the directory should be")
    assert list_cache.save(ME, "company-1", rows(3), 3) is False
    assert list_cache.load(ME) is None


def test_the_file_holds_no_more_than_ids_and_names() -> None:
    assert list_cache.save(ME, "company-1", rows(2), 2)
    path = list_cache.cache_path("demo")
    assert path is not None
    document = json.loads(path.read_text())
    assert set(document) == {
        "format",
        "profile",
        "target",
        "company_id",
        "saved_at",
        "total",
        "rows",
    }
    assert document["rows"] == [["3000", "0000000000"], ["3001", "0000000001"]]
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_the_profile_at_start_is_read_from_profiles_toml_alone(sandbox: SandboxServer) -> None:
    assert list_cache.identity_at_start(None, False) == Identity("sandbox", "sandbox ", "")
    write_profiles(
        sandbox_profile_toml(sandbox)
        + '\n[profiles.other]\nenvironment = "staging"\ncompany_id = "c-9"\n'
    )
    assert list_cache.identity_at_start(None, False) == Identity(
        "demo", f"sandbox {sandbox.url}", ""
    )
    assert list_cache.identity_at_start("other", False) == Identity("other", "staging ", "c-9")
    assert list_cache.identity_at_start(None, False, {"IPAAS_AUTH_PROFILE": "other"}) == (
        Identity("other", "staging ", "c-9")
    )
    assert list_cache.identity_at_start("missing", False) is None
    assert list_cache.identity_at_start(None, True) == Identity("sandbox", "sandbox ", "")
    write_profiles("default = [")
    assert list_cache.identity_at_start(None, False) is None
    assert list_cache.cache_path("../escape") is None


def test_the_age_is_said_in_words() -> None:
    cached = CachedList([], saved_at=1_000_000.0, total=0, company_id="")
    assert cached.age(now=1_000_010.0) == "just now"
    assert cached.age(now=1_000_000.0 + 180) == "3 min ago"
    assert cached.age(now=1_000_000.0 + 7300) == "2 h ago"
    assert cached.age(now=1_000_000.0 + 5 * 86400) == "5 days ago"


async def test_pages_come_in_order_and_leaving_early_fetches_no_more() -> None:
    server = start_sandbox(clock=FakeClock(), integrations=95, subscriptions=1)
    server.ipaas.page_size = 4
    try:
        async with sandbox_client(server) as client:
            numbers = []
            names: list[str] = []
            async for page in client.integration_pages():
                numbers.append(page.number)
                names += [row.name for row in page.rows]
                assert page.pages == 24 and page.total == 96
            assert numbers == list(range(1, 25))
            assert names == sorted(names, key=str.lower) and len(names) == 96

            before = server.ipaas.calls["integrations"]
            async for page in client.integration_pages():
                if page.number == 2:
                    break
            # The first page, then at most 8 at a time: never all 24.
            assert server.ipaas.calls["integrations"] - before <= 1 + 8
    finally:
        server.stop()


def test_a_cache_of_the_first_format_with_descriptions_is_no_cache() -> None:
    assert list_cache.save(ME, "company-1", rows(2), 2)
    path = list_cache.cache_path("demo")
    assert path is not None
    document = json.loads(path.read_text())
    assert list_cache.load(ME) is not None
    document["format"] = 1
    document["rows"] = [[*row, "a description"] for row in document["rows"]]
    path.write_text(json.dumps(document))
    assert list_cache.load(ME) is None
