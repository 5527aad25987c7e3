"""Real repositories that reproduce the identity patterns of real projects (issue 14, 1-4)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

GIT_STYLE_MAILMAP = """#
# This list is used by git-shortlog to fix a few botched name translations
#
Junio C Hamano <gitster@pobox.com> <junio@twinsun.com>
Junio C Hamano <gitster@pobox.com> Junio Hamano
Proper Name <proper@example.com> Commit Name

not a mapping at all
Broken <broken@example.com
"""


def _people(document: dict) -> dict[str, int]:
    return {person["name"]: person["commits"] for person in document["people"]}


def test_a_git_style_mailmap_is_read_as_git_reads_it(repo: GitRepo) -> None:
    repo.commit({".mailmap": GIT_STYLE_MAILMAP, "a.py": lines(3)},
                author="Junio C Hamano <gitster@pobox.com>")  # fmt: skip
    repo.commit({"b.py": lines(3)}, author="Junio Hamano <junio@twinsun.com>")
    repo.commit({"c.py": lines(3)}, author="Someone <proper@example.com>")
    document = skills_json(repo.path)
    assert _people(document) == {"Junio C Hamano": 2, "Proper Name": 1}
    assert sum(repo.shortlog().values()) == 3
    assert document["history"]["warnings"][0].startswith(
        ".mailmap: git skips 2 lines it cannot read (8, 9); "
    )
    for command in ("skills", "recommend"):
        assert run_stackfit(command, str(repo.path)).returncode == 0


def test_a_bot_named_bot_beside_a_human_named_bottarini(repo: GitRepo) -> None:
    repo.commit({"a.php": lines(5)}, author="StyleCI Bot <bot@styleci.io>")
    repo.commit({"b.php": lines(5)}, author="Mario Bottarini <mario@example.com>")
    repo.commit({"c.php": lines(5)}, author="README Bot <readme@example.com>")
    document = skills_json(repo.path)
    assert _people(document) == {"Mario Bottarini": 1}
    assert document["excluded"]["bots"] == [
        {"name": "README Bot", "commits": 1},
        {"name": "StyleCI Bot", "commits": 1},
    ]


def test_an_ai_co_author_is_assistance_not_a_person(repo: GitRepo) -> None:
    this_month = days_ago(0)
    repo.commit({"a.py": lines(10)}, author="Claude Monet <claude@monet.fr>", date=this_month)
    repo.commit(
        {"b.py": lines(30)},
        author="Claude Monet <claude@monet.fr>",
        date=this_month,
        coauthors=("Claude <noreply@anthropic.com>",),
    )
    repo.commit({"c.py": lines(5)}, author="Claude Opus 4 <noreply@anthropic.com>",
                date=this_month)  # fmt: skip
    document = skills_json(repo.path)
    assert _people(document) == {"Claude Monet": 2}
    assert document["excluded"]["ai_agents"] == [{"name": "Claude", "commits": 2}]
    team = document["ai_assistance"]
    assert (team["commits"], team["assisted_commits"]) == (3, 2)
    assert (team["changed_lines"], team["assisted_lines"]) == (45, 35)
    assert len(team["months"]) == 1
    (person,) = team["people"]
    assert (person["name"], person["commits"], person["assisted_commits"]) == ("Claude Monet", 2, 1)
    assert (person["changed_lines"], person["assisted_lines"], person["line_share"]) == (
        40,
        30,
        0.75,
    )


def test_a_noreply_login_equal_to_an_address_local_part(repo: GitRepo) -> None:
    for _ in range(3):
        repo.commit({"a.php": lines(3)}, author="Taylor Otwell <taylorotwell@gmail.com>")
    repo.commit({"b.php": lines(3)},
                author="taylorotwell <463230+taylorotwell@users.noreply.github.com>")  # fmt: skip
    repo.commit({"c.php": lines(3)}, author="driesvints <driesvints@users.noreply.github.com>")
    repo.commit({"d.php": lines(3)}, author="Dries Vints <dries@vints.io>")
    repo.commit({"e.php": lines(3)}, author="Taylor Collins <taylor@tcdihq.com>")
    assert _people(skills_json(repo.path)) == {
        "Taylor Otwell": 4,
        "Dries Vints": 2,
        "Taylor Collins": 1,
    }


def test_a_git_svn_address_and_handles(repo: GitRepo) -> None:
    uuid = "95fbf360-2702-46e8-84d8-6de9ca90a270"
    repo.commit({"a.rb": lines(3)}, author="Blake Mizerany <blake.mizerany@gmail.com>")
    repo.commit({"b.rb": lines(3)},
                author=f"blake.mizerany@gmail.com <blake.mizerany@gmail.com@{uuid}>")  # fmt: skip
    repo.commit({"c.rb": lines(3)}, author="burningTyger <b6tyger@gmail.com>")
    repo.commit({"d.rb": lines(3)}, author="burningTyger <m8r-0478r31@safetymail.info>")
    repo.commit({"e.rb": lines(3)}, author="Michael <michael@a.org>")
    repo.commit({"f.rb": lines(3)}, author="Michael <mike@b.org>")
    document = skills_json(repo.path)
    assert sorted((p["name"], p["commits"]) for p in document["people"]) == [
        ("Blake Mizerany", 2), ("Michael", 1), ("Michael", 1), ("burningTyger", 2)
    ]  # fmt: skip
    assert [item["aliases"] for item in document["possible_duplicates"]] == [
        'aliases = { "Michael" = ["mike@b.org"] }'
    ]


def test_commits_of_one_file_set_are_suspected_not_dropped(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "r")
    for number in range(20):
        repo.commit({"CHANGELOG.md": f"{number}\n", "a.py": f"x = {number}\n"},
                    author="Release Runner <release@example.com>",
                    date=days_ago(30 - number * 1.3), message=f"Release {number}")  # fmt: skip
    document = skills_json(repo.path)
    assert _people(document) == {"Release Runner": 20}
    assert document["suspected_bots"] == [
        {
            "name": "Release Runner",
            "email": "release@example.com",
            "commits": 20,
            "why": "all 20 commits change the same files; 20 of 20 commits read 'Release <n>'",
            "bots": 'bots = ["release@example.com"]',
        }
    ]
