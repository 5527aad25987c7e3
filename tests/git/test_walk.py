from __future__ import annotations

import os

import pytest

from analyzer.git.log import MAX_UNREADABLE_RETRIES
from analyzer.git.log import LogOptions
from analyzer.git.log import ReadStats
from analyzer.git.log import iter_commits
from analyzer.git.repository import open_repository
from analyzer.git.repository import stream_git
from analyzer.git.walk import _chunks
from analyzer.git.walk import walk_commits
from tests.conftest import run_stackfit
from tests.gitrepo import ALICE
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

BOB = "Bob Jones <bob@example.com>"
CAROL = "Carol White <carol@example.com>"


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    """Renames (one across a chunk boundary), merges, co-authors, a bulk commit, a .mailmap."""
    repo.commit(
        {".mailmap": "Bob Jones <bob@example.com> <bobby@old.example>\n"}, date=days_ago(90)
    )
    for day in range(12):
        author = (ALICE, BOB, "Bob J <bobby@old.example>")[day % 3]
        repo.commit({f"src/m{day % 4}.py": lines(day + 2)}, author=author, date=days_ago(80 - day))
    repo.rename("src/m1.py", "lib/m1.py", date=days_ago(60))
    repo.commit({"lib/m1.py": lines(30)}, author=BOB, date=days_ago(59))
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit({"go/main.go": lines(7)}, author=CAROL, date=days_ago(50), coauthors=(ALICE,))
    repo.rename("go/main.go", "cmd/main.go", author=CAROL, date=days_ago(49))
    repo.git("checkout", "-q", "main")
    repo.commit({"src/m2.py": lines(40)}, coauthors=(BOB, "not a contact"), date=days_ago(48))
    repo.merge("topic", date=days_ago(47))
    repo.commit({f"vendor/v{n}.js": lines(50) for n in range(30)}, author=BOB, date=days_ago(40))
    repo.commit({"logo.png": b"\x89PNG\x00\x01", "src/m0.py": None}, date=days_ago(30))
    for day in range(8):
        repo.commit({"src/m3.py": lines(50 + day)}, author=CAROL, date=days_ago(20 - day))
    return repo


def read(path: object, jobs: int, first_chunk: int = 1, **options: object) -> tuple:
    opened = open_repository(str(path))
    stats = ReadStats()
    log = LogOptions(**options)  # type: ignore[arg-type]
    if jobs == 0:
        commits = list(iter_commits(opened, log, stats))
    else:
        # Chunks of FIRST_CHUNK, then twice as many up to 4 * FIRST_CHUNK: many chunk boundaries
        # before the even split of the last ones.
        most = 4 * first_chunk
        commits = list(
            walk_commits(opened, log, stats, jobs, first_chunk=first_chunk, max_chunk=most)
        )
    return commits, stats


@pytest.mark.parametrize("merges", [False, True])
@pytest.mark.parametrize(("jobs", "first_chunk"), [(1, 1), (2, 1), (2, 3), (4, 1), (4, 64)])
def test_parallel_walk_yields_the_single_walks_commits(history, merges, jobs, first_chunk):
    single, single_stats = read(history.path, 0, include_merges=merges)
    assert len(single) == (29 if merges else 28)
    assert any(change.old_path for commit in single for change in commit.changes)
    walked, stats = read(history.path, jobs, first_chunk, include_merges=merges)
    assert walked == single
    assert stats == single_stats


def test_parallel_walk_keeps_the_date_filters(history):
    since, until = days_ago(55)[:10], days_ago(25)[:10]
    single, _ = read(history.path, 0, since=since, until=until)
    walked, _ = read(history.path, 2, since=since, until=until)
    assert walked == single
    assert 0 < len(walked) < 28


def test_parallel_walk_on_a_shallow_clone(history, tmp_path):
    clone = tmp_path / "shallow"
    history.git("clone", "-q", "--depth", "5", f"file://{history.path}", str(clone))
    single, _ = read(clone, 0)
    walked, _ = read(clone, 3, 2)
    assert walked == single
    assert len(walked) == 5
    assert walked[-1].parents == ()  # the boundary commit's diff is against nothing, as in git log


def remove_blob(repo: GitRepo, spec: str) -> None:
    blob = repo.git("rev-parse", spec).strip()
    os.remove(repo.path / ".git" / "objects" / blob[:2] / blob[2:])


def test_unreadable_commits_are_handled_per_chunk(history):
    remove_blob(history, "HEAD~3:src/m3.py")
    single, single_stats = read(history.path, 0)
    assert single_stats.unreadable_commits == 2
    for first_chunk in (1, 2, 5):
        walked, stats = read(history.path, 2, first_chunk)
        assert walked == single
        assert stats == single_stats


def test_more_unreadable_commits_than_retries(repo):
    count = MAX_UNREADABLE_RETRIES + 5
    for number in range(count + 2):
        repo.commit({"a.py": lines(number + 1)}, date=days_ago(60 - number))
    for back in range(1, count + 1):
        remove_blob(repo, f"HEAD~{back}:a.py")
    single, single_stats = read(repo.path, 0)
    assert single_stats.unreadable_commits > MAX_UNREADABLE_RETRIES
    walked, stats = read(repo.path, 2, 1)
    assert walked == single
    assert stats == single_stats


def test_a_history_that_breaks_stops_where_the_single_walk_stops(history):
    commit = history.git("rev-parse", "HEAD~5").strip()
    os.remove(history.path / ".git" / "objects" / commit[:2] / commit[2:])
    single, single_stats = read(history.path, 0)
    assert single_stats.truncated_after is not None
    walked, stats = read(history.path, 2, 1)
    assert walked == single
    assert stats == single_stats


@pytest.mark.parametrize("cache", [False, True])
def test_skills_json_is_the_same_for_any_width(history, cache, monkeypatch):
    monkeypatch.setattr("analyzer.git.walk.FIRST_CHUNK_COMMITS", 2)  # chunks of 2, 4, 4, ...
    monkeypatch.setattr("analyzer.git.walk.MAX_CHUNK_COMMITS", 4)
    outputs = set()
    for jobs in ("1", "2", "4"):
        args = ["skills", str(history.path), "--format", "json", "--jobs", jobs]
        result = run_stackfit(*args, *([] if cache else ["--no-cache"]))
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_mined_evidence_is_the_same_for_any_width(history, tmp_path, monkeypatch):
    """One repository through the team path: its walk gets the spare --jobs."""
    monkeypatch.setattr("analyzer.git.walk.FIRST_CHUNK_COMMITS", 3)
    monkeypatch.setattr("analyzer.git.walk.MAX_CHUNK_COMMITS", 6)
    outputs = set()
    for jobs in ("1", "2", "4"):
        target = tmp_path / f"mined-{jobs}.json"
        args = ["mine", str(history.path), "--no-cache", "-o", str(target), "--jobs", jobs]
        result = run_stackfit(*args)
        assert result.returncode == 0, result.stderr
        outputs.add(target.read_bytes())
    assert len(outputs) == 1


def test_the_last_chunks_are_split_over_the_processes(history):
    """Past the growing chunks, the rest is two rounds of one chunk per process, the newer round
    smaller (its commits cost git more), so that they finish together."""
    opened = open_repository(str(history.path))

    def sizes(first: int, most: int, width: int, *limit: str) -> list[int]:
        listing = stream_git(opened.root, ["rev-list", "--no-merges", *limit, "HEAD"])
        return [len(chunk) for chunk in _chunks(listing, first, most, width)]

    assert sizes(1, 4, 2) == [1, 2, 4, 4, 4, 4, 4, 1, 1, 2, 1]  # 28 commits; the last 5 split
    assert sizes(64, 2048, 2) == [6, 5, 9, 8]  # two rounds: 11 newer commits, 17 older
    assert sizes(64, 2048, 4) == [3, 3, 3, 2, 5, 4, 4, 4]
    assert sizes(64, 2048, 2, "--max-count=1") == [1]
    assert sizes(64, 2048, 2, "--max-count=0") == []
