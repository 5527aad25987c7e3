"""The terminal paths: `report`'s default file, `skills --top/--active-only`, tables that wrap."""

from __future__ import annotations

import json

from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines
from tests.report.test_fit import crowd as crowd  # the module's repository fixture

LONG = "Maximiliana Alexandrovna Konstantinopolskaya <max@example.com>"


def test_report_without_output_writes_a_named_file_and_prints_its_path(crowd, tmp_path):
    as_of = ("--as-of", "2025-06-01")  # the crowd's history ends in May 2025
    result = run_stackfit("report", str(crowd.path), "--quiet", "--needs", "api", *as_of,
                          cwd=tmp_path)  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "project-team.html\n", "")
    assert (tmp_path / "project-team.html").read_text().startswith("<!DOCTYPE html>")
    markdown = run_stackfit("report", str(crowd.path), "-q", "--needs", "api", "--format",
                            "markdown", *as_of, cwd=tmp_path)  # fmt: skip
    assert markdown.stdout == "project-team.md\n"
    assert (tmp_path / "project-team.md").read_text().startswith("# Team skills report: project")
    piped = run_stackfit("report", str(crowd.path), "-q", "--needs", "api", "-o", "-", *as_of,
                         cwd=tmp_path)  # fmt: skip
    assert piped.stdout.startswith("<!DOCTYPE html>")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "project-team.html",
        "project-team.md",
    ]


def test_skills_top_and_active_only(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit({"old.py": lines(40)}, author="Old Timer <old@example.com>", date=days_ago(900))
    for week in range(6):
        repo.commit({"a.py": lines(30 + week)}, date=days_ago(7 * (6 - week)))
        repo.commit(
            {"b.py": lines(20 + week)},
            author="Bob <bob@example.com>",
            date=days_ago(7 * (6 - week) + 1),
        )
    everyone = json.loads(run_stackfit("skills", str(repo.path), "--format", "json", "-q").stdout)
    assert [person["name"] for person in everyone["people"]] == ["Alice Smith", "Bob", "Old Timer"]
    top = run_stackfit("skills", str(repo.path), "--format", "json", "-q", "--top", "1")
    assert [person["name"] for person in json.loads(top.stdout)["people"]] == ["Alice Smith"]
    assert top.stderr == (
        "stackfit: showing 1 of 3 people (--top, --active-only); languages and truck factors "
        "count everyone\n"
    )
    active = run_stackfit("skills", str(repo.path), "--format", "json", "-q", "--active-only")
    assert [person["name"] for person in json.loads(active.stdout)["people"]] == [
        "Alice Smith",
        "Bob",
    ]
    assert json.loads(active.stdout)["languages"] == everyone["languages"]
    bad = run_stackfit("skills", str(repo.path), "--top", "0")
    assert bad.returncode == 2


def test_narrow_tables_wrap_names_instead_of_cutting_them(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    for week in range(8):
        repo.commit({"a.py": lines(40 + week)}, author=LONG, date=days_ago(7 * (8 - week)))
        repo.commit({"b.go": lines(40 + week)}, author=LONG, date=days_ago(7 * (8 - week)))
        repo.commit({"c.rb": lines(40 + week)}, author=LONG, date=days_ago(7 * (8 - week)))
    table = run_stackfit("skills", str(repo.path), "-q", env={"COLUMNS": "60"})
    assert table.returncode == 0, table.stderr
    assert "…" not in table.stdout
    people = table.stdout.split("Languages")[0]
    cells = [line.split("│")[1].strip() for line in people.splitlines() if line.startswith("│")]
    # whole, in pieces, then the person's main role on its own line
    assert "".join(cells) == "MaximilianaAlexandrovnaKonstantinopolskaya" + "back-end"


def test_recommend_bars_keep_their_meaning_without_colour(tmp_path):
    """Each criterion's cells carry its letter; the legend says which letter is which."""
    repo = GitRepo(tmp_path / "repo")
    for week in range(10):
        repo.commit(
            {"app.py": "import flask\n" + lines(30 + 5 * week)}, date=days_ago(7 * (10 - week))
        )
    result = run_stackfit(
        "recommend", str(repo.path), "--needs", "api", "-q", env={"NO_COLOR": "1"}
    )
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    python = next(row for row in rows if row[:1] == ["Python"] and row[1][:2] == "0.")
    bar = python[2]
    assert set(bar) <= set("TNPHO") and bar.startswith("T"), python
    assert "T team_fit" in result.stdout and "H hiring" in result.stdout
    assert "█" not in result.stdout
