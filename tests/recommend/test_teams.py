"""Teams as real repositories whose right answer a lead would agree on: the leader, the wording
of the caveat and the confidence band."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import days_ago
from tests.gitrepo import lines

DJANGO_VIEW = "from django.http import JsonResponse\n\n\ndef view(request):\n    return 1\n"


def work(repo: GitRepo, author: str, paths: tuple[str, ...], weeks: int, head: str = "") -> None:
    """AUTHOR changes PATHS (in turn) every week for WEEKS weeks, ending three days ago."""
    for week in range(weeks):
        path = paths[week % len(paths)]
        body = head + lines(40 * (week // len(paths) + 1), f"{author.split()[0]} {path}")
        repo.commit({path: body}, author=author, date=days_ago(3 + 7 * (weeks - 1 - week)))


def three_engineers(repo: GitRepo, tag: str, paths: tuple[str, ...]) -> None:
    """Ana, Ben and Cy each change PATHS weekly for half a year."""
    for name in ("Ana", "Ben", "Cy"):
        work(repo, f"{name} {tag} <{name.lower()}@example.com>", paths, 26)


def recommend(repo: GitRepo, *args: str) -> dict[str, Any]:
    result = run_stackfit("recommend", str(repo.path), "--format", "json", "--no-cache", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def stack(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in document["ranking"] if item["stack"] == name)


def start(factory: pytest.TempPathFactory, name: str, files: dict[str, str]) -> GitRepo:
    repo = GitRepo(factory.mktemp(name) / "repo")
    repo.commit(files, date=days_ago(400))
    return repo


@pytest.fixture(scope="module")
def django_react(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    package = {"name": "web", "dependencies": {"react": "^18.0.0"}}
    repo = start(
        tmp_path_factory,
        "django",
        {"backend/pyproject.toml": "[project]\nname = 'api'\ndependencies = ['django']\n",
         "frontend/package.json": json.dumps(package),
         "Dockerfile": "FROM node:20 AS build\nRUN npm ci\nFROM python:3.12\n"},
    )  # fmt: skip
    views = ("backend/app/views.py", "backend/app/models.py")
    components = ("frontend/src/App.tsx", "frontend/src/List.tsx", "frontend/src/api.ts")
    work(repo, "Ana Lopez <ana@example.com>", views, 24, DJANGO_VIEW)
    work(repo, "Ben Okafor <ben@example.com>", views, 20, DJANGO_VIEW)
    work(repo, "Cy Moreau <cy@example.com>", components, 30)
    work(repo, "Dee Park <dee@example.com>", components, 30)
    work(repo, "Eve Stone <eve@example.com>", components, 30)
    return repo


def test_django_react_team_asked_for_an_api_gets_python(django_react):
    document = recommend(django_react, "--needs", "api")
    assert document["ranking"][0]["stack"] == "python"
    node = stack(document, "node")
    assert node["criteria"]["team_fit"]["evidence"][0] == (
        "3 writing TypeScript/JavaScript for front-end (counted in part)"
    )
    operations = node["criteria"]["operational_fit"]
    assert operations["score"] == 0
    assert any("frontend/package.json is a front-end package.json" in line
               for line in operations["evidence"])  # fmt: skip
    assert any("Dockerfile uses node:20 only in a build stage" in line
               for line in operations["evidence"])  # fmt: skip
    assert document["verdict"].startswith("Python leads with")
    assert document["confidence"]["band"] == "medium"


def test_the_people_have_roles(django_react):
    result = run_stackfit("skills", str(django_react.path), "--format", "json", "--no-cache")
    people = {person["name"]: person for person in json.loads(result.stdout)["people"]}
    assert people["Ana Lopez"]["roles"] == {"back-end": 1.0}
    assert people["Cy Moreau"]["roles"] == {"front-end": 1.0}
    assert people["Cy Moreau"]["roles_by_language"] == {"TypeScript": {"front-end": 1.0}}


@pytest.fixture(scope="module")
def dotnet_angular(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    package = {"name": "client", "dependencies": {"@angular/core": "^18.0.0"}}
    repo = start(
        tmp_path_factory,
        "dotnet",
        {"src/Api/Api.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
         "client/package.json": json.dumps(package)},
    )  # fmt: skip
    controllers = ("src/Api/Controllers/Orders.cs", "src/Api/Services/Billing.cs")
    components = ("client/src/app/orders.component.ts", "client/src/app/app.component.ts")
    for name in ("Ana", "Ben", "Cy", "Dee", "Eve"):
        work(repo, f"{name} Net <{name.lower()}@example.com>", controllers, 26)
    for name in ("Fay", "Gus"):
        work(repo, f"{name} Ng <{name.lower()}@example.com>", components, 26)
    return repo


def test_csharp_angular_team_gets_dotnet(dotnet_angular):
    document = recommend(dotnet_angular, "--needs", "api")
    leader = document["ranking"][0]
    assert leader["stack"] == "dotnet"
    assert leader["criteria"]["team_fit"]["evidence"][0].startswith(
        "5 back-end C#/F#/Visual Basic .NET engineers, "
    )
    node = stack(document, "node")
    assert node["criteria"]["team_fit"]["evidence"][0] == (
        "2 writing TypeScript/JavaScript for front-end (counted in part)"
    )
    assert document["verdict"].startswith(".NET (C#) leads with")
    assert document["confidence"]["band"] == "high"


@pytest.fixture(scope="module")
def go_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = start(tmp_path_factory, "go", {"go.mod": "module example.com/svc\n\ngo 1.22\n"})
    handlers = ("internal/api/orders.go", "internal/store/db.go")
    three_engineers(repo, "Go", handlers)
    return repo


def test_go_team_with_data_ml_as_must_hears_why_not_go(go_team):
    document = recommend(go_team, "--needs", "data-ml!")
    assert document["requirements"]["must"] == ["data-ml"]
    assert document["ranking"][0]["stack"] == "python"
    assert stack(document, "go")["vetoed"] == ["data-ml"]
    assert document["verdict"].startswith(
        "The team's Go is strongest; Go is weak for data-ml (0.25): a Python service, or Go "
        "calling a Python service for data-ml."
    )
    assert document["confidence"]["band"] == "low"  # nobody has written Python


def test_go_team_without_must_still_sees_the_weak_need(go_team):
    document = recommend(go_team, "--needs", "api,data-ml")
    go = stack(document, "go")
    assert go["criteria"]["needs_fit"]["score"] == pytest.approx((0.8 * 0.25) ** 0.5, abs=1e-4)


@pytest.fixture(scope="module")
def c_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = start(tmp_path_factory, "c", {"Makefile": "all:\n\tcc -o app src/main.c\n"})
    three_engineers(repo, "C", ("src/main.c", "src/io.c"))
    return repo


def test_c_team_is_told_c_has_no_profile(c_team):
    document = recommend(c_team, "--needs", "api")
    assert [item["language"] for item in document["unprofiled_languages"]] == ["C"]
    assert document["notes"][0].startswith(
        "C, one of the team's strongest languages (3 people), has no profile; nearest "
        "profiled: Rust (C counts ×0.4"
    )
    assert "pass --profiles DIR" in document["notes"][0]
    assert document["verdict"].startswith(
        "Nobody on the team has written the leading stacks' languages; this ranking is ecosystem "
        "and hiring only (the team's skill carries over to Go, Rust only in part): "
    )
    assert "would work" not in document["verdict"]
    assert stack(document, "go")["reason"].startswith("3 with adjacent C (transferred)")
    assert document["confidence"]["band"] == "low"


@pytest.fixture(scope="module")
def elixir_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = start(tmp_path_factory, "elixir", {"mix.exs": "defmodule App.MixProject do\nend\n"})
    modules = ("lib/app_web/channels/room.ex", "lib/app/rooms.ex")
    three_engineers(repo, "Ex", modules)
    return repo


def test_elixir_team_hears_elixir(elixir_team):
    document = recommend(elixir_team, "--needs", "realtime")
    leader = document["ranking"][0]
    assert leader["stack"] == "elixir"
    assert document["unprofiled_languages"] == []
    assert not leader["criteria"]["hiring"]["known"]  # unknown, left out and said
    assert any("left out" in line for line in leader["criteria"]["hiring"]["evidence"])


@pytest.fixture(scope="module")
def front_end_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    package = {"name": "shop", "dependencies": {"react": "^18.0.0"}}
    repo = start(tmp_path_factory, "web", {"package.json": json.dumps(package)})
    components = ("src/components/Cart.tsx", "src/components/List.tsx")
    three_engineers(repo, "Fe", components)
    return repo


def test_front_end_team_hears_its_skill_is_front_end(front_end_team):
    document = recommend(front_end_team, "--needs", "api")
    node = stack(document, "node")
    assert node["reason"].startswith("3 writing TypeScript/JavaScript for front-end")
    assert node["criteria"]["operational_fit"]["score"] == 0


@pytest.fixture(scope="module")
def squashed(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("squashed") / "repo")
    files = {f"app/module{index}.py": lines(400, f"m{index}") for index in range(40)}
    repo.commit(files, author="Ana Lopez <ana@example.com>", date=days_ago(5))
    return repo


def test_one_squashed_import_gives_low_confidence(squashed):
    document = recommend(squashed, "--needs", "api")
    assert document["confidence"]["band"] == "low"
    assert any("1 commits analysed" in reason for reason in document["confidence"]["reasons"])


@pytest.mark.parametrize(
    ("team", "needs"),
    [("django_react", "realtime"), ("c_team", "realtime"), ("dotnet_angular", "data-ml")],
)
def test_the_reported_weight_flag_flips_the_winner_when_run(request, team, needs):
    repo = request.getfixturevalue(team)
    document = recommend(repo, "--needs", needs)
    sensitivity = document["sensitivity"]
    assert sensitivity["flag"].startswith("--weight ")
    name, value = sensitivity["flag"].removeprefix("--weight ").split("=")
    assert sensitivity["value_to"] == pytest.approx(float(value))
    rerun = recommend(repo, "--needs", needs, "--weight", f"{name}={value}")
    assert rerun["ranking"][0]["stack"] == sensitivity["new_winner"]
    assert sensitivity["new_winner"] != document["ranking"][0]["stack"]


def test_the_skills_table_shows_roles(django_react):
    result = run_stackfit("skills", str(django_react.path), "--format", "markdown", "--no-cache")
    assert "| Roles |" in result.stdout
    assert "| front-end 100% |" in result.stdout


def test_must_from_the_config_vetoes_too(go_team, tmp_path):
    config = tmp_path / "stackfit.toml"
    config.write_text('[service]\nneeds = ["api"]\nmust = ["data-ml"]\n')
    document = recommend(go_team, "--config", str(config))
    assert document["requirements"]["needs"] == ["api", "data-ml"]
    assert document["requirements"]["must"] == ["data-ml"]
    assert document["ranking"][0]["stack"] == "python"
    assert document["verdict"].startswith("The team's Go is strongest; Go is weak for data-ml")


@pytest.fixture(scope="module")
def rust_team(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    manifest = '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.8"\n'
    repo = start(tmp_path_factory, "rust", {"Cargo.toml": manifest})
    handlers = ("src/routes.rs", "src/store.rs")
    three_engineers(repo, "Rs", handlers)
    return repo


def test_a_team_that_knows_neither_hears_go_before_rust_for_throughput(django_react):
    """With no Go or Rust on the team, ecosystem and hiring decide: Go for services."""
    document = recommend(django_react, "--needs", "high-throughput")
    order = [item["stack"] for item in document["ranking"]]
    assert order.index("go") < order.index("rust")
    go, rust = stack(document, "go"), stack(document, "rust")
    assert go["criteria"]["team_fit"]["score"] == rust["criteria"]["team_fit"]["score"] == 0
    assert rust["criteria"]["performance_fit"]["score"] > go["criteria"]["performance_fit"]["score"]
    assert rust["criteria"]["needs_fit"]["evidence"][0].endswith("put it behind Go")
    assert go["criteria"]["hiring"]["score"] > rust["criteria"]["hiring"]["score"]


def test_a_team_of_rust_experts_still_hears_rust_for_throughput(rust_team):
    document = recommend(rust_team, "--needs", "high-throughput")
    assert document["ranking"][0]["stack"] == "rust"
    assert stack(document, "rust")["team_evidence"] == "direct"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("service.toml", '[service]\nneeds = ["api", "data-ml"]\nmust = ["data-ml"]\n'),
        ("service.toml", 'needs = ["api", "data-ml!"]\n'),
        ("service.yaml", "service:\n  needs: [api, data-ml]\n  must: [data-ml]\n"),
        ("service.yml", "needs:\n  - api\n  - data-ml!\n"),
    ],
)
def test_must_from_a_service_file_gives_the_flags_verdict(go_team, tmp_path, name, text):
    service = tmp_path / name
    service.write_text(text)
    from_file = recommend(go_team, "--service", str(service))
    from_flag = recommend(go_team, "--needs", "api,data-ml!")
    assert from_file["requirements"]["source"] == "file"
    assert from_file["requirements"]["must"] == from_flag["requirements"]["must"] == ["data-ml"]
    assert from_file["verdict"] == from_flag["verdict"]
    assert from_file["verdict"].startswith("The team's Go is strongest; Go is weak for data-ml")
    assert from_file["ranking"] == from_flag["ranking"]
    assert stack(from_file, "go")["vetoed"] == ["data-ml"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('needs = ["api"]\nmust = ["data-ml"]\n',
         "'must' in {path} names data-ml, not among its needs; add data-ml to needs or drop "
         "it from must"),
        ('needs = ["api"]\nmust = ["api", "ml"]\n',
         "unknown need 'ml' in 'must' in {path}; use some of: api, realtime, data-ml, "
         "cpu-heavy, high-throughput, infra"),
        ('needs = ["api"]\nmust = "api"\n',
         "'must' in {path} must list needs; write: must = [\"data-ml\"]"),
    ],
)  # fmt: skip
def test_a_bad_must_in_a_service_file_names_the_field(go_team, tmp_path, text, message):
    service = tmp_path / "service.toml"
    service.write_text(text)
    result = run_stackfit("recommend", str(go_team.path), "--service", str(service), "--no-cache")
    assert result.returncode == 2
    assert result.stderr == f"stackfit: error: {message.format(path=service)}\n"
    assert service.read_text() == text
