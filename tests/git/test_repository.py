"""Repositories built to attack or break the git layer: a config that would run programs or fetch,
replace refs, huge text files, a foreign work tree, dates git cannot print, huge .gitattributes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from analyzer.git.repository import BIG_FILE_BYTES
from analyzer.git.repository import SAFE_CONFIG
from analyzer.git.repository import git_environ
from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import git_env
from tests.gitrepo import lines
from tests.test_bad_input import assert_one_line_error

COMMANDS = (
    ("skills",),
    ("scan",),
    ("recommend", "--needs", "api"),
    ("report", "--format", "markdown", "-o", "-"),
    ("check",),
    ("mine",),
)


def finished(command: tuple[str, ...]) -> tuple[int, ...]:
    """Exit statuses of a run that ended normally: check exits 1 on a policy finding."""
    return (0, 1) if command[0] == "check" else (0,)


@pytest.fixture
def partial(repo: GitRepo, tmp_path: Path) -> GitRepo:
    """A partial clone whose blobs were never fetched: every diff and tree read wants a fetch."""
    repo.commit({"a.py": lines(10)}, date=days_ago(20))
    repo.commit({"b.go": lines(5)}, author="Bob Jones <bob@example.com>", date=days_ago(10))
    repo.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    repo.git(
        "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{repo.path}", str(clone)
    )
    return GitRepo(clone)


def arm(clone: GitRepo, tmp_path: Path, vector: str) -> Path:
    """Point the clone's promisor remote at a program that writes MARKER; return MARKER."""
    marker = tmp_path / "MARKER"
    script = tmp_path / "evil.sh"
    script.write_text(f"touch {marker}\nexit 1\n")
    settings = {
        "ext": {"remote.origin.url": f"ext::sh {script}", "protocol.ext.allow": "always"},
        "ssh": {
            "remote.origin.url": "ssh://attacker.invalid/x",
            "protocol.ssh.allow": "always",
            "core.sshCommand": f"sh {script}",
        },
        "askpass": {  # a transport that asks for a password would run core.askPass
            "remote.origin.url": "https://attacker.invalid/x",
            "protocol.https.allow": "always",
            "core.askPass": f"sh {script}",
            "credential.helper": f"!sh {script}",
        },
        "hooks": {  # programs git may run on reads; none of them must
            "core.fsmonitor": f"sh {script}",
            "core.hooksPath": str(tmp_path),
            "core.alternateRefsCommand": f"sh {script}",
            "gpg.program": str(script),
            "log.showSignature": "true",
            "diff.external": str(script),
            "diff.evil.command": str(script),
            "diff.evil.textconv": str(script),
            "filter.evil.smudge": str(script),
            "filter.evil.clean": str(script),
            "filter.evil.process": str(script),
            "core.pager": f"sh {script}",
            "pager.log": f"sh {script}",
        },
    }[vector]
    for key, value in settings.items():
        clone.git("config", key, value)
    return marker


@pytest.mark.parametrize("vector", ["ext", "ssh", "askpass"])
def test_lazy_fetch_never_runs_the_repositorys_command(partial, tmp_path, vector):
    marker = arm(partial, tmp_path, vector)
    for command in COMMANDS:
        result = run_stackfit(*command, str(partial.path))
        assert not marker.exists(), command
        assert "Traceback" not in result.stderr
        assert result.returncode in finished(command), result.stderr
        assert "info/grafts" not in result.stderr
    document = skills_json(partial.path)
    assert document["repository"]["commits_analyzed"] == 2
    assert document["history"]["unreadable_commits"] == 2  # missing blobs: unreadable, not fetched
    assert not marker.exists()


def test_fallback_for_git_without_no_lazy_fetch(partial, tmp_path):
    """Older git ignores GIT_NO_LAZY_FETCH: the empty GIT_ALLOW_PROTOCOL alone must hold."""
    for vector in ("ext", "ssh"):
        marker = arm(partial, tmp_path, vector)
        env = git_environ(git_env())
        del env["GIT_NO_LAZY_FETCH"]
        subprocess.run(
            ["git", *SAFE_CONFIG, "log", "--numstat", "HEAD"],
            cwd=partial.path,
            env=env,
            capture_output=True,
            check=False,
        )
        assert not marker.exists(), vector
        unguarded = {**env, "GIT_ALLOW_PROTOCOL": "ext:ssh"}  # the test's own attack works
        subprocess.run(
            ["git", "log", "--numstat", "HEAD"],
            cwd=partial.path,
            env=unguarded,
            capture_output=True,
            check=False,
        )
        assert marker.exists(), vector
        marker.unlink()


def test_config_programs_never_run(repo, tmp_path):
    repo.commit({".gitattributes": "*.py diff=evil filter=evil\n", "a.py": lines(4)})
    repo.commit({"a.py": lines(8)}, date=days_ago(1))
    marker = arm(repo, tmp_path, "hooks")
    for command in COMMANDS:
        result = run_stackfit(*command, str(repo.path))
        assert result.returncode in finished(command), (command, result.stderr)
        assert not marker.exists(), command
    assert skills_json(repo.path)["people"][0]["languages"]["Python"]["lines_added"] == 8


def test_replace_refs_and_grafts_are_ignored(repo):
    repo.commit({"a.py": lines(10)}, date=days_ago(20))
    second = repo.commit({"b.py": lines(5)}, date=days_ago(10))
    replaced = repo.git("cat-file", "commit", second).replace(
        "author Alice Smith <alice@example.com>", "author Mallory <mallory@example.com>"
    )
    fake = repo.git_input(replaced, "hash-object", "-t", "commit", "-w", "--stdin").strip()
    repo.git("replace", second, fake)
    (repo.path / ".git" / "info").mkdir(exist_ok=True)
    (repo.path / ".git" / "info" / "grafts").write_text(f"{second}\n")  # cut the history
    assert "Mallory" in repo.git("log", "-1", "--format=%an")  # git itself honours the replace
    cold = skills_json(repo.path, "--no-cache")
    warm = skills_json(repo.path)
    again = skills_json(repo.path)
    assert warm == cold == again
    assert [person["name"] for person in cold["people"]] == ["Alice Smith"]
    assert cold["people"][0]["commits"] == 2
    assert cold["people"][0]["languages"]["Python"]["lines_added"] == 15


def test_text_over_the_big_file_threshold_counts_as_binary(repo):
    big = "x = 1\n" * (BIG_FILE_BYTES // 6 + 1)
    assert len(big) > BIG_FILE_BYTES
    repo.commit({"big.py": big, "small.py": lines(7)})
    document = skills_json(repo.path)
    assert document["people"][0]["languages"]["Python"]["lines_added"] == 7


def test_foreign_work_tree_is_an_error(repo):
    repo.commit({"a.py": lines(3)})
    repo.git("config", "core.worktree", "/etc")
    result = run_stackfit("skills", str(repo.path))
    assert_one_line_error(result, "core.worktree", "/etc", "config --unset core.worktree")


def raw_commit(repo: GitRepo, parent: str, author_date: str, committer_date: str) -> str:
    tree = repo.git("rev-parse", f"{parent}^{{tree}}").strip()
    text = (
        f"tree {tree}\nparent {parent}\n"
        f"author Bob Jones <bob@example.com> {author_date}\n"
        f"committer Bob Jones <bob@example.com> {committer_date}\n\nbroken date\n"
    )
    args = ("hash-object", "-t", "commit", "--literally", "-w", "--stdin")
    return repo.git_input(text, *args).strip()


def test_dates_git_cannot_print_never_stop_a_run(repo):
    start = repo.commit({"a.py": lines(10)}, date=days_ago(20))
    now = int(subprocess.check_output(["date", "+%s"]).decode().strip())
    good = f"{now - 86400} +0000"
    head = raw_commit(repo, start, "notadate +zz", good)  # committer date stands in
    head = raw_commit(repo, head, "-5 +0000", "253402300800 +0000")  # neither is readable
    head = raw_commit(repo, head, "253402300800 +0000", "notadate +zz")  # year 10000
    repo.git("update-ref", "refs/heads/main", head)
    for command in COMMANDS:
        result = run_stackfit(*command, str(repo.path))
        assert result.returncode in finished(command), (command, result.stderr)
    for cached in ((), ("--no-cache",)):
        result = run_stackfit("skills", str(repo.path), "--format", "json", *cached)
        assert result.returncode == 0, result.stderr
        document = json.loads(result.stdout)
        assert document["repository"]["commits_analyzed"] == 2
        bob = next(person for person in document["people"] if person["name"] == "Bob Jones")
        assert bob["commits"] == 1
        assert "1 dated by their committer date; 2 left out" in result.stderr


def test_many_gitattributes_patterns_keep_their_meaning(repo):
    patterns = "".join(f"gen/file{number}.py linguist-generated\n" for number in range(20_000))
    repo.commit(
        {
            ".gitattributes": patterns + "*.txt linguist-language=Python\n",
            "gen/file7.py": lines(5),
            "gen/other.py": lines(3),
            "notes.txt": lines(2),
        }
    )
    document = skills_json(repo.path)
    assert document["excluded"]["paths"]["generated"] == 1
    assert document["people"][0]["languages"]["Python"]["lines_added"] == 5


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "glibc.malloc.hugetlb=1"),
        ("glibc.malloc.arena_max=2", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"),
        ("glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=0"),  # the user's choice stands
    ],
)
def test_git_runs_with_huge_pages_unless_the_user_chose(before, after):
    assert git_environ({"GLIBC_TUNABLES": before} if before else {})["GLIBC_TUNABLES"] == after
