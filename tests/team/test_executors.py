"""One team across several repositories: mining in parallel, mine + merge, discovery, Dask."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import lines

AS_OF = "2026-06-30"
ALICE_WORK = "Alice Smith <alice@work.example>"
ALICE_HOME = "Alice Smith <alice@home.example>"  # the same full name: one person
BOB = "Bob Jones <bob@work.example>"
BOB_OPS = "bjones <bjones@ops.example>"  # merged with Bob by an alias
CAROL = "Carol White <carol@work.example>"


def at(day: str) -> str:
    return f"{day}T10:00:00+00:00"


def build_team(root: Path) -> dict[str, Path]:
    """Three repositories of one team, and a folder that claims to be one but is not."""
    api = GitRepo(root / "api")
    api.commit({"app.py": lines(40)}, author=ALICE_WORK, date=at("2026-03-02"))
    api.commit({"app.py": lines(60)}, author=ALICE_WORK, date=at("2026-04-06"))
    api.commit({"server.go": lines(50, "go")}, author=BOB, date=at("2026-04-07"))
    api.commit({"app.py": lines(80)}, author=ALICE_WORK, date=at("2026-05-04"))
    api.commit({"server.go": lines(90, "go")}, author=BOB, date=at("2026-05-05"))
    web = GitRepo(root / "web")
    web.commit({"ui.ts": lines(30, "ts")}, author=ALICE_HOME, date=at("2026-05-11"))
    web.commit({"ui.ts": lines(70, "ts")}, author=CAROL, date=at("2026-06-01"))
    web.commit({"ui.ts": lines(90, "ts")}, author=ALICE_HOME, date=at("2026-06-08"))
    infra = GitRepo(root / "infra")
    infra.commit({"tool.go": lines(20, "go")}, author=BOB_OPS, date=at("2025-09-01"))
    infra.commit({"tool.go": lines(45, "go")}, author=BOB_OPS, date=at("2025-10-06"))
    broken = root / "broken"
    broken.mkdir()
    (broken / "README").write_text("not a repository\n")
    return {"api": api.path, "web": web.path, "infra": infra.path, "broken": broken}


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_team(tmp_path_factory.mktemp("team"))


TEAM_OPTIONS = ("--as-of", AS_OF, "--alias", "Bob Jones=bjones@ops.example", "--no-cache")


def skills(*args: str) -> dict[str, Any]:
    result = run_stackfit("skills", "--format", "json", *TEAM_OPTIONS, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def person(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in document["people"] if item["name"] == name)


def test_three_repositories_are_one_team(team: dict[str, Path]) -> None:
    result = run_stackfit(
        "skills", "--format", "json", *TEAM_OPTIONS,
        *(str(team[name]) for name in ("api", "web", "infra", "broken")),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"skipped {team['broken']}: not a git repository" in result.stderr
    document = json.loads(result.stdout)
    repositories = {entry["name"]: entry for entry in document["repositories"]}
    assert {name: entry["commits"] for name, entry in repositories.items()} == {
        "api": 5, "web": 3, "infra": 2, "broken": 0,
    }  # fmt: skip
    assert repositories["broken"]["error"].startswith("not a git repository")
    assert all(repositories[name]["error"] is None for name in ("api", "web", "infra"))
    assert document["repository"]["commits_analyzed"] == 10
    assert document["repository"]["path"] == "3 repositories (api, infra, web)"

    assert [item["name"] for item in document["people"]] == [
        "Alice Smith",
        "Bob Jones",
        "Carol White",
    ]
    alice = person(document, "Alice Smith")
    assert alice["commits"] == 5
    assert sorted(alice["emails"]) == ["alice@home.example", "alice@work.example"]
    assert sorted(alice["languages"]) == ["Python", "TypeScript"]
    assert alice["languages"]["Python"]["commits"] == 3
    assert list(alice["languages"]["Python"]["repositories"]) == ["api"]
    assert alice["languages"]["TypeScript"]["repositories"]["web"]["commits"] == 2
    assert (
        alice["languages"]["TypeScript"]["repositories"]["web"]["lines_added"] == 30 + 20
    )  # ui.ts grew from 70 to 90 lines

    bob = person(document, "Bob Jones")
    assert bob["commits"] == 4
    go = bob["languages"]["Go"]
    assert go["commits"] == 4
    assert go["lines_added"] == 50 + 40 + 20 + 25  # files grew: 50→90, 20→45
    assert sorted(go["repositories"]) == ["api", "infra"]
    assert go["repositories"]["api"]["commits"] == 2
    assert go["repositories"]["infra"]["commits"] == 2
    # Each repository's work is judged with its own recency, then combined (noisy-OR).
    api_score = go["repositories"]["api"]["score"]
    infra_score = go["repositories"]["infra"]["score"]
    assert infra_score < api_score  # infra's Go is older
    assert go["score"] == pytest.approx(1 - (1 - api_score) * (1 - infra_score), abs=1e-3)

    # Truck factors run over the union of the repositories' files.
    assert document["languages"]["Go"]["files"] == 2
    assert document["languages"]["Go"]["truck_factor"] == 1
    assert document["languages"]["Go"]["truck_factor_people"] == ["Bob Jones"]
    assert document["languages"]["TypeScript"]["files"] == 1
    assert sum(month["commits"] for month in document["rhythm"]["months"]) == 10


def test_strict_stops_at_the_broken_repository(team: dict[str, Path]) -> None:
    result = run_stackfit(
        "skills", "--strict", *TEAM_OPTIONS, str(team["api"]), str(team["broken"])
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"stackfit: error: cannot analyse {team['broken']}")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_mine_then_merge_equals_the_direct_run_in_any_order(
    team: dict[str, Path], tmp_path: Path
) -> None:
    files = {}
    for name in ("api", "web", "infra"):
        files[name] = tmp_path / f"{name}.json"
        result = run_stackfit("mine", str(team[name]), "-o", str(files[name]), "--no-cache")
        assert result.returncode == 0, result.stderr
        text = files[name].read_text()
        assert "lines 1" not in text and "go 1" not in text  # counts, never source text

    def merged(target: str, *names: str) -> Path:
        out = tmp_path / target
        sources = [str(files[name]) if name in files else str(tmp_path / name) for name in names]
        result = run_stackfit("merge", *sources, "-o", str(out))
        assert result.returncode == 0, result.stderr
        return out

    merged("ab.json", "api", "web")
    merged("bc.json", "web", "infra")
    left = merged("left.json", "ab.json", "infra")  # (api + web) + infra
    right = merged("right.json", "api", "bc.json")  # api + (web + infra)
    reverse = merged("reverse.json", "infra", "web", "api")
    twice = merged("twice.json", "left.json", "api")  # api again: kept once
    assert left.read_bytes() == right.read_bytes() == reverse.read_bytes() == twice.read_bytes()

    direct = skills(*(str(team[name]) for name in ("api", "web", "infra")))
    from_file = skills("--evidence", str(left))
    assert from_file == direct


def test_recommend_and_report_read_evidence_files(team: dict[str, Path], tmp_path: Path) -> None:
    evidence = tmp_path / "team.json"
    result = run_stackfit("mine", str(team["api"]), str(team["web"]), "-o", str(evidence))
    assert result.returncode == 0, result.stderr
    ranked = run_stackfit("recommend", "--evidence", str(evidence), "--needs", "api",
                          "--format", "json", "--as-of", AS_OF)  # fmt: skip
    assert ranked.returncode == 0, ranked.stderr
    assert len(json.loads(ranked.stdout)["ranking"]) >= 6
    page = tmp_path / "team.html"
    reported = run_stackfit("report", "--evidence", str(evidence), "-o", str(page), "--anonymize")
    assert reported.returncode == 0, reported.stderr
    html = page.read_text()
    assert "2 repositories (api, web)" in html
    assert "Alice Smith" not in html


def test_bad_evidence_files_are_one_line_errors(tmp_path: Path) -> None:
    cases = {
        "not-json.json": "{ nope",
        "other.json": json.dumps({"schema_version": 1}),
        "future.json": json.dumps({"kind": "stackfit-evidence", "format": 99, "repositories": []}),
        "damaged.json": json.dumps(
            {"kind": "stackfit-evidence", "format": 1, "repositories": [{}]}
        ),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        result = run_stackfit("skills", "--evidence", str(tmp_path / name))
        assert result.returncode == 2, name
        assert result.stderr.count("\n") == 1 and str(tmp_path / name) in result.stderr, name
        assert "Traceback" not in result.stderr


def test_discover_and_repos_from(team: dict[str, Path], tmp_path: Path) -> None:
    root = team["api"].parent
    nested = GitRepo(root / "web" / "node_modules" / "left-pad")  # inside a repository: its own
    nested.commit({"index.js": "x\n"}, date=at("2026-01-01"))
    hidden = GitRepo(root / "deps" / "node_modules" / "pkg")  # a dependency folder: skipped
    hidden.commit({"index.js": "x\n"}, date=at("2026-01-01"))
    bare = GitRepo(root / "mirrors" / "infra.git", bare=True)
    GitRepo(team["infra"]).git("push", "-q", str(bare.path), "main:main")  # init: a no-op

    found = skills("--discover", str(root))  # the mirror is infra itself: counted once
    assert sorted(entry["path"] for entry in found["repositories"]) == sorted(
        str(path) for path in (team["api"], team["infra"], team["web"])
    )

    listing = tmp_path / "repos.txt"
    listing.write_text(f"# our services\n{team['api']}\n\n{team['web']}\n{team['api']}\n")
    listed = skills("--repos-from", str(listing))
    assert [entry["name"] for entry in listed["repositories"]] == ["api", "web"]


def test_the_same_folder_name_twice_gets_distinct_labels(tmp_path: Path) -> None:
    first = GitRepo(tmp_path / "one" / "service")
    first.commit({"a.py": lines(10)}, author=ALICE_WORK, date=at("2026-06-01"))
    second = GitRepo(tmp_path / "two" / "service")
    second.commit({"b.py": lines(10)}, author=ALICE_WORK, date=at("2026-06-02"))
    document = skills(str(first.path), str(second.path))
    labels = sorted(entry["name"] for entry in document["repositories"])
    assert labels == sorted(f"service@{repo.head()[:7]}" for repo in (first, second))
    assert document["languages"]["Python"]["files"] == 2


def test_dask_local_cluster_gives_the_process_pool_answer(team: dict[str, Path]) -> None:
    pytest.importorskip("dask.distributed")
    paths = [str(team[name]) for name in ("api", "web", "infra", "broken")]
    pool = skills(*paths, "--jobs", "2")
    dask = skills(*paths, "--executor", "dask", "--jobs", "2")
    assert dask == pool


def test_a_bad_executor_is_a_one_line_error(team: dict[str, Path]) -> None:
    result = run_stackfit("skills", str(team["api"]), str(team["web"]), "--executor", "spark")
    assert result.returncode == 2
    assert "unknown --executor 'spark'" in result.stderr


def test_frameworks_per_person_across_repositories_and_evidence_files(tmp_path: Path) -> None:
    view = "from django.http import HttpResponse\n\n" + lines(40, "# view")
    server = "const express = require('express')\n" + lines(30, "// route")
    shop = GitRepo(tmp_path / "shop")
    shop.commit({"requirements.txt": "Django==5.0\n", "views.py": view}, author=ALICE_WORK,
                date=at("2026-05-04"))  # fmt: skip
    edge = GitRepo(tmp_path / "edge")
    edge.commit({"package.json": '{"dependencies": {"express": "4"}}\n', "server.js": server},
                author=ALICE_HOME, date=at("2026-06-01"))  # fmt: skip
    direct = skills(str(shop.path), str(edge.path))
    frameworks = person(direct, "Alice Smith")["frameworks"]
    assert sorted(frameworks) == ["django", "express"]
    assert frameworks["django"]["lines"] == 42
    assert frameworks["express"]["lines"] == 31
    assert frameworks["django"]["files"] == frameworks["express"]["files"] == 1

    evidence = tmp_path / "team.json"
    result = run_stackfit("mine", str(edge.path), str(shop.path), "-o", str(evidence), "--no-scan")
    assert result.returncode == 0, result.stderr
    assert skills("--evidence", str(evidence)) == direct
