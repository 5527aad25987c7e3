"""The cache and the repository's files under attack: a shared or writable cache folder, forged
or replaced cache files, and repository files that are links to /dev/zero, FIFOs or huge."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyzer.git.log import LogOptions
from analyzer.git.log import ReadStats
from analyzer.git.repository import open_repository
from analyzer.history.cache import CommitCache
from analyzer.history.cache_folder import KEY_NAME
from analyzer.history.cache_folder import MAGIC
from analyzer.history.cache_folder import OLD_MAGIC
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import git_env
from tests.gitrepo import lines

AS_OF = ("--as-of", "head")  # stable from run to run, and no old-HEAD line on stderr
TIMEOUT_SECONDS = 60  # a hang fails the test instead of stalling the suite


@pytest.fixture
def history(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    for week in range(6):
        repo.commit({f"src/app_{week % 2}.py": lines(10 + week)}, date=days_ago(60 - 7 * week))
    return repo


def skills(
    path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_stackfit("skills", str(path), "--format", "json", *AS_OF, *args, env=env)


def skills_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """In a child with a timeout: a FIFO or /dev/zero read by mistake would hang this process."""
    return subprocess.run(
        [sys.executable, "-m", "analyzer", "skills", str(path), "--format", "json", *AS_OF],
        env=git_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT_SECONDS,
    )


def fresh(path: Path) -> str:
    result = skills(path, "--no-cache")
    assert result.returncode == 0, result.stderr
    return result.stdout


def history_route(repo: GitRepo) -> str:
    plan = CommitCache(open_repository(repo.path)).history(LogOptions(), ReadStats())
    list(plan.commits)
    return plan.kind


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_run_under_umask_000_makes_a_private_folder(history, tmp_path):
    folder = tmp_path / "made" / "cache"
    result = subprocess.run(
        [sys.executable, "-m", "analyzer", "skills", str(history.path), "--format", "json"],
        env=git_env({"STACKFIT_CACHE_DIR": str(folder)}),
        capture_output=True,
        text=True,
        check=False,
        umask=0,
        timeout=TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    assert mode(folder) == mode(folder.parent) == 0o700
    files = list(folder.iterdir())
    assert {path.suffix for path in files} == {".commits", ".mined", ".blobs", ".key"}
    assert all(mode(path) == 0o600 for path in files)


@pytest.mark.parametrize("bits", [0o777, 0o770, 0o702])
def test_a_folder_others_may_write_is_not_used(history, tmp_path, bits):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(bits)
    result = skills(history.path, env={"STACKFIT_CACHE_DIR": str(folder)})
    assert result.returncode == 0
    assert result.stdout == fresh(history.path)
    assert result.stderr == (
        f"stackfit: warning: the cache folder {folder} can be written by others (mode {bits:o});"
        f" the run goes on without the cache (fix: chmod 700 {folder})\n"
    )
    assert list(folder.iterdir()) == []


class _Payload:
    """Unpickling this runs code: it touches MARKER."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))  # type: ignore[return-value]


@pytest.mark.parametrize("header", [MAGIC, OLD_MAGIC])
def test_a_forged_cache_file_is_never_unpickled(history, _private_cache, tmp_path, header):
    """An attacker without the key recomputes the SHA-256: the file is refused unread."""
    expected = fresh(history.path)
    assert skills(history.path).returncode == 0
    marker = tmp_path / "marker"
    evil = pickle.dumps({"mined": _Payload(marker), "state": _Payload(marker)})
    payload = len(evil).to_bytes(8, "big") + evil + evil
    (mined,) = _private_cache.glob("*.mined")
    mined.write_bytes(header + hashlib.sha256(payload).digest() + payload)
    result = skills(history.path)
    assert not marker.exists()
    assert result.returncode == 0
    assert result.stdout == expected
    damaged = f"stackfit: warning: the cache {mined} was damaged (checksum mismatch); it is "
    assert result.stderr == (damaged + "rebuilt from git\n" if header == MAGIC else "")


def test_a_cache_file_replaced_by_a_link_is_not_followed(history, _private_cache, tmp_path):
    assert skills(history.path).returncode == 0
    (commits,) = _private_cache.glob("*.commits")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / commits.name  # the same name: its seal would still hold
    commits.rename(moved)
    commits.symlink_to(moved)
    kept = moved.read_bytes()
    assert history_route(history) == "fresh"  # not read through the link: from git
    assert not commits.is_symlink()  # the link was replaced, nothing written through it
    assert moved.read_bytes() == kept


def test_fifos_in_place_of_cache_files_do_not_hang(history, _private_cache):
    expected = fresh(history.path)
    assert skills(history.path).returncode == 0
    for path in [*_private_cache.glob("*.commits"), *_private_cache.glob("*.mined")]:
        path.unlink()
        os.mkfifo(path)
    result = skills_in_child(history.path)
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


def test_a_key_others_can_read_is_refused(history, _private_cache):
    assert skills(history.path).returncode == 0
    key = _private_cache / KEY_NAME
    key.chmod(0o644)
    result = skills(history.path)
    assert result.returncode == 0
    assert result.stdout == fresh(history.path)
    assert result.stderr == (
        f"stackfit: warning: the cache key {key} is readable by others; the run goes on without "
        f"the cache (fix: rm {key})\n"
    )


def test_cache_clear_keeps_other_programs_files(history, _private_cache):
    assert skills(history.path).returncode == 0
    foreign = {
        "notes.txt": b"someone else's",
        "0123456789abcdef0123456789abcdef.commits": b"another program's format",
        ".tmp-upload": b"an editor's temporary file",
    }
    for name, data in foreign.items():
        (_private_cache / name).write_bytes(data)
    (_private_cache / "link.mined").symlink_to(_private_cache / "notes.txt")
    result = run_stackfit("cache", "clear")
    assert result.stdout == f"stackfit: removed 3 cache files from {_private_cache}\n"
    left = {path.name for path in _private_cache.iterdir()}
    assert left == {*foreign, "link.mined", KEY_NAME}
    assert all((_private_cache / name).read_bytes() == data for name, data in foreign.items())


def test_stale_cleanup_removes_only_stackfit_temporaries(history, _private_cache):
    assert skills(history.path).returncode == 0
    ours = _private_cache / ".stackfit-tmp-killed"
    ours.write_bytes(MAGIC[:5])  # a run killed while writing its header
    theirs = _private_cache / ".tmp-theirs"
    theirs.write_bytes(b"not ours")
    hour_ago = time.time() - 7200
    for path in (ours, theirs):
        os.utime(path, (hour_ago, hour_ago))
    history.commit({"src/late.py": lines(3)}, date=days_ago(1))
    assert skills(history.path).returncode == 0  # writes, so cleans up
    assert not ours.exists()
    assert theirs.read_bytes() == b"not ours"


# Files read from the repository's work tree.


def test_a_mailmap_linked_to_dev_zero_is_ignored_as_git_ignores_it(history):
    expected = fresh(history.path)
    (history.path / ".mailmap").symlink_to("/dev/zero")
    result = skills_in_child(history.path)
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


def test_a_mailmap_fifo_is_a_one_line_error(history):
    mailmap = history.path / ".mailmap"
    os.mkfifo(mailmap)
    result = skills_in_child(history.path)
    assert result.returncode == 2
    assert result.stderr == (
        "stackfit: error: .mailmap is a FIFO, not a file: git would wait on it or misread it; "
        f"replace {mailmap} with a regular file or remove it\n"
    )


def test_a_mailmap_over_the_cap_is_a_one_line_error(history):
    (history.path / ".mailmap").write_bytes(b"# padding\n" * (2 << 20))
    result = skills(history.path)
    assert result.returncode == 2
    assert result.stderr == (
        f"stackfit: error: .mailmap is {20 << 20} bytes, more than stackfit reads ({16 << 20}); "
        "keep one line per person in .mailmap\n"
    )


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_a_config_that_is_no_regular_file_is_not_read(history, kind):
    expected = fresh(history.path)
    config = history.path / ".stackfit.toml"
    if kind == "fifo":
        os.mkfifo(config)
    else:
        config.symlink_to("/dev/zero")
    result = skills_in_child(history.path)
    assert (result.returncode, result.stdout, result.stderr) == (0, expected, "")


def test_a_config_over_the_cap_is_a_one_line_error(history):
    (history.path / ".stackfit.toml").write_bytes(b"#" * ((1 << 20) + 1))
    result = skills(history.path)
    assert result.returncode == 2
    assert result.stderr == (
        f"stackfit: error: .stackfit.toml is {(1 << 20) + 1} bytes, more than stackfit reads "
        f"({1 << 20}); keep the settings in a smaller .stackfit.toml\n"
    )


def test_global_git_config_is_in_the_fingerprint(history, tmp_path, monkeypatch):
    """A setting in the user's git config can change git's output: the cache starts over."""
    global_config = tmp_path / "gitconfig"
    global_config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    first = CommitCache(open_repository(history.path)).fingerprint
    global_config.write_text("[diff]\n\trenameLimit = 1\n")
    assert CommitCache(open_repository(history.path)).fingerprint != first
