"""Options and config keys reach the model: each one changes the result it should."""

from __future__ import annotations

import pytest

from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import lines

AS_OF = ("--as-of", "2026-06-01")


@pytest.fixture
def pair(repo: GitRepo) -> GitRepo:
    for week in range(6):
        day = f"2026-0{1 + week // 3}-{1 + 7 * (week % 3):02d}T10:00:00+00:00"
        repo.commit({f"app/{week % 2}.py": lines(50 * (week + 1))}, date=day)
    repo.commit(
        {"web/x.ts": lines(30)}, author="jd <jd@laptop.local>", date="2026-05-01T10:00:00+00:00"
    )
    repo.commit(
        {"ops/deploy.sh": lines(5)},
        author="Release Robot <release@ci.example.com>",
        date="2026-05-02T10:00:00+00:00",
    )
    repo.commit(
        {"old/x.rb": lines(30)},
        author="Old Timer <old@example.com>",
        date="2025-01-02T10:00:00+00:00",
    )
    return repo


def ids(document):
    return sorted(person["id"] for person in document["people"])


def test_defaults(pair):
    document = skills_json(pair.path, *AS_OF)
    assert ids(document) == [
        "alice@example.com",
        "jd@laptop.local",
        "old@example.com",
        "release@ci.example.com",
    ]
    assert [p["active"] for p in document["people"] if p["id"] == "old@example.com"] == [False]


def test_alias_and_bot_options(pair):
    document = skills_json(
        pair.path, *AS_OF, "--alias", "Alice Smith=jd@laptop.local", "--bot", "*@ci.example.com"
    )
    assert ids(document) == ["alice@example.com", "old@example.com"]
    assert document["excluded"]["bots"] == [{"name": "Release Robot", "commits": 1}]
    alice = document["people"][0]
    assert alice["commits"] == 7
    assert alice["names"] == ["Alice Smith", "jd"]
    assert set(alice["languages"]) == {"Python", "TypeScript"}


def test_the_same_from_config(pair):
    (pair.path / ".stackfit.toml").write_text(
        'bots = ["*@ci.example.com"]\n[aliases]\n"Alice Smith" = ["jd"]\n'
    )
    document = skills_json(pair.path, *AS_OF)
    assert ids(document) == ["alice@example.com", "old@example.com"]
    assert document["model"]["config"] == ".stackfit.toml"


def test_exclude_since_until(pair):
    document = skills_json(
        pair.path,
        *AS_OF,
        "--exclude",
        "app/",
        "--since",
        "2026-01-01",
        "--until",
        "2026-05-02",
    )
    assert document["repository"]["commits_analyzed"] == 7
    assert document["excluded"]["paths"]["excluded"] == 2
    assert "Python" not in document["languages"]
    assert "Ruby" not in {lang for p in document["people"] for lang in p["languages"]}


def test_active_days_and_half_life(pair):
    document = skills_json(pair.path, *AS_OF, "--active-days", "600")
    assert all(person["active"] for person in document["people"])
    slow = skills_json(pair.path, *AS_OF, "--half-life-days", "10000")
    fast = skills_json(pair.path, *AS_OF, "--half-life-days", "200")
    score = lambda doc: doc["people"][0]["languages"]["Python"]["score"]  # noqa: E731
    assert score(slow) > score(fast)
    assert slow["model"]["half_life_days"] == 10000


def test_bulk_thresholds(pair):
    default = skills_json(pair.path, *AS_OF)
    strict = skills_json(pair.path, *AS_OF, "--bulk-min-lines", "100", "--bulk-min-files", "1")
    assert default["history"]["bulk_commits"] == 0
    assert strict["history"]["bulk_commits"] == 5  # Alice's five commits of 100 lines
    assert strict["model"]["bulk_min_lines"] == 100


def test_rev_reads_an_older_state(pair):
    document = skills_json(pair.path, *AS_OF, "--rev", "HEAD~3")
    assert document["repository"]["commits_analyzed"] == 6
    assert ids(document) == ["alice@example.com"]
