"""Teams built as real repositories whose answer is obvious, asked for a new service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

EXTENSIONS = {"Go": "go", "Python": "py", "TypeScript": "ts", "Java": "java", "Kotlin": "kt"}


def grow(repo: GitRepo, author: str, language: str, weeks: int, *, start_days_ago: int = 3) -> None:
    """AUTHOR writes LANGUAGE every week for WEEKS weeks, ending START_DAYS_AGO days ago."""
    extension = EXTENSIONS[language]
    slug = author.split()[0].lower()
    for week in range(weeks):
        path = f"src/{slug}/m{week % 4}.{extension}"
        repo.commit(
            {path: lines(60 * (week // 4 + 1), f"{slug} {language}")},
            author=author,
            date=days_ago(start_days_ago + 7 * (weeks - 1 - week)),
        )


def recommend(repo: GitRepo, *args: str) -> dict[str, Any]:
    result = run_stackfit("recommend", str(repo.path), "--format", "json", "--no-cache", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def order(document: dict[str, Any]) -> list[str]:
    return [item["stack"] for item in document["ranking"]]


def team(
    factory: pytest.TempPathFactory,
    manifest: dict[str, str],
    language: str,
    people: tuple[str, ...],
) -> GitRepo:
    """A repository with MANIFEST and three PEOPLE writing LANGUAGE weekly for 24 weeks."""
    repo = GitRepo(factory.mktemp(language) / "repo")
    repo.commit(dict(manifest), date=days_ago(400))
    for name in people:
        grow(repo, name, language, 24)
    return repo


@pytest.fixture(scope="module")
def go_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    people = (
        "Ana Lopez <ana@example.com>",
        "Ben Okafor <ben@example.com>",
        "Chen Wei <chen@example.com>",
    )
    return team(
        tmp_path_factory, {"go.mod": "module example.com/platform\n\ngo 1.22\n"}, "Go", people
    )


@pytest.fixture(scope="module")
def python_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    people = (
        "Dana Reyes <dana@example.com>",
        "Eli Novak <eli@example.com>",
        "Fay Ito <fay@example.com>",
    )
    return team(
        tmp_path_factory, {"pyproject.toml": "[project]\nname = 'models'\n"}, "Python", people
    )


@pytest.fixture(scope="module")
def typescript_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    package = {"name": "app", "dependencies": {"react": "^18.0.0", "express": "^4.19.0"}}
    people = (
        "Gus Hale <gus@example.com>",
        "Hana Sato <hana@example.com>",
        "Ivan Petrov <ivan@example.com>",
    )
    return team(tmp_path_factory, {"package.json": json.dumps(package)}, "TypeScript", people)


@pytest.fixture(scope="module")
def spring_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("jvm") / "repo")
    repo.commit(
        {"pom.xml": "<project><artifactId>api</artifactId></project>\n"}, date=days_ago(400)
    )
    grow(repo, "Jo Kim <jo@example.com>", "Java", 24)
    grow(repo, "Kai Berg <kai@example.com>", "Java", 24)
    grow(repo, "Lia Moss <lia@example.com>", "Kotlin", 24)
    return repo


def test_go_team_high_throughput_service(go_team):
    document = recommend(go_team, "--needs", "high-throughput")
    assert order(document)[0] == "go"
    go = document["ranking"][0]
    assert go["criteria"]["team_fit"]["evidence"][0].startswith("3 back-end Go engineers, ")
    assert go["criteria"]["risk"]["contribution"] == 0
    assert any("manifest: go.mod" in line for line in go["criteria"]["operational_fit"]["evidence"])
    assert document["requirements"] == {
        "needs": ["high-throughput"],
        "source": "flag",
        "detail": "from --needs",
        "must": [],
    }


def test_python_team_ml_service(python_team):
    assert order(recommend(python_team, "--needs", "data-ml"))[0] == "python"


def test_python_team_cpu_heavy_never_gets_node_first(python_team):
    ranking = order(recommend(python_team, "--needs", "cpu-heavy"))
    assert ranking[0] != "node"
    assert ranking.index("python") < ranking.index("node")


def test_typescript_team_realtime_service(typescript_team):
    document = recommend(typescript_team, "--needs", "realtime")
    assert order(document)[0] == "node"
    facts = document["ranking"][0]["criteria"]["operational_fit"]["evidence"]
    assert "manifest: package.json" in facts  # react and express: it runs a Node server too


def test_spring_team_ordinary_api(spring_team):
    document = recommend(spring_team, "--needs", "api")
    assert order(document)[0] == "java"
    assert document["ranking"][0]["name"] == "Java / Kotlin (JVM)"


def test_departed_go_expert_counts_for_nothing(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    grow(repo, "Old Hand <old@example.com>", "Go", 30, start_days_ago=730)
    grow(repo, "Pia Lund <pia@example.com>", "Python", 24)
    document = recommend(repo, "--needs", "high-throughput")
    go = next(item for item in document["ranking"] if item["stack"] == "go")
    assert go["criteria"]["team_fit"]["evidence"][0] == "nobody on the team writes Go"
    assert go["criteria"]["risk"]["score"] == 0.5  # the missing skill is team_fit's to count
    assert go["criteria"]["risk"]["evidence"][0].startswith("rests on nobody")


def test_contributions_sum_to_scores_and_weights_are_reported(go_team):
    document = recommend(go_team, "--needs", "api,realtime")
    assert document["weights"]["performance_fit"] == 0  # no need asks for performance
    assert sum(
        value for name, value in document["weights"].items() if name != "risk"
    ) == pytest.approx(1)
    for item in document["ranking"]:
        total = sum(criterion["contribution"] for criterion in item["criteria"].values())
        assert total == pytest.approx(item["score"], abs=1e-3)
    assert document["margin"] == pytest.approx(
        document["ranking"][0]["score"] - document["ranking"][1]["score"], abs=1e-3
    )
    assert document["sensitivity"]["new_winner"] in order(document)[1:]


def test_what_if_the_experts_leave(go_team):
    before = recommend(go_team, "--needs", "high-throughput")
    after = recommend(go_team, "--needs", "high-throughput", "--without", "ana@example.com",
                      "--without", "Ben Okafor", "--without", "chen@example.com")  # fmt: skip
    score = lambda doc: next(i["score"] for i in doc["ranking"] if i["stack"] == "go")  # noqa: E731
    assert score(after) < score(before)
    assert after["what_if"]["without"] == ["ana@example.com", "Ben Okafor", "chen@example.com"]


def test_what_if_we_hire(python_team):
    before = recommend(python_team, "--needs", "high-throughput")
    after = recommend(python_team, "--needs", "high-throughput", "--hire", "go:3")
    go_before = next(i for i in before["ranking"] if i["stack"] == "go")
    go_after = next(i for i in after["ranking"] if i["stack"] == "go")
    assert go_after["score"] > go_before["score"]
    assert go_after["criteria"]["risk"]["score"] == 0
    assert "3 planned hires" in go_after["criteria"]["team_fit"]["evidence"][0]


def test_weight_option_changes_the_weights(go_team):
    document = recommend(
        go_team, "--needs", "api", "--weight", "team_fit=0", "--weight", "hiring=1"
    )
    assert document["weights"]["team_fit"] == 0
    assert order(document)[0] == "node"  # hiring alone: the largest community


def test_needs_from_config_and_service_file(go_team, tmp_path: Path):
    service = tmp_path / "service.toml"
    service.write_text('[service]\nneeds = ["infra", "cli-free-text-is-rejected"]\n')
    result = run_stackfit("recommend", str(go_team.path), "--service", str(service), "--no-cache")
    assert result.returncode == 2
    assert "unknown need 'cli-free-text-is-rejected'" in result.stderr
    service.write_text('needs = ["infra"]\n')
    document = recommend(go_team, "--service", str(service))
    assert document["requirements"]["needs"] == ["infra"]
    assert document["requirements"]["source"] == "file"


def test_markdown_and_table(go_team):
    result = run_stackfit(
        "recommend", str(go_team.path), "--needs", "infra", "--format", "markdown", "--no-cache"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Stack recommendation")
    assert "## Go:" in result.stdout and "Cells are contributions" in result.stdout
    assert "Sensitivity:" in result.stdout or "No single --weight value" in result.stdout
    table = run_stackfit("recommend", str(go_team.path), "--needs", "infra", "--no-cache")
    assert table.returncode == 0 and "Go leads with" in table.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--needs", "realtme"), "unknown need 'realtme'"),
        (("--weight", "team=0.5"), "bad --weight 'team=0.5'"),
        (("--weight", "team_fit=2"), "out of range"),
        (("--hire", "cobol:2"), "bad --hire 'cobol:2'"),
        (("--without", "nobody@example.com"), "nobody of that name"),
    ],
)
def test_bad_recommend_input(go_team, args, fragment):
    result = run_stackfit("recommend", str(go_team.path), "--no-cache", *args)
    assert result.returncode == 2
    assert result.stderr.startswith("stackfit: error: ") and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_profile_names_file_and_field(go_team, tmp_path: Path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "id: mine\nname: Mine\nlanguages: [Go]\nneeds: {api: {strength: 2}}\n"
    )
    result = run_stackfit("recommend", str(go_team.path), "--profiles", str(folder), "--no-cache")
    assert result.returncode == 2
    assert (
        "mine.yaml: needs.realtime is missing" in result.stderr
        or "mine.yaml: needs." in result.stderr
    )


def test_needs_inferred_from_the_code_when_none_are_given(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    package = {"name": "chat", "dependencies": {"socket.io": "^4.7.0", "express": "^4.19.0"}}
    server = (
        "import { Server } from 'socket.io';\nimport express from 'express';\n"
        "const io = new Server();\nio.on('connection', async (socket) => { await socket.join('a'); });\n"
    )
    repo.commit({"package.json": json.dumps(package), "src/server.ts": server}, date=days_ago(30))
    grow(repo, "Gus Hale <gus@example.com>", "TypeScript", 12)
    document = recommend(repo)
    requirements = document["requirements"]
    assert requirements["source"] == "inferred"
    assert "realtime" in requirements["needs"]
    assert "socket.io" in requirements["detail"]
    assert requirements["detail"].startswith("inferred from what the code base does")


def test_weights_from_config_and_flag(go_team):
    config = go_team.path / ".stackfit.toml"
    try:
        config.write_text("[weights]\nteam_fit = 0\nhiring = 1\n")
        document = recommend(go_team, "--needs", "api")
        assert document["weights"]["team_fit"] == 0 and order(document)[0] == "node"
        flagged = recommend(go_team, "--needs", "api", "--weight", "team_fit=1")
        # the flag wins over the config's team_fit = 0; hiring = 1 stays; positives sum to 1
        assert flagged["weights"]["team_fit"] == round(1 / (1 + 0.25 + 1 + 0.10), 4)
        config.write_text("[weights]\nteam = 0.5\n")
        result = run_stackfit("recommend", str(go_team.path), "--no-cache")
        assert result.returncode == 2 and "unknown criterion 'weights.team'" in result.stderr
        config.write_text("[weights]\nteam_fit = 3\n")
        result = run_stackfit("recommend", str(go_team.path), "--no-cache")
        assert result.returncode == 2 and "'weights.team_fit' in .stackfit.toml" in result.stderr
    finally:
        config.unlink()


def test_a_run_lists_the_revision_once_and_reads_each_blob_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History, operations and the scan share one snapshot of the revision (the real git
    runs; each call is only recorded on its way)."""
    from analyzer.config import load_settings
    from analyzer.git.repository import open_repository
    from analyzer.languages import tree
    from analyzer.recommend.rank import recommend as rank_stacks

    repo = GitRepo(tmp_path / "repo")
    files = {
        "app.py": "import flask\n",
        "tool": "#!/usr/bin/env python3\nprint(1)\n",
        "Dockerfile": "FROM python:3.12\n",
        "requirements.txt": "flask\n",
        "web/package.json": '{"dependencies": {"react": "18"}}\n',
    }
    repo.commit(files, date=days_ago(10))
    listed: list[str] = []
    asked: list[str] = []
    real_run, real_stream = tree.run_git, tree.stream_git

    def run(cwd: Path, args: Any, **kwargs: Any) -> bytes:
        listed.append(args[0])
        return real_run(cwd, args, **kwargs)

    def stream(cwd: Path, args: Any, **kwargs: Any) -> Any:
        asked.extend(kwargs.get("stdin_lines") or ())
        return real_stream(cwd, args, **kwargs)

    monkeypatch.setattr(tree, "run_git", run)
    monkeypatch.setattr(tree, "stream_git", stream)
    opened = open_repository(str(repo.path))
    _, ranking = rank_stacks(opened, load_settings(opened, None), None, weights={})
    assert listed == ["ls-tree"]
    assert len(asked) == len(set(asked)) == len(files)
    assert "web/package.json uses react" in repr(ranking)  # the operations read their blobs
    assert ranking.requirements.needs == ("api",)  # the scan read the code: nothing stronger
