"""The reduce step as the commands show it: the clock, authorless files, truck factors, counts."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import identity_env
from tests.gitrepo import lines
from tests.report.test_page import run_with_terminal_stderr

ALICE = "Alice <alice@example.com>"
BOB = "Bob <bob@example.com>"


@pytest.fixture
def old(tmp_path) -> GitRepo:
    """Two people committing weekly from 2020-01 to 2020-06, then nothing."""
    repo = GitRepo(tmp_path / "old")
    for week in range(26):
        day = f"2020-{1 + week // 5:02d}-{1 + week % 5 * 5:02d}T10:00:00+00:00"
        author = ALICE if week % 2 else BOB
        repo.commit({f"app/m{week % 4}.py": lines(20 * (week + 1))}, author=author, date=day)
    return repo


def test_an_old_head_is_said_once_and_as_of_head_shows_the_team_as_it_was(old):
    today = skills_json(old.path, "--as-of", "2026-06-01")
    assert [person["active"] for person in today["people"]] == [False, False]
    assert today["history"]["warnings"] == [
        "the newest commit is from 2020-06-01, 2,191 days before the as-of date 2026-06-01, so "
        "nobody is active (active: a commit in 180 days); add --as-of head to see the team as "
        "it was"
    ]
    then = skills_json(old.path, "--as-of", "head")
    assert then["model"]["as_of"] == "2020-06-01"
    assert [person["active"] for person in then["people"]] == [True, True]
    assert then["history"]["warnings"] == []


def test_a_history_that_stops_is_not_read_as_people_leaving(old):
    """Before: 'Fewer people are contributing: 0.7 a month ... down from 2.0'."""
    after = skills_json(old.path, "--as-of", "2020-09-15")
    assert after["rhythm"]["trends"] == []
    assert after["history"]["warnings"][0].startswith(
        "the newest commit is from 2020-06-01, 106 days before the as-of date 2020-09-15, so "
        "2 of 2 people are active on old work"
    )


def test_as_of_head_in_the_config_and_bad_values(old):
    old.commit({".stackfit.toml": 'as_of = "head"\n'}, author=ALICE, date="2020-06-22T10:00:00Z")
    assert skills_json(old.path)["model"]["as_of"] == "2020-06-22"
    old.commit({".stackfit.toml": 'as_of = "yesterday"\n'}, author=ALICE)
    bad = run_stackfit("skills", str(old.path), "--format", "json")
    assert bad.returncode == 2
    assert "'as_of' in .stackfit.toml: 'yesterday' is not a date" in bad.stderr
    assert "or 'head' for the day of the newest commit" in bad.stderr


def test_recommend_says_it_judges_a_team_with_no_active_member(old):
    result = run_stackfit("recommend", str(old.path), "--format", "json", "--as-of", "2026-06-01")
    assert result.returncode == 0, result.stderr
    reasons = json.loads(result.stdout)["confidence"]["reasons"]
    assert (
        "a team with no active member as of 2026-06-01 (--as-of head judges the team as it was) "
        "(×0.00)" in reasons
    )


def test_check_takes_the_same_clock(old):
    old.commit({".stackfit.toml": "[policy]\nmin_truck_factor = 1\n"}, author=ALICE,
               date="2020-06-22T10:00:00Z")  # fmt: skip
    today = run_stackfit("check", str(old.path), "--format", "json", "--as-of", "2026-06-01")
    then = run_stackfit("check", str(old.path), "--format", "json", "--as-of", "head")
    assert then.returncode == 0, then.stderr
    assert today.returncode == 1, today.stderr
    assert "add --as-of head to see the team as it was" in today.stderr


@pytest.fixture
def subtree(tmp_path) -> GitRepo:
    """Alice's Python and one Tcl file; three Tcl files a subtree merge brought in under gui/,
    touched by no commit of the main line (git.git's git-gui)."""
    repo = GitRepo(tmp_path / "subtree")
    for week in range(12):
        day = f"2026-0{1 + week // 4}-{1 + week % 4 * 7:02d}T10:00:00+00:00"
        repo.commit(
            {f"app/m{week % 2}.py": lines(30 * (week + 1)), "tools/x.tcl": lines(week + 1)},
            author=ALICE,
            date=day,
        )
    repo.git("checkout", "-q", "--orphan", "gui")
    repo.git("rm", "-rfq", ".")
    repo.commit(
        {f"lib/w{number}.tcl": lines(40, f"w{number}") for number in range(3)},
        author=BOB,
        date="2026-02-02T10:00:00+00:00",
    )
    repo.git("checkout", "-q", "main")
    merging = identity_env(ALICE, "2026-03-30T10:00:00+00:00")
    repo.git("merge", "-q", "-s", "ours", "--no-commit", "--allow-unrelated-histories", "gui",
             env=merging)  # fmt: skip
    repo.git("read-tree", "--prefix=gui/", "-u", "gui")
    repo.commit(author=ALICE, date="2026-03-30T10:00:00+00:00", message="Merge gui")
    return repo


def test_files_only_merges_brought_in_have_no_author(subtree):
    document = skills_json(subtree.path, "--as-of", "2026-06-01")
    tcl = document["languages"]["Tcl"]
    assert (tcl["files"], tcl["authored_files"], tcl["unknown_authorship_files"]) == (4, 1, 3)
    assert (tcl["truck_factor"], tcl["truck_factor_people"]) == (None, [])
    python = document["languages"]["Python"]
    assert (python["truck_factor"], python["unknown_authorship_files"]) == (1, 0)
    assert document["truck_factor"] == {
        "value": 1,
        "people": ["Alice"],
        "files": 3,
        "orphaned_files": 0,
        "unknown_authorship_files": 3,
    }
    markdown = run_stackfit("skills", str(subtree.path), "--format", "markdown", "--as-of",
                            "2026-06-01").stdout  # fmt: skip
    assert "| Tcl | " in markdown and "n/a (3/4 files no known author)" in markdown
    assert (
        "**Truck factor: 1 (Alice), over 3 files with a known author; 3 of 6 files have no known "
        "author (merges alone brought them)**" in markdown
    )
    report = run_stackfit("report", str(subtree.path), "--format", "markdown", "-o", "-", "--as-of",
                          "2026-06-01", "--quiet").stdout  # fmt: skip
    assert "Tcl: 3 of 4 files have no known author, only merges brought them in" in report
    assert "Tcl rests on one person" not in report


def test_empty_files_have_no_language_and_csv_lists_everyone(tmp_path):
    repo = GitRepo(tmp_path / "empty")
    repo.commit({"pkg/__init__.py": "", "pkg/core.py": lines(50), "pkg/empty.py": ""}, author=ALICE)
    repo.commit({"README.md": "hello\n"}, author=BOB)
    document = skills_json(repo.path)
    assert document["languages"]["Python"]["files"] == 1
    assert document["truck_factor"]["files"] == 1
    rows = run_stackfit("skills", str(repo.path), "--format", "csv").stdout.splitlines()
    assert [row.split(",")[1] for row in rows[1:]] == ["Alice", "Bob"]
    assert rows[2].split(",")[3:6] == ["", "", ""]  # Bob: no language at a level


def test_a_warning_shows_once_on_a_terminal(old):
    status, _, seen = run_with_terminal_stderr(
        "skills", str(old.path), "--as-of", "2026-06-01", "-q", stdout_too=True
    )
    assert status == 0
    assert seen.count(b"add --as-of head to see the team as it was") == 1
    assert b"People" in seen  # the table is there too


def test_creating_a_file_is_first_authorship_not_also_a_delivery(tmp_path):
    """Avelino et al.'s tool counts a file's ADD as first authorship only: Bob's one change
    weighs DOA 3.457 against Alice's 4.168 (0.83 of it), so both author the file. Before, the
    creation also counted as Alice's delivery and Bob's acceptance: Bob 3.234, under 3.293."""
    repo = GitRepo(tmp_path / "created")
    repo.commit({"app/core.py": lines(40)}, author=ALICE, date="2026-01-05T10:00:00+00:00")
    repo.commit({"app/core.py": lines(45)}, author=BOB, date="2026-01-12T10:00:00+00:00")
    factor = skills_json(repo.path, "--as-of", "head")["truck_factor"]
    assert (factor["value"], factor["people"]) == (2, ["Alice", "Bob"])


def test_a_files_creator_authors_it_after_many_small_changes(tmp_path):
    """Fifty people change Alice's file once each: her DOA, 4.391 - 0.321·ln(51) = 3.129, is
    under 3.293 but the file's best, and their tool exempts the creator from the 3.293. Before,
    nobody authored the file and the truck factor was 0."""
    repo = GitRepo(tmp_path / "many")
    repo.commit({"app/core.py": lines(40)}, author=ALICE, date="2026-01-05T10:00:00+00:00")
    for number in range(50):
        repo.commit({"app/core.py": lines(41 + number)},
                    author=f"Dev{number:02d} Tester{number:02d} <dev{number:02d}@example.com>",
                    date=f"2026-02-{1 + number // 2:02d}T{10 + number % 2}:00:00+00:00")  # fmt: skip
    factor = skills_json(repo.path, "--as-of", "head")["truck_factor"]
    assert (factor["value"], factor["people"], factor["orphaned_files"]) == (1, ["Alice"], 0)
