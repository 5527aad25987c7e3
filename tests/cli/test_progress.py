"""Progress: the counts the core reports (commits read, files parsed, each of a total), and the
display, which appears only on a terminal and never with -q/--quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import cli
from analyzer.code.scan import ScanSettings
from analyzer.code.scan import scan_repository
from analyzer.config import Settings
from analyzer.git.repository import open_repository
from analyzer.history import mine as mining
from analyzer.history.cache import CommitCache
from analyzer.skills.combine import analyse_skills
from analyzer.skills.combine import commits_to_read
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines
from tests.report.test_page import run_with_terminal_stderr

BOB = "Bob Jones <bob@example.com>"


@pytest.fixture
def history(repo: GitRepo) -> GitRepo:
    """Six commits and a merge: five on main, one on a branch; recent, so that nothing warns
    of an old HEAD."""
    for day in range(1, 5):
        repo.commit({"app.py": lines(day)}, date=days_ago(10 - day))
    repo.git("checkout", "-q", "-b", "side")
    repo.commit({"svc.go": "package svc\n"}, author=BOB, date=days_ago(5))
    repo.git("checkout", "-q", "main")
    repo.commit({"b.py": lines(2)}, date=days_ago(4))
    repo.merge("side", date=days_ago(3))
    return repo


def test_commit_total_uses_the_logs_filters(history):
    repo = open_repository(str(history.path))
    assert commits_to_read(repo, Settings()) == 6  # merges left out, as the log leaves them
    assert commits_to_read(repo, Settings(include_merges=True)) == 7
    assert commits_to_read(repo, Settings(since=days_ago(6.5))) == 3
    assert commits_to_read(repo, Settings(until=days_ago(7.5))) == 2


def test_commits_read_are_reported_up_to_the_total(history, monkeypatch):
    repo = open_repository(str(history.path))
    monkeypatch.setattr(mining, "PROGRESS_EVERY_COMMITS", 4)
    seen: list[int] = []
    evidence = analyse_skills(repo, Settings(), seen.append)
    assert seen == [0, 4, 6]
    assert evidence.repository.commits_analyzed == 6 == commits_to_read(repo, Settings())
    seen.clear()
    analyse_skills(repo, Settings(include_merges=True), seen.append)
    assert seen == [0, 4, 7]


def test_a_cached_fold_reads_no_commits_and_reports_none(history, tmp_path):
    repo = open_repository(str(history.path))
    seen: list[int] = []
    analyse_skills(repo, Settings(), seen.append, CommitCache(repo, tmp_path / "cache"))
    assert seen == [0, 6]
    seen.clear()
    analyse_skills(repo, Settings(), seen.append, CommitCache(repo, tmp_path / "cache"))
    assert seen == []


@pytest.fixture
def sources(repo: GitRepo) -> GitRepo:
    """Six files to parse: five texts (one of them under two names) and a binary .py."""
    repo.commit(
        {
            "a.py": "import flask\n",
            "b.py": "x = 1\n",
            "c.py": "y = 2\n",
            "copy_of_a.py": "import flask\n",  # the same blob: parsed once
            "x.go": "package x\n",
            "y.go": "package y\n",
            "blob.py": b"\x00\x01binary",
            "README.md": "# not parsed\n",
        }
    )
    return repo


def test_files_parsed_are_reported_of_the_total(sources):
    repo = open_repository(str(sources.path))
    seen: list[tuple[int, int]] = []
    scan_repository(repo, ScanSettings(), lambda done, total: seen.append((done, total)))
    assert seen == [(0, 6), (1, 6), (6, 6)]  # start, the binary at once, then one chunk of five


def test_files_parsed_in_worker_processes_add_up_to_the_total(sources, monkeypatch):
    from analyzer.code import pool

    monkeypatch.setattr(pool, "MAX_CHUNK_FILES", 2)
    repo = open_repository(str(sources.path))
    seen: list[tuple[int, int]] = []
    settings = ScanSettings(jobs=2, pool_min_bytes=0)
    scan_repository(repo, settings, lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert {total for _, total in seen} == {6}
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(seen) == 5  # start, the binary, and chunks of 2, 2 and 1


@pytest.mark.parametrize(
    "command",
    [
        ("skills",),
        ("scan",),
        ("recommend", "--needs", "api"),
        ("check", "--exit-zero"),
        ("report",),
    ],
)
def test_nothing_on_stderr_when_it_is_not_a_terminal(history, command):
    name, *rest = command
    result = CliRunner().invoke(cli, [name, str(history.path), *rest, "-o", "/dev/null"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    piped = run_stackfit(name, str(history.path), *rest, "-o", "/dev/null")
    assert piped.returncode == 0 and piped.stderr == ""


def test_bars_on_a_terminal_count_commits_and_files_and_quiet_silences_them(history):
    base = ("report", str(history.path), "--format", "markdown", "-o", "-", "--no-cache")
    status, stdout, terminal = run_with_terminal_stderr(*base)
    assert status == 0
    assert b"reading history" in terminal and b"6 of 6 commits" in terminal
    assert b"parsing files" in terminal and b"3 of 3 files" in terminal  # needs inferred: a scan
    assert stdout.startswith(b"# Team skills report")
    for command in ("skills", "scan", "recommend", "check", "report"):
        extra = {"check": ("--exit-zero",), "report": ("-o", "-")}.get(command, ())
        status, stdout, terminal = run_with_terminal_stderr(
            command, str(history.path), "-q", *extra
        )
        assert status == 0 and terminal == b"", command
        assert stdout


def test_scan_shows_files_parsed_on_a_terminal(sources):
    status, stdout, terminal = run_with_terminal_stderr(
        "scan", str(sources.path), "--format", "json"
    )
    assert status == 0 and stdout.startswith(b"{")
    assert b"parsing files" in terminal and b"6 of 6 files" in terminal
    assert b"{" not in terminal  # the JSON went to stdout alone


def test_every_analysing_command_has_quiet(tmp_path: Path):
    for command in ("skills", "scan", "recommend", "report", "check"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert "-q, --quiet" in result.output, command
