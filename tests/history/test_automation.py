"""Suspected bots: one subject template, one file set, one clock time (history/automation.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from analyzer.git.log import LogOptions
from analyzer.git.log import iter_commits
from analyzer.git.repository import open_repository
from analyzer.history.automation import MAX_TEMPLATES
from analyzer.history.automation import looks_automated
from analyzer.history.automation import merge_signs
from analyzer.history.automation import message_template
from analyzer.history.automation import new_signs
from analyzer.history.automation import note_commit
from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

PAT = "Pat Morgan <pat@example.com>"
VERBS = ["Fix", "Explain", "Speed up", "Tidy", "Guard", "Document", "Test", "Drop"]
THINGS = ["the login timeout", "empty carts", "the retry loop", "tax rounding", "slow search"]


def varied_messages(count: int) -> list[str]:
    """COUNT subjects a person might write: no two share a template."""
    pairs = itertools.product(VERBS, THINGS)
    return [f"{verb} {thing}" for verb, thing in itertools.islice(pairs, count)]


@pytest.mark.parametrize(
    ("subject", "template"),
    [
        ("Update dependency eslint to v8.2.0", "Update dependency eslint to v<version>"),
        ("Release 1.2.3-beta.1", "Release <version>"),
        ("Translated using Weblate (German)", "Translated using Weblate (<name>)"),
        ('Revert "Fix the cart"', 'Revert "<name>"'),
        ("Bump @types/node from 18.1 to 18.2", "Bump <name> from <version> to <version>"),
        ("Sync with upstream 3f2a9c1d", "Sync with upstream <sha>"),
        ("l10n: sv.po: Update Swedish (5104t0f0u)", "l10n: sv.po: Update Swedish (<name>)"),
        ("Build 42 for v7", "Build <n> for v<n>"),
        ("Don't stop, it's Bob's", "Don't stop, it's Bob's"),
    ],
)
def test_a_template_keeps_the_words_and_names_what_varies(subject, template):
    assert message_template(subject) == template


def test_signs_merged_from_any_split_equal_the_whole(tmp_path: Path) -> None:
    """A cached fold plus new commits must judge an author as one fold of all of them does."""
    repo = GitRepo(tmp_path / "r")
    subjects = [f"Release 2.{n}.0" for n in range(24)] + varied_messages(30)
    for number, subject in enumerate(subjects):
        repo.commit({f"f{number % 3}.txt": f"{number}\n"}, author=PAT, message=subject)
    commits = list(iter_commits(open_repository(repo.path), LogOptions()))
    whole = new_signs()
    for commit in commits:
        note_commit(whole, commit)
    assert whole[3] is not None and len(whole[3]) == 31
    for split in (1, 20, 30, 53):
        newer, older = new_signs(), new_signs()
        for commit in commits[:split]:
            note_commit(newer, commit)
        for commit in commits[split:]:
            note_commit(older, commit)
        merge_signs(newer, older)
        assert newer == whole
        assert looks_automated(newer) == looks_automated(whole) is None  # 24 of 54: a person


def test_more_templates_than_kept_is_a_person_in_any_split() -> None:
    many = {f"template {n}": 1 for n in range(MAX_TEMPLATES)}
    first = [MAX_TEMPLATES, {1}, {(9, 0)}, dict(many)]
    second = [1, {1}, {(9, 0)}, {"one more": 1}]
    merge_signs(first, second)
    assert first == [MAX_TEMPLATES + 1, {1}, {(9, 0)}, None]
    assert looks_automated(first) is None  # one file set and one clock, but hand-written
    merge_signs(second, first)
    assert second[3] is None


def test_a_release_script_under_a_human_name_is_suspected(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    for n in range(23):  # other files and clock times each run: the template alone tells
        repo.commit({"CHANGELOG.md": f"{n}\n", f"pkg/v{n % 4}.py": lines(n + 1)}, author=PAT,
                    date=days_ago(60 - n * 1.37), message=f"Release v1.{n}.0")  # fmt: skip
    for message in ("Fix the release notes", "Add the changelog"):
        repo.commit({"notes.md": message}, author=PAT, date=days_ago(3.3), message=message)
    document = skills_json(repo.path)
    assert [person["commits"] for person in document["people"]] == [25]  # never dropped
    assert document["suspected_bots"] == [
        {
            "name": "Pat Morgan",
            "email": "pat@example.com",
            "commits": 25,
            "why": "23 of 25 commits read 'Release v<version>'",
            "bots": 'bots = ["pat@example.com"]',
        }
    ]
    (repo.path / ".stackfit.toml").write_text('bots = ["pat@example.com"]\n')
    confirmed = skills_json(repo.path)
    assert confirmed["people"] == []
    assert confirmed["suspected_bots"] == []
    assert confirmed["excluded"]["bots"] == [{"name": "Pat Morgan", "commits": 25}]


def test_a_release_workflow_of_three_templates_is_suspected(tmp_path: Path) -> None:
    """As Laravel's: generated docblocks, the changelog and the version, under a login's name."""
    repo = GitRepo(tmp_path / "r")
    steps = ["Update facade docblocks"] * 14 + [
        "Update CHANGELOG",
        "Update version to v2.{n}.0",
    ] * 4
    for n, message in enumerate(steps):
        repo.commit({f"src/F{n % 5}.php": f"{n}\n"}, author="taylor <taylor@example.com>",
                    date=days_ago(50 - n * 1.7), message=message.format(n=n))  # fmt: skip
    repo.commit({"a.php": "1\n"}, author="taylor <taylor@example.com>", message="Fix a typo")
    (suspect,) = skills_json(repo.path)["suspected_bots"]
    assert suspect["why"] == (
        "22 of 23 commits read one of 3 templates: 'Update facade docblocks' (14), "
        "'Update CHANGELOG' (4), 'Update version to v<version>' (4)"
    )


def test_a_person_with_varied_messages_and_one_file_set_is_not_suspected(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    for n, message in enumerate(varied_messages(24)):  # one file, one clock time: still a person
        repo.commit({"CHANGELOG.md": f"{n}\n"}, author=PAT, date=days_ago(40 - n), message=message)
    document = skills_json(repo.path)
    assert document["suspected_bots"] == []
    assert [person["name"] for person in document["people"]] == ["Pat Morgan"]


def test_one_file_set_with_half_the_commits_in_one_template(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    messages = [f"Sync translations ({n} strings)" for n in range(12)] + varied_messages(10)
    for n, message in enumerate(messages):
        repo.commit({"po/sv.po": f"{n}\n"}, author=PAT, date=days_ago(40 - n * 1.1),
                    message=message)  # fmt: skip
    (suspect,) = skills_json(repo.path)["suspected_bots"]
    assert suspect["why"] == (
        "all 22 commits change the same files; 12 of 22 commits read 'Sync translations (<name>)'"
    )


def test_a_template_from_the_history_is_escaped_in_every_output(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    for n in range(20):
        repo.commit({f"f{n % 3}.py": lines(n + 1)}, author=PAT, date=days_ago(30 - n * 1.3),
                    message=f"Sync \x1b[31m| <b>{n}")  # fmt: skip
    (suspect,) = skills_json(repo.path)["suspected_bots"]
    assert suspect["why"] == "20 of 20 commits read 'Sync \x1b[<n>m| <b><n>'"
    for output in ("markdown", "table"):
        result = run_stackfit("skills", str(repo.path), "--format", output)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "Suspected bots, still counted: Pat Morgan (20 of 20 commits read" in result.stdout
    markdown = run_stackfit("skills", str(repo.path), "--format", "markdown").stdout
    assert "<b>" not in markdown
