"""profiles.toml and the secrets file under concurrent writers, symlinks and real OS errors."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.errors import ProfilesFileError, SecretStorageError
from config.paths import profiles_path, secrets_file_path
from config.profiles import ProfileStore
from config.secrets import FileSecrets

ROOT = Path(__file__).parent.parent.parent

PROFILES_WORKER = """
import sys
from tui.__main__ import main
prefix = sys.argv[1]
for i in range(25):
    assert main(["profiles", "set", f"{prefix}{i}", "environment=staging"]) == 0, i
"""

SECRETS_WORKER = """
import sys
from config.paths import secrets_file_path
from config.secrets import FileSecrets
prefix = sys.argv[1]
for i in range(50):
    FileSecrets(secrets_file_path()).set(prefix, f"name{i}", f"{prefix}-{i}")
"""


def run_together(script: str, *prefixes: str) -> None:
    """Start one real process per prefix at once and wait for all of them."""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, prefix],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in prefixes
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_two_processes_each_setting_25_profiles_keep_all_50() -> None:
    """Each save reads, changes and writes the whole file under the lock: a save that read
    before the other's write would lose it. (25 each: the two overlap from start to end.)"""
    run_together(PROFILES_WORKER, "a", "b")
    profiles = ProfileStore(profiles_path()).load().profiles
    assert sorted(profiles) == sorted(f"{p}{i}" for p in "ab" for i in range(25))
    assert leftovers(profiles_path().parent) == []


def test_two_processes_each_storing_50_secrets_keep_all_100() -> None:
    run_together(SECRETS_WORKER, "a", "b")
    secrets = FileSecrets(secrets_file_path())
    for prefix in "ab":
        for i in range(50):
            assert secrets.get(prefix, f"name{i}") == f"{prefix}-{i}"


def test_a_symlinked_profiles_toml_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "ipaas-auth.toml"
    real.parent.mkdir()
    real.write_text('[profiles.a]\nenvironment = "staging"\n')
    link = profiles_path()
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    ProfileStore(link).upsert("a", {"email": "me@example.com"})
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert 'email = "me@example.com"' in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert leftovers(real.parent) == [] and leftovers(link.parent) == []


def test_a_full_disk_is_a_message_and_the_file_stays(isolated_home: Path) -> None:
    """A real EFBIG: the command runs with a file-size limit smaller than the new file."""
    store = ProfileStore(profiles_path())
    store.upsert("a", {"environment": "staging"})
    before = profiles_path().read_bytes()
    limited = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from tui.__main__ import main
        sys.exit(main(["profiles", "set", "a", "company_id=" + "x" * 8000]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", limited],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Cannot write {profiles_path()}" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert profiles_path().read_bytes() == before
    assert leftovers(isolated_home) == []


@pytest.fixture
def immutable_home(isolated_home: Path) -> Iterator[Path]:
    """The home directory made read-only for root too (chattr +i), where the file system
    allows it: chmod does not stop root, so this is the real way to get EPERM on a write."""
    store = ProfileStore(profiles_path())
    store.upsert("a", {"environment": "staging"})
    FileSecrets(secrets_file_path()).set("a", "name", "value")
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not installed, so a read-only directory cannot be made")
    made = subprocess.run([chattr, "+i", str(isolated_home)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {made.stderr.strip()}")
    try:
        yield isolated_home
    finally:
        subprocess.run([chattr, "-i", str(isolated_home)], check=True)


def test_a_read_only_directory_is_a_message_and_the_file_stays(immutable_home: Path) -> None:
    before = profiles_path().read_bytes()
    with pytest.raises(ProfilesFileError) as caught:
        ProfileStore(profiles_path()).upsert("a", {"email": "me@example.com"})
    assert f"Cannot write {profiles_path()}: permission denied" in str(caught.value)
    assert profiles_path().read_bytes() == before
    assert leftovers(immutable_home) == []


def test_a_read_only_directory_stops_a_secret_save_cleanly(immutable_home: Path) -> None:
    before = secrets_file_path().read_bytes()
    with pytest.raises(SecretStorageError, match=r"Cannot write .*secrets\.json"):
        FileSecrets(secrets_file_path()).set("a", "name", "other")
    assert secrets_file_path().read_bytes() == before
    assert leftovers(immutable_home) == []


def test_a_parent_that_is_a_file_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    with pytest.raises(ProfilesFileError, match="not a directory"):
        ProfileStore(blocker / "profiles.toml").upsert("a", {"environment": "staging"})
