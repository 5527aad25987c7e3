"""Frameworks per person: lines changed in files that import a framework, renames followed."""

from __future__ import annotations

import json
import os
from datetime import datetime
from datetime import timezone
from pathlib import Path

import pytest

from analyzer.code.file_frameworks import read_file_frameworks
from analyzer.code.scan import ScanSettings
from analyzer.git.repository import open_repository
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import read_head_tree
from analyzer.skills.model import skill_score
from tests.conftest import run_stackfit
from tests.conftest import skills_json
from tests.gitrepo import GitRepo
from tests.gitrepo import lines

ALICE = "Alice Smith <alice@example.com>"
BOB = "Bob Jones <bob@example.com>"
CAROL = "Carol White <carol@example.com>"
DAN = "Dan Brown <dan@example.com>"
AS_OF = ("--as-of", "2025-03-01")
AS_OF_END = datetime(2025, 3, 1, 23, 59, 59, tzinfo=timezone.utc)  # "now" for recency
DJANGO_HEAD = "from django.http import HttpResponse\n"
EXPRESS_HEAD = "const express = require('express');\n"


def day(number: int) -> str:
    """A fixed date in January 2025 (recency must not move with the clock)."""
    return f"2025-01-{number:02d}T10:00:00+00:00"


@pytest.fixture
def team(tmp_path: Path) -> GitRepo:
    """Alice writes a Django view that Carol renames and extends; Bob writes an Express server;
    Dan writes a plain Python file beside requirements.txt that declares Django."""
    repo = GitRepo(tmp_path / "team")
    repo.commit({"web/views.py": DJANGO_HEAD + lines(99, "x = ")}, author=ALICE, date=day(6))
    repo.commit({"web/views.py": DJANGO_HEAD + lines(119, "x = ")}, author=ALICE, date=day(14))
    repo.commit({"api/server.js": EXPRESS_HEAD + lines(79, "// ")}, author=BOB, date=day(7))
    repo.commit(
        {"web/requirements.txt": "Django==5.0.4\n", "web/util.py": lines(60, "y = ")},
        author=DAN,
        date=day(8),
    )
    repo.rename("web/views.py", "web/handlers.py", author=CAROL, date=day(20))
    repo.commit(
        {"web/handlers.py": DJANGO_HEAD + lines(119, "x = ") + lines(80, "z = ")},
        author=CAROL,
        date=day(21),
    )
    return repo


def frameworks_of(document: dict, name: str) -> dict:
    (person,) = [person for person in document["people"] if person["name"] == name]
    return person["frameworks"]


def test_each_person_gets_the_frameworks_of_the_files_they_changed(team):
    document = skills_json(team.path, *AS_OF)
    alice = frameworks_of(document, "Alice Smith")
    assert list(alice) == ["django"]
    # 100 lines, then 20 more, in web/views.py: counted for web/handlers.py as named today.
    assert alice["django"]["lines"] == 120
    assert alice["django"]["files"] == 1
    assert alice["django"]["active_weeks"] == 2
    assert alice["django"]["last_commit"] == "2025-01-14T10:00:00+00:00"
    assert alice["django"]["name"] == "Django"
    days = (AS_OF_END - datetime(2025, 1, 14, 10, tzinfo=timezone.utc)).total_seconds() / 86400
    assert alice["django"]["score"] == round(skill_score(120, 2, days), 4)
    assert alice["django"]["level"] == "familiar"
    assert alice["django"]["say"] == (
        "120 lines changed in 1 file that use Django, in 2 weeks; last 2025-01-14"
    )
    bob = frameworks_of(document, "Bob Jones")
    assert list(bob) == ["express"]
    assert (bob["express"]["lines"], bob["express"]["files"]) == (80, 1)
    carol = frameworks_of(document, "Carol White")
    assert list(carol) == ["django"]
    assert carol["django"]["lines"] == 80  # the rename itself changed no line
    assert carol["django"]["last_commit"] == "2025-01-21T10:00:00+00:00"
    assert frameworks_of(document, "Dan Brown") == {}  # a manifest beside a file is not use


def test_the_map_of_files_to_frameworks_uses_imports_only(team):
    team.commit(
        {
            "web/other.py": "import os\nimport flask.json\n",
            "web/feature.py": "import djangorestframework_helpers\n",
            "Dockerfile": "FROM python:3.12\n",
            "web/static/app.ts": "import { Injectable } from '@nestjs/common';\n",
        },
        author=DAN,
        date=day(22),
    )
    repo = open_repository(team.path)
    head = read_head_tree(repo)
    found = read_file_frameworks(repo, head, Classifier(head), ScanSettings())
    assert dict(found.paths) == {
        "Dockerfile": ("docker",),
        "api/server.js": ("express",),
        "web/handlers.py": ("django",),
        "web/other.py": ("flask",),
        "web/static/app.ts": ("nestjs",),
    }
    assert found.warnings == ()


def test_bulk_commits_are_scaled_down_as_for_languages(team):
    team.commit(
        {"api/server.js": EXPRESS_HEAD + lines(79, "// ") + lines(20, "a"), "api/b.js": lines(10)},
        author=BOB,
        date=day(22),
    )
    document = skills_json(team.path, *AS_OF, "--bulk-min-lines", "20", "--bulk-min-files", "2")
    express = frameworks_of(document, "Bob Jones")["express"]
    assert express["lines"] == 100
    assert express["weighted_lines"] == round(80 + 20 * 20 / 30, 1)  # 20 of its 30 lines count
    assert express["active_weeks"] == 2  # 7 and 22 January


def test_coauthors_are_credited_like_authors(team):
    team.commit(
        {"api/server.js": EXPRESS_HEAD + lines(79, "// ") + lines(40, "b")},
        author=BOB,
        date=day(23),
        message="More routes",
        coauthors=(DAN,),
    )
    document = skills_json(team.path, *AS_OF)
    dan = frameworks_of(document, "Dan Brown")
    assert list(dan) == ["express"]
    assert (dan["express"]["lines"], dan["express"]["active_weeks"]) == (40, 1)
    assert frameworks_of(document, "Bob Jones")["express"]["lines"] == 120


def test_no_frameworks_skips_the_parse(team):
    document = skills_json(team.path, *AS_OF, "--no-frameworks")
    assert all(person["frameworks"] == {} for person in document["people"])
    config = team.path / ".stackfit.toml"
    config.write_text("frameworks = false\n")
    document = skills_json(team.path, *AS_OF)
    assert all(person["frameworks"] == {} for person in document["people"])
    assert frameworks_of(skills_json(team.path, *AS_OF, "--frameworks"), "Bob Jones")


def test_a_warm_cache_gives_the_same_frameworks(team):
    cold = run_stackfit("skills", str(team.path), "--format", "json", *AS_OF)
    warm = run_stackfit("skills", str(team.path), "--format", "json", *AS_OF)
    fresh = run_stackfit("skills", str(team.path), "--format", "json", "--no-cache", *AS_OF)
    assert cold.returncode == warm.returncode == fresh.returncode == 0
    assert cold.stdout == warm.stdout == fresh.stdout
    assert frameworks_of(json.loads(warm.stdout), "Alice Smith")["django"]["lines"] == 120


def test_a_bare_repository_has_frameworks(team, tmp_path):
    bare = tmp_path / "bare.git"
    team.git("clone", "-q", "--bare", str(team.path), str(bare))
    document = skills_json(bare, *AS_OF)
    assert frameworks_of(document, "Bob Jones")["express"]["lines"] == 80


def test_a_partial_clone_gives_skills_and_a_warning(team, tmp_path):
    team.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    team.git(
        "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{team.path}", str(clone)
    )
    result = run_stackfit("skills", str(clone), "--format", "json", *AS_OF)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert all(person["frameworks"] == {} for person in document["people"])
    assert "frameworks per person are unknown" in result.stderr


def test_a_blob_missing_from_the_tree_leaves_out_only_that_file(team):
    blob = team.git("rev-parse", "HEAD:api/server.js").strip()
    os.remove(team.path / ".git" / "objects" / blob[:2] / blob[2:])
    result = run_stackfit("skills", str(team.path), "--format", "json", *AS_OF)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert frameworks_of(document, "Bob Jones") == {}
    assert frameworks_of(document, "Alice Smith")["django"]["lines"] == 120
    assert "the contents of 1 file of the analysed revision are missing" in result.stderr


def test_huge_files_are_left_out_not_fatal(team):
    team.commit({"api/huge.js": EXPRESS_HEAD + "x".ljust(2 << 20, "x") + "\n"}, author=BOB)
    document = skills_json(team.path, *AS_OF)
    assert frameworks_of(document, "Bob Jones")["express"]["files"] == 1


def test_frameworks_are_shown_beside_languages(team, tmp_path):
    output = tmp_path / "table.txt"
    table = run_stackfit("skills", str(team.path), *AS_OF, "-o", str(output))
    assert table.returncode == 0, table.stderr
    rows = output.read_text().splitlines()
    assert "┃ Frameworks " in next(row for row in rows if "┃ Person" in row)
    assert "│ Express familiar " in next(row for row in rows if row.startswith("│ Bob Jones"))
    markdown = run_stackfit("skills", str(team.path), "--format", "markdown", *AS_OF).stdout
    assert "| Person | Active | Commits | Python | JavaScript | Frameworks |" in markdown
    assert "| Alice Smith | yes | 2 | familiar 0.27 | · | Django familiar |" in markdown


def test_the_map_is_the_same_with_worker_processes(team, monkeypatch):
    repo = open_repository(team.path)
    head = read_head_tree(repo)
    alone = read_file_frameworks(repo, head, Classifier(head), ScanSettings(jobs=1))
    monkeypatch.setattr("analyzer.code.file_frameworks.POOL_MIN_FILES", 0)
    pooled = read_file_frameworks(repo, head, Classifier(head), ScanSettings(jobs=2))
    assert pooled == alone
    assert dict(alone.paths) == {
        "api/server.js": ("express",),
        "web/handlers.py": ("django",),
    }
