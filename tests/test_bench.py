"""bench/: the everyday hook sequence measures the hooks, not a mirror's damage."""

from __future__ import annotations

from pathlib import Path

from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

BENCH_DIR = Path(__file__).resolve().parent.parent / "bench"


def test_everyday_commits_pass_on_a_mirror_that_lacks_a_blob(tmp_path, monkeypatch):
    """As laravel/framework's mirror lacks bin/splitsh-lite: the clone leaves the file out, and
    the three ordinary commits pass both hooks at the first attempt. With the removal staged
    beside the hooks' files, pre-commit's own `git diff --staged` looked for renames, read the
    missing blob and failed every commit, before any hook ran."""
    monkeypatch.syspath_prepend(str(BENCH_DIR))
    import run_everyday

    mirror = GitRepo(tmp_path / "team+app" / "repo")
    for day in range(6):
        mirror.commit({"app/main.py": lines(20 + 5 * day, f"d{day}")}, date=days_ago(30 - day))
    mirror.commit({"bin/tool": bytes(range(256)) * 8}, date=days_ago(20))
    mirror.commit({"app/util.py": lines(15)}, date=days_ago(10))
    blob = mirror.git("rev-parse", "HEAD:bin/tool").strip()
    (mirror.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    folder = tmp_path / "work"
    folder.mkdir()
    result = run_everyday.hook_sequence(mirror.path, folder)
    assert result == "3 of 3 at the first attempt (app/main.py)"
    clone = GitRepo(folder / "team+app")
    subjects = clone.git("log", "--format=%s", "-5").splitlines()
    assert subjects == [
        "bench 3",
        "bench 2",
        "bench 1",
        "bench 0",
        "bench: drop files the mirror lacks",
    ]
