"""End to end on a messy team history whose right answers are known."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

ALICE = "Alice Smith <alice@example.com>"
BOB = "Bob Jones <bob@example.com>"
BOB_OLD = "Bob Jones <bob.jones@oldcorp.com>"
BOB_HOME = "B. Jones <bjones@home.net>"  # mapped to Bob by .mailmap
CAROL = "Carol White <carol@example.com>"
DAN_NOREPLY = "Dan Kim <12345+dank@users.noreply.github.com>"
DAN_LOGIN = "dank <dank@users.noreply.github.com>"
DAN_WORK = "Dan Kim <dan@kim.dev>"
ALEX_ONE = "Alex <alex@one.example>"
ALEX_TWO = "Alex <alex@two.example>"
DEPENDABOT = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"


def build_team(repo: GitRepo) -> dict[str, Any]:
    """A history with mailmap, aliases, a departed person, a bot, vendoring and a bulk commit."""
    facts: dict[str, Any] = {}
    repo.commit(
        {
            ".mailmap": "Bob Jones <bob@example.com> B. Jones <bjones@home.net>\n",
            "README.md": "# app\n",
        },
        author=ALICE,
        date=days_ago(520, 1),
    )
    # Carol wrote Ruby weekly, 400 to 533 days ago, then left.
    for week in range(20):
        repo.commit({f"legacy/job_{week % 4}.rb": lines(60 * (week // 4 + 1), "ruby")},
                    author=CAROL, date=days_ago(533 - 7 * week, -5))  # fmt: skip
    # Alice writes Python every week for 30 weeks, up to two days ago; Bob pairs on one commit.
    for week in range(30):
        repo.commit(
            {f"app/service_{week % 5}.py": lines(40 * (week // 5 + 1), "python")},
            author=ALICE,
            date=days_ago(2 + 7 * (29 - week), 1),
            coauthors=(BOB,) if week == 29 else (),
        )
    # Bob writes Go for 12 weeks under three identities (two emails, one mailmapped).
    for week in range(12):
        author = (BOB, BOB_OLD, BOB_HOME)[week % 3]
        repo.commit({f"svc/main_{week % 2}.go": lines(50 * (week // 2 + 1), "go")},
                    author=author, date=days_ago(10 + 7 * (11 - week), 2))  # fmt: skip
    # Alice reformats the Go code; the commit is listed in .git-blame-ignore-revs.
    reformat = repo.commit(
        {"svc/main_0.go": lines(300, "gofmt"), "svc/main_1.go": lines(300, "gofmt")},
        author=ALICE,
        date=days_ago(8, 1),
    )
    repo.commit(
        {".git-blame-ignore-revs": f"# gofmt\n{reformat}\n"}, author=ALICE, date=days_ago(8, 1)
    )
    # Dan: three identities, two small JavaScript commits and one bulk import of 30 files.
    repo.commit({"web/app.js": lines(20, "js")}, author=DAN_NOREPLY, date=days_ago(30, 9))
    repo.commit({"web/util.js": lines(15, "js")}, author=DAN_LOGIN, date=days_ago(20, 9))
    repo.commit({f"web/imported/mod_{n}.js": lines(100, "js") for n in range(30)},
                author=DAN_WORK, date=days_ago(15, 9))  # fmt: skip
    # Two different people who share only a first name.
    repo.commit({"tools/a.sh": "#!/bin/sh\necho a\n"}, author=ALEX_ONE, date=days_ago(40))
    repo.commit({"tools/b.sh": "#!/bin/sh\necho b\n"}, author=ALEX_TWO, date=days_ago(41))
    # Vendored code and a bot.
    repo.commit({f"vendor/lib/dep_{n}.go": lines(200, "dep") for n in range(4)},
                author=ALICE, date=days_ago(60, 1))  # fmt: skip
    for number in range(3):
        repo.commit({"requirements.txt": f"requests==2.{number}\n"}, author=DEPENDABOT,
                    date=days_ago(5 + number))  # fmt: skip
    facts["reformat"] = reformat
    return facts


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, dict[str, Any]]:
    repo = GitRepo(tmp_path_factory.mktemp("team") / "repo")
    build_team(repo)
    return repo, skills_json(repo.path)


def person(document: dict[str, Any], email: str) -> dict[str, Any]:
    matches = [item for item in document["people"] if email in item["emails"]]
    assert len(matches) == 1, [item["emails"] for item in document["people"]]
    return matches[0]


def test_commits_per_person_equal_shortlog_after_merging(team):
    repo, document = team
    expected: dict[str, int] = {}
    for contact, count in repo.shortlog().items():
        email = contact.rsplit("<", 1)[1].rstrip(">").lower()
        if "[bot]" in email:
            continue
        expected[person(document, email)["id"]] = (
            expected.get(person(document, email)["id"], 0) + count
        )
    assert {item["id"]: item["commits"] for item in document["people"]} == expected
    assert document["repository"]["commits_analyzed"] == sum(repo.shortlog().values())


def test_identities_merge_on_email_name_mailmap_and_noreply(team):
    _, document = team
    bob = person(document, "bob@example.com")
    assert bob["emails"] == [
        "bob.jones@oldcorp.com",
        "bob@example.com",
    ]  # bjones@home.net mailmapped
    assert bob["commits"] == 12
    assert bob["coauthored_commits"] == 1
    dan = person(document, "dan@kim.dev")
    assert dan["emails"] == ["12345+dank@users.noreply.github.com", "dan@kim.dev",
                             "dank@users.noreply.github.com"]  # fmt: skip
    assert dan["names"] == ["Dan Kim", "dank"]
    assert dan["commits"] == 3
    assert person(document, "alex@one.example")["id"] != person(document, "alex@two.example")["id"]
    assert len(document["people"]) == 6  # Alice, Bob, Carol, Dan and two Alexes


def test_levels(team):
    _, document = team
    alice = person(document, "alice@example.com")
    assert alice["languages"]["Python"]["level"] == "expert"
    assert alice["languages"]["Python"]["active_weeks"] == 30
    assert alice["languages"]["Python"]["commits"] == 30
    assert "Go" not in alice["languages"]  # the reformat is in .git-blame-ignore-revs
    bob = person(document, "bob@example.com")
    assert bob["languages"]["Go"]["level"] == "proficient"
    assert bob["languages"]["Go"]["commits"] == 12
    carol = person(document, "carol@example.com")
    assert carol["active"] is False
    assert carol["languages"]["Ruby"]["level"] == "familiar"
    dan = person(document, "dan@kim.dev")
    assert dan["languages"]["JavaScript"]["level"] != "expert"
    assert dan["languages"]["JavaScript"]["lines_added"] == 20 + 15 + 3000


def test_bulk_commit_is_down_weighted_and_counted(team):
    _, document = team
    assert document["history"]["bulk_commits"] == 1
    assert document["history"]["ignored_commits"] == 1
    dan = person(document, "dan@kim.dev")
    assert dan["languages"]["JavaScript"]["weighted_lines"] == 20 + 15 + 1000


def test_truck_factors(team):
    _, document = team
    languages = document["languages"]
    assert languages["Python"]["truck_factor"] == 1
    assert languages["Python"]["truck_factor_people"] == ["Alice Smith"]
    assert languages["Go"]["truck_factor"] == 1
    assert languages["Go"]["truck_factor_people"] == ["Bob Jones"]
    # Carol left: her Ruby has no active author, so it is orphaned already.
    assert languages["Ruby"]["truck_factor"] == 0
    assert languages["Ruby"]["orphaned_files"] == 4


def test_bots_and_excluded_paths(team):
    _, document = team
    assert document["excluded"]["bots"] == [{"name": "dependabot[bot]", "commits": 3}]
    assert document["excluded"]["paths"]["vendored"] == 4
    assert document["excluded"]["paths"]["documentation"] == 1  # README.md
    assert all("[bot]" not in name for item in document["people"] for name in item["names"])


def test_contract_keys(team):
    _, document = team
    assert document["schema_version"] == 1
    assert document["tool"]["name"] == "stackfit"
    assert set(document["repository"]) >= {"path", "head", "commits_analyzed", "shallow"}
    for item in document["people"]:
        assert set(item) >= {"id", "name", "emails", "names", "active", "commits",
                             "first_commit", "last_commit", "languages"}  # fmt: skip
        for skill in item["languages"].values():
            assert set(skill) >= {"level", "score", "commits", "lines_added", "lines_deleted",
                                  "last_commit"}  # fmt: skip
            assert skill["level"] in ("expert", "proficient", "familiar")
    for summary in document["languages"].values():
        assert set(summary) >= {"share", "truck_factor", "people"}
        assert set(summary["people"]) == {"expert", "proficient", "familiar"}
    assert abs(sum(item["share"] for item in document["languages"].values()) - 1) < 0.001


def test_same_output_run_after_run(team, tmp_path: Path):
    repo, document = team
    again = skills_json(repo.path)
    assert again["people"] == document["people"]
    assert again["languages"] == document["languages"]
