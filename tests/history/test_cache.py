"""The commit cache: the same bytes as a fresh run, whatever happened to the history or the cache."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.config import Settings
from analyzer.git.log import LogOptions
from analyzer.git.log import ReadStats
from analyzer.git.log import iter_commits
from analyzer.git.repository import open_repository
from analyzer.history.automation import MAX_TEMPLATES
from analyzer.history.cache import CommitCache
from analyzer.history.cache import clear_cache
from analyzer.history.cache_format import decode
from analyzer.history.cache_format import encode
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import git_env
from tests.gitrepo import identity_env
from tests.gitrepo import lines

BOB = "Bob Jones <bob@example.com>"
AS_OF = ("--as-of", "head")  # stable from run to run, and no old-HEAD line on stderr


@pytest.fixture
def history(tmp_path: Path) -> GitRepo:
    """Two authors, a rename, a co-author, commits in several time zones."""
    repo = GitRepo(tmp_path / "repo")
    for week in range(12):
        repo.commit(
            {f"src/app_{week % 4}.py": lines(10 + week, f"v{week}")},
            date=days_ago(100 - 7 * week, offset_hours=week % 5 - 2),
        )
        repo.commit(
            {f"svc/main_{week % 3}.go": lines(5 + week)},
            author=BOB,
            date=days_ago(99 - 7 * week, offset_hours=5),
            coauthors=("Alice Smith <alice@example.com>",) if week % 4 == 0 else (),
        )
    repo.rename("src/app_0.py", "src/core.py", date=days_ago(10))
    return repo


def skills(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_stackfit("skills", str(repo.path), "--format", "json", *AS_OF, *args)
    assert result.returncode == 0, result.stderr
    return result


def assert_same_as_fresh(repo: GitRepo, *args: str) -> str:
    """A cached run prints exactly what a --no-cache run prints, and warns the same."""
    fresh = skills(repo, "--no-cache", *args)
    cached = skills(repo, *args)
    assert cached.stdout == fresh.stdout
    assert cached.stderr == fresh.stderr  # no cache warning
    return cached.stdout


def cache_files(folder: Path, suffix: str = ".commits") -> list[Path]:
    return sorted(folder.glob(f"*{suffix}"))


def history_route(repo: GitRepo) -> str:
    """How one cached read of REPO's commits went, read in full: "replay" (the cached records,
    any new commit read from git) or "fresh" (every commit from git)."""
    plan = CommitCache(open_repository(repo.path)).history(LogOptions(), ReadStats())
    list(plan.commits)
    return plan.kind


def test_record_round_trip_is_exact(history):
    repo = open_repository(history.path)
    commits = list(iter_commits(repo, LogOptions()))
    assert len(commits) == 25
    assert [decode(c.sha, encode(c)) for c in commits] == commits
    assert {c.authored_at.isoformat()[-6:] for c in commits} >= {"-02:00", "+05:00", "+02:00"}


def test_json_is_byte_identical_cold_warm_and_after_a_new_commit(history, _private_cache):
    cold = assert_same_as_fresh(history)
    assert len(cache_files(_private_cache)) == 1
    assert skills(history).stdout == cold  # warm
    assert history_route(history) == "replay"
    history.commit({"src/new.py": lines(3)}, author=BOB, date=days_ago(1))
    assert history_route(history) == "replay"  # only the new commit is read from git
    assert_same_as_fresh(history)
    assert history_route(history) == "replay"


def test_the_cache_lives_outside_the_repository(history, _private_cache):
    skills(history)
    assert history.git("status", "--porcelain", "--ignored") == ""
    assert [path.parent for path in cache_files(_private_cache)] == [_private_cache]


def test_amend_rebase_and_another_rev_give_the_fresh_result(history):
    skills(history)
    history.git("commit", "-q", "--amend", "-m", "amended", env=identity_env(BOB, days_ago(1)))
    assert_same_as_fresh(history)
    history.git("branch", "side", "HEAD~5")
    history.git("checkout", "-q", "side")
    history.commit({"svc/side.go": lines(40)}, author=BOB, date=days_ago(2))
    history.git("rebase", "-q", "main", env=identity_env(BOB, days_ago(1)))
    assert_same_as_fresh(history)
    history.git("reset", "-q", "--hard", "HEAD~3")  # a force-push: history drops commits
    assert_same_as_fresh(history)
    assert_same_as_fresh(history, "--rev", "main~4")
    assert_same_as_fresh(history, "--since", days_ago(60)[:10])
    assert_same_as_fresh(history, "--include-merges")


def test_mailmap_change_invalidates(history):
    before = assert_same_as_fresh(history)
    (history.path / ".mailmap").write_text("Robert Jones <bob@example.com>\n")
    after = assert_same_as_fresh(history)
    assert '"name": "Robert Jones"' in after and '"name": "Robert Jones"' not in before


def test_unshallowing_invalidates(history, tmp_path):
    history.git("clone", "-q", "--depth", "3", f"file://{history.path}", str(tmp_path / "clone"))
    clone = GitRepo(tmp_path / "clone")
    shallow = assert_same_as_fresh(clone)
    assert '"commits_analyzed": 3' in shallow
    clone.git("fetch", "-q", "--unshallow", "origin")
    assert '"commits_analyzed": 25' in assert_same_as_fresh(clone)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: data[:40] + b"\0" * 8 + data[48:],  # flipped bytes
        lambda data: b"",  # emptied
        lambda data: b"not a cache at all",
    ],
)
def test_a_damaged_cache_is_rebuilt_with_one_warning(history, _private_cache, damage):
    fresh = skills(history, "--no-cache").stdout
    skills(history)
    (path,) = cache_files(_private_cache)
    path.write_bytes(damage(path.read_bytes()))
    for fold in [*cache_files(_private_cache, ".tally"), *cache_files(_private_cache, ".mined")]:
        fold.unlink()  # else the fold or result of this HEAD is reused and no commit is read
    rebuilt = run_stackfit("skills", str(history.path), "--format", "json", *AS_OF)
    assert rebuilt.returncode == 0
    assert rebuilt.stdout == fresh
    assert len(rebuilt.stderr.splitlines()) == 1
    assert rebuilt.stderr.startswith(f"stackfit: warning: the cache {path} was damaged (")
    assert rebuilt.stderr.endswith("); it is rebuilt from git\n")
    assert skills(history).stderr == ""  # rebuilt: the next run is clean
    assert history_route(history) == "replay"


# A child stackfit that stops at its WRITE-th cache write, in PHASE: "torn" (half the bytes in
# the temporary file) or "renamed" (the file in place, nothing after it done yet), prints the
# file's suffix and waits to be killed. The real write_atomically runs; only the moment is ours.
KILLED_MID_WRITE = """
import os, sys, time
import analyzer.history.cache as cache
from analyzer.cli import main

stop_at, phase = int(sys.argv[1]), sys.argv[2]
writes, writing = 0, None
real_write, real_fdopen, real_replace = cache.write_atomically, os.fdopen, os.replace

def stop():
    print(writing.suffix, flush=True)
    time.sleep(600)

class Torn:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *error):
        return self.handle.__exit__(*error)
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        stop()

def fdopen(descriptor, *args, **kwargs):
    handle = real_fdopen(descriptor, *args, **kwargs)
    return Torn(handle) if writes == stop_at and phase == "torn" else handle

def replace(source, target):
    real_replace(source, target)
    if writes == stop_at and phase == "renamed":
        stop()

def write_atomically(target, data):
    global writes, writing
    writes, writing = writes + 1, target
    real_write(target, data)

os.fdopen, os.replace, cache.write_atomically = fdopen, replace, write_atomically
main(sys.argv[3:])
"""


def killed_mid_write(repo: GitRepo, write: int, phase: str) -> str:
    """Run stackfit until its WRITE-th cache write reaches PHASE, then SIGKILL it; the suffix of
    the file it was writing, or "" when the run finished first (it makes fewer writes)."""
    command = [sys.executable, "-c", KILLED_MID_WRITE, str(write), phase]
    process = subprocess.Popen(
        [*command, "skills", str(repo.path), *AS_OF, "-o", os.devnull],
        env=git_env(),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    suffix = process.stdout.readline().strip()
    process.send_signal(signal.SIGKILL)
    process.communicate()
    return suffix


def test_runs_killed_mid_write_leave_a_usable_cache(history, _private_cache):
    """Killed in the middle of each cache write, and right after each rename, of a first run
    and of a run that extends the cache: the next run prints what a fresh run prints, with no
    warning (a torn temporary file is never read)."""
    killed = []
    steps = itertools.count()
    left = 0  # torn temporary files: left for an hour, then removed
    for start in ("cold", "warm"):
        for write, phase in itertools.product(range(1, 10), ("torn", "renamed")):
            step = next(steps)
            code = "import flask\n" + lines(step + 1)  # a new blob to read: the blobs file too
            history.commit({f"src/kill_{step}.py": code}, author=BOB, date=days_ago(1))
            if start == "cold":
                clear_cache(_private_cache)  # the leftovers too
                left = 0
            fresh = skills(history, "--no-cache").stdout
            suffix = killed_mid_write(history, write, phase)
            if not suffix:
                break
            killed.append((start, suffix, phase))
            left += phase == "torn"
            assert len(list(_private_cache.glob(".stackfit-tmp-*"))) == left
            assert assert_same_as_fresh(history) == fresh
    cold = [("cold", suffix) for suffix in (".commits", ".blobs", ".mined")]
    warm = [("warm", suffix) for suffix in (".blobs", ".mined")]
    assert killed == [(*write, phase) for write in cold + warm for phase in ("torn", "renamed")]


def test_concurrent_runs_agree(history, _private_cache):
    fresh = skills(history, "--no-cache").stdout
    command = [sys.executable, "-m", "analyzer", "skills", str(history.path), "--format", "json"]
    processes = [
        subprocess.Popen(
            [*command, *AS_OF], env=git_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(4)
    ]
    outputs = [process.communicate() for process in processes]
    assert [out.decode() for out, _ in outputs] == [fresh] * 4
    assert [err for _, err in outputs] == [b""] * 4
    assert history_route(history) == "replay"


def test_cache_clear(history, _private_cache):
    skills(history)
    assert len(cache_files(_private_cache)) == len(cache_files(_private_cache, ".blobs")) == 1
    assert len(cache_files(_private_cache, ".mined")) == 1  # the result and the fold
    result = run_stackfit("cache", "clear")
    assert result.returncode == 0
    assert result.stdout == f"stackfit: removed 3 cache files from {_private_cache}\n"
    assert cache_files(_private_cache) == []


def test_no_cache_neither_reads_nor_writes(history, _private_cache):
    skills(history, "--no-cache")
    assert cache_files(_private_cache) == []


def test_settings_are_applied_after_the_cache(history):
    """exclude, bots and aliases change the result at once: records hold git's output only."""
    assert_same_as_fresh(history)
    assert_same_as_fresh(history, "--exclude", "svc/")
    assert_same_as_fresh(history, "--bot", "bob@*")
    assert_same_as_fresh(history, "--alias", "Alice Smith=bob@example.com")


def test_an_unwritable_cache_folder_is_a_warning(history, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    result = run_stackfit(
        "skills", str(history.path), "--format", "json", *AS_OF,
        env={"STACKFIT_CACHE_DIR": str(blocker / "cache")},
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout == skills(history, "--no-cache").stdout
    assert result.stderr.startswith("stackfit: warning: cannot write the cache ")
    assert len(result.stderr.splitlines()) == 1


def test_default_folder_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("STACKFIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"a.py": "x = 1\n"})
    store = CommitCache(open_repository(repo.path))
    if sys.platform.startswith("linux"):
        assert store.folder == tmp_path / "xdg" / "stackfit" / "commits"


def plan_kind(repo: GitRepo, *, frameworks: bool = False, **changes: object) -> str:
    """Analyse REPO in-process through the cache; the kind of plan the cache gave the fold:
    done (a finished result), extend (an earlier fold), replay (cached commits) or fresh.
    FRAMEWORKS: the variant `stackfit skills` keeps (frameworks per person)."""
    from dataclasses import replace

    from analyzer.skills.combine import analyse_skills

    store = CommitCache(open_repository(repo.path))
    settings = Settings(as_of=AS_OF[1])  # the CLI runs' settings
    analyse_skills(store.repo, replace(settings, **changes), cache=store, frameworks=frameworks)
    assert store.warnings == []
    assert store.plan is not None
    return store.plan.kind


def test_a_repeated_run_at_the_same_head_reuses_the_fold(history, _private_cache):
    assert plan_kind(history) == "fresh"
    assert plan_kind(history) == "done"
    assert len(cache_files(_private_cache, ".mined")) == 1
    assert plan_kind(history, exclude=("svc/",)) == "replay"  # other settings: another fold
    assert plan_kind(history, exclude=("svc/",)) == "done"
    assert plan_kind(history) == "done"  # both are kept
    assert plan_kind(history, since=days_ago(30)[:10]) == "replay"  # with --since: never kept
    assert plan_kind(history, since=days_ago(30)[:10]) == "replay"
    assert plan_kind(history, aliases={"Bob": ("bob@example.com",)}) == "done"  # applied later
    history.commit({"src/late.py": lines(2)}, date=days_ago(1))
    assert plan_kind(history) == "extend"


def test_another_releases_cache_is_rebuilt_without_a_word(history, _private_cache):
    """An upgrade is not damage: a records file of another CACHE_FORMAT is replaced silently."""
    import marshal

    from analyzer.history import cache

    fresh = skills(history, "--no-cache").stdout
    skills(history)
    store = CommitCache(open_repository(history.path))
    old = {"format": cache.CACHE_FORMAT - 1, "records": {}, "walks": []}
    store._write(store.path, marshal.dumps(old))  # sealed with this user's key, as a release did
    for kept in [*cache_files(_private_cache, ".tally"), *cache_files(_private_cache, ".mined")]:
        kept.unlink()  # else the fold or result of this HEAD is reused and no record is read
    again = skills(history)
    assert (again.stdout, again.stderr) == (fresh, "")
    assert history_route(history) == "replay"  # the records were written anew


@pytest.mark.parametrize("suffix", [".mined", ".blobs"])
def test_a_damaged_fold_is_redone_with_one_warning(history, _private_cache, suffix):
    fresh = skills(history, "--no-cache").stdout
    skills(history)
    (path,) = cache_files(_private_cache, suffix)
    path.write_bytes(path.read_bytes()[:-10])
    if suffix == ".blobs":
        for result in cache_files(_private_cache, ".mined"):
            result.unlink()  # else the finished result is used and no blob is looked at
    rebuilt = run_stackfit("skills", str(history.path), "--format", "json", *AS_OF)
    assert rebuilt.stdout == fresh
    assert rebuilt.stderr == (
        f"stackfit: warning: the cache {path} was damaged (checksum mismatch); it is rebuilt "
        "from git\n"
    )
    assert skills(history).stdout == fresh


def test_a_new_release_or_cache_format_starts_over(history, monkeypatch):
    """The fingerprint names the package version and CACHE_FORMAT: either change ignores old files."""
    from analyzer.history import cache

    opened = open_repository(history.path)
    before = cache._fingerprint(opened)
    assert cache._fingerprint(opened) == before
    monkeypatch.setattr(cache, "CODE_KEY", b"stackfit 9.9.9 cache 2")
    assert cache._fingerprint(opened) != before


def test_new_commits_extend_the_earlier_fold_exactly(history):
    carol = "Carol White <carol@example.com>"
    assert plan_kind(history) == "fresh"
    steps = [
        lambda: history.commit({"svc/main_1.go": lines(30), "web/ui.ts": lines(8)}, author=carol),
        lambda: history.rename("src/core.py", "lib/core.py", author=BOB),
        lambda: history.commit({"src/app_2.py": None}, author=BOB),  # a deletion
        lambda: history.commit({"bin/tool": "#!/usr/bin/env python3\nprint(1)\n"}),  # a shebang
        lambda: [history.commit({f"gen/f{n}.py": lines(40)}, author=carol) for n in range(3)],
    ]
    for step in steps:
        step()
        assert plan_kind(history) == "extend"
        assert_same_as_fresh(history)  # the extended fold, restored, is the fresh fold


def test_an_extended_fold_suspects_bots_as_a_fresh_one_does(history):
    """The automation signs are folded and cached: a suspect that appears (its 20th release),
    and one that goes (its hand-written commits pass the templates kept), only in new commits."""
    runner, carol = "Release Runner <runner@example.com>", "Carol White <carol@example.com>"
    for n in range(19):
        history.commit({f"rel/v{n % 3}.txt": f"{n}\n"}, author=runner,
                       date=days_ago(80 - n * 1.3), message=f"Release 3.{n}.0")  # fmt: skip
    for n in range(25):
        history.commit({"docs/log.md": f"{n}\n"}, author=carol, date=days_ago(60 - n),
                       message=f"Release 4.{n}.0")  # fmt: skip
    assert plan_kind(history) == "fresh"
    assert json.loads(assert_same_as_fresh(history))["suspected_bots"][0]["name"] == "Carol White"
    history.commit(
        {"rel/v1.txt": "new\n"}, author=runner, date=days_ago(2), message="Release 3.19.0"
    )
    for n in range(MAX_TEMPLATES):
        history.commit({"docs/log.md": f"hand {n}\n"}, author=carol, date=days_ago(1),
                       message=f"Explain step {'x' * n}")  # fmt: skip
    assert plan_kind(history) == "extend"
    document = json.loads(assert_same_as_fresh(history))
    assert [(bot["name"], bot["why"]) for bot in document["suspected_bots"]] == [
        ("Release Runner", "20 of 20 commits read 'Release <version>'")
    ]


def test_a_fold_is_not_extended_when_history_would_be_classified_anew(history):
    assert plan_kind(history) == "fresh"
    history.commit({"src/app_1.py": None})
    assert plan_kind(history) == "extend"
    history.commit({"src/app_1.py": lines(3)})  # back: older commits touched it
    assert plan_kind(history) == "replay"
    assert_same_as_fresh(history)
    history.commit({".gitattributes": "*.go linguist-generated\n"})
    assert plan_kind(history) in ("replay", "fresh")  # not extended
    assert_same_as_fresh(history)
    history.commit({"svc/main_0.go": "// Code generated by hand. DO NOT EDIT.\n"})
    assert plan_kind(history) in ("replay", "fresh")  # a file of the tree became generated
    assert_same_as_fresh(history)


def test_only_a_straight_line_of_new_commits_extends_a_fold(history, _private_cache):
    assert plan_kind(history) == "fresh"
    branch = history.git("branch", "--show-current").strip()
    history.git("checkout", "-q", "-b", "topic", "HEAD~3")  # begun before the fold's HEAD
    history.commit({"src/topic.py": lines(6)}, author=BOB)
    history.git("checkout", "-q", branch)
    history.merge("topic")
    assert plan_kind(history) == "replay"  # the merge brings in commits from under the fold
    assert_same_as_fresh(history)
    assert_same_as_fresh(history, "--include-merges")
    for path in cache_files(_private_cache):
        path.unlink()  # a straight line on top needs neither the records nor the walks
    history.commit({"src/after.py": lines(5)})
    history.commit({"src/after.py": lines(7)}, author=BOB)
    assert plan_kind(history) == "extend"
    assert_same_as_fresh(history)


def test_a_rewritten_or_backdated_history_is_folded_afresh(history):
    assert plan_kind(history) == "fresh"
    history.git("commit", "-q", "--amend", "-m", "amended", env=identity_env(BOB, days_ago(3)))
    assert plan_kind(history) == "replay"
    assert_same_as_fresh(history)
    history.commit({"src/old.py": lines(4)}, date=days_ago(400))  # sorts into the middle
    assert plan_kind(history) in ("replay", "extend")
    assert_same_as_fresh(history)


def test_a_finished_result_is_named_as_this_run_opened_the_repository(history):
    skills(history)  # caches the result for this HEAD
    subfolder = run_stackfit("skills", str(history.path / "src"), "--format", "json", *AS_OF)
    fresh = run_stackfit(
        "skills", str(history.path / "src"), "--format", "json", *AS_OF, "--no-cache"
    )
    assert subfolder.stdout == fresh.stdout
    assert f'"path": "{history.path / "src"}"' in subfolder.stdout
    assert plan_kind(history) == "extend"  # the plain variant: this HEAD's fold, no result


def test_what_blobs_hold_is_read_once_and_recalled_exactly(repo):
    from analyzer.code.file_frameworks import read_file_frameworks
    from analyzer.code.scan import ScanSettings
    from analyzer.languages.tree import Classifier
    from analyzer.languages.tree import read_head_tree

    repo.commit(
        {
            "bin/deploy": "#!/usr/bin/env python3\nimport flask\n",
            "api/gen.go": "// Code generated by protoc. DO NOT EDIT.\npackage api\n",
            "web/app.py": "import django\nfrom fastapi import FastAPI\n",
            "web/copy.py": "import django\nfrom fastapi import FastAPI\n",  # the same blob
        }
    )

    def read(store):
        head = read_head_tree(store.repo, known=store.known_blobs())
        uses = read_file_frameworks(store.repo, head, Classifier(head), ScanSettings())
        return head, uses.paths

    first = CommitCache(open_repository(repo.path))
    head, uses = read(first)
    assert first.known_blobs().learned
    assert len(first.known_blobs().heads) == 4 and len(first.known_blobs().imports) == 2
    first.save_known_blobs(head)
    again = CommitCache(open_repository(repo.path))
    head_again, uses_again = read(again)
    assert not again.known_blobs().learned  # nothing read anew
    assert head_again.content_languages == head.content_languages == {"bin/deploy": "Python"}
    assert head_again.generated_by_content == head.generated_by_content == {"api/gen.go"}
    assert (
        uses_again
        == uses
        == {
            "bin/deploy": ("flask",),
            "web/app.py": ("django", "fastapi"),
            "web/copy.py": ("django", "fastapi"),
        }
    )


def test_a_history_with_unreadable_commits_is_cached_until_they_can_be_read(history):
    """A missing blob makes two commits unreadable: the warm run reuses the fold and the result,
    warns the same, and asks git again; once the blob is back, the next run folds afresh."""
    history.commit({"src/app_1.py": lines(40, "gone")}, date=days_ago(3))
    history.commit({"src/app_1.py": lines(41, "back")}, date=days_ago(2))
    blob = history.git("rev-parse", "HEAD~1:src/app_1.py").strip()
    loose = history.path / ".git" / "objects" / blob[:2] / blob[2:]
    kept = loose.read_bytes()
    loose.unlink()
    cold = skills(history)
    assert "2 of 27 commits could not be read" in cold.stderr
    assert skills(history, "--no-cache").stdout == cold.stdout
    warm = skills(history)
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert plan_kind(history) == "extend"  # this HEAD's fold, though two commits were not read
    assert plan_kind(history) == "done"
    history.commit({"src/late.py": lines(2)}, date=days_ago(1))
    assert plan_kind(history) == "extend"  # the earlier fold and its unreadable commits
    assert skills(history).stderr == skills(history, "--no-cache").stderr
    loose.write_bytes(kept)
    assert plan_kind(history) in ("replay", "fresh")  # readable again: folded afresh
    fresh = skills(history, "--no-cache")
    assert "could not be read" not in fresh.stderr
    assert (skills(history).stdout, skills(history).stderr) == (fresh.stdout, fresh.stderr)


def test_a_result_with_blobs_missing_from_head_is_kept_while_they_stay_missing(history):
    """A damaged mirror lacks two blobs: z.py's (in HEAD's tree) and a.py's first version (which
    keeps two commits unreadable; git names it, the first it reads). The result is kept: the
    warm run reads no tree and prints the same JSON and warnings. Once z.py's blob is back (the
    commits stay unreadable), the next run notices and computes anew, as --no-cache does."""
    history.commit({"tools/a.py": lines(8, "a"), "tools/z.py": lines(30, "z")}, date=days_ago(3))
    history.commit({"tools/a.py": lines(9, "a2")}, date=days_ago(2))
    objects = history.path / ".git" / "objects"
    z_blob = history.git("rev-parse", "HEAD:tools/z.py").strip()
    a_blob = history.git("rev-parse", "HEAD~1:tools/a.py").strip()
    z_loose = objects / z_blob[:2] / z_blob[2:]
    z_kept = z_loose.read_bytes()
    z_loose.unlink()
    (objects / a_blob[:2] / a_blob[2:]).unlink()
    cold = skills(history)
    assert "the contents of 1 file of the analysed revision are missing" in cold.stderr
    assert "2 of 27 commits could not be read" in cold.stderr
    fresh = skills(history, "--no-cache")
    assert (fresh.stdout, fresh.stderr) == (cold.stdout, cold.stderr)
    assert plan_kind(history, frameworks=True) == "done"  # no history, no tree read
    warm = skills(history)
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    z_loose.write_bytes(z_kept)
    assert plan_kind(history, frameworks=True) == "extend"  # the fold, not the result
    fresh = skills(history, "--no-cache")
    assert "analysed revision are missing" not in fresh.stderr
    assert "2 of 27 commits could not be read" in fresh.stderr
    assert fresh.stdout != cold.stdout  # z.py counts with its bytes now
    again = skills(history)
    assert (again.stdout, again.stderr) == (fresh.stdout, fresh.stderr)
    assert plan_kind(history, frameworks=True) == "done"
