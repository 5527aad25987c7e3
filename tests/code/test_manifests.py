"""Manifests: every format's dependencies, the folder they belong to, broken files as warnings."""

from __future__ import annotations

import json

import pytest

from analyzer.code.manifests import manifest_kind
from analyzer.code.manifests import parse_manifest


def names(path: str, text: str) -> list[str]:
    result = parse_manifest(path, text.encode())
    assert result.warning is None, result.warning
    return [dependency.name for dependency in result.dependencies]


def test_package_json_reads_every_dependency_table():
    text = json.dumps(
        {
            "name": "web",
            "dependencies": {"express": "^4.19.2", "ws": "8.0.0"},
            "devDependencies": {"jest": "29"},
            "peerDependencies": {"react": "*"},
        }
    )
    result = parse_manifest("apps/web/package.json", text.encode())
    assert [(d.name, d.spec) for d in result.dependencies] == [
        ("express", "^4.19.2"),
        ("ws", "8.0.0"),
        ("jest", "29"),
        ("react", "*"),
    ]
    assert {d.folder for d in result.dependencies} == {"apps/web"}
    assert {d.ecosystem for d in result.dependencies} == {"node"}
    assert result.dependencies[0].evidence == "apps/web/package.json: express ^4.19.2"


def test_requirements_skip_options_paths_urls_and_markers():
    text = (
        "# web\nDjango==5.0.4\n-r base.txt\n--index-url https://x\n-e .\n./local\n"
        "requests[security]>=2.0 ; python_version>'3'\nnumpy  # pinned later\n"
        "pkg @ https://example.com/pkg.whl\n"
    )
    result = parse_manifest("requirements.txt", text.encode())
    assert [d.name for d in result.dependencies] == ["Django", "requests", "numpy", "pkg"]
    assert result.dependencies[0].evidence == "requirements.txt: Django==5.0.4"
    assert result.dependencies[0].folder == "."


@pytest.mark.parametrize(
    "path", ["requirements-dev.txt", "requirements/prod.txt", "svc/requirements.in"]
)
def test_requirement_file_names(path):
    assert manifest_kind(path) == "requirements.txt"


def test_not_manifests():
    for path in ("README.md", "package.json.bak", "docs/requirements.md", "x/setup.py"):
        assert manifest_kind(path) is None


def test_pyproject_pep621_poetry_and_groups():
    text = """
[project]
dependencies = ["fastapi>=0.110", "uvicorn[standard]"]
[project.optional-dependencies]
ml = ["torch==2.2"]
[dependency-groups]
dev = ["pytest"]
[tool.poetry.dependencies]
python = "^3.11"
flask = "^3.0"
pandas = {version = "^2.2", extras = ["excel"]}
[tool.poetry.group.test.dependencies]
hypothesis = "*"
"""
    assert names("pyproject.toml", text) == [
        "fastapi", "uvicorn", "torch", "pytest", "flask", "pandas", "hypothesis",
    ]  # fmt: skip


def test_pipfile_and_setup_cfg():
    assert names("Pipfile", '[packages]\ndjango = "*"\n[dev-packages]\nblack = "*"\n') == [
        "django",
        "black",
    ]
    cfg = "[options]\ninstall_requires =\n    flask>=2\n    celery\n[options.extras_require]\nml = numpy\n"
    assert names("setup.cfg", cfg) == ["flask", "celery", "numpy"]


def test_go_mod_requires_but_not_indirect_ones():
    text = """module example.com/api

go 1.22

require github.com/gin-gonic/gin v1.9.1

require (
\tgithub.com/gorilla/websocket v1.5.1 // a comment
\tgolang.org/x/net v0.20.0 // indirect
)
"""
    result = parse_manifest("services/api/go.mod", text.encode())
    assert [(d.name, d.spec) for d in result.dependencies] == [
        ("github.com/gin-gonic/gin", "v1.9.1"),
        ("github.com/gorilla/websocket", "v1.5.1"),
    ]
    assert result.dependencies[0].folder == "services/api"


def test_pom_xml_with_namespace_parent_and_dependencies():
    text = """<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
  <dependencies>
    <dependency><groupId>io.netty</groupId><artifactId>netty-all</artifactId></dependency>
    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId></dependency>
  </dependencies>
</project>
"""
    assert names("pom.xml", text) == [
        "org.springframework.boot:spring-boot-starter-parent",
        "io.netty:netty-all",
        "org.postgresql:postgresql",
    ]


def test_gradle_groovy_and_kotlin_dsl():
    groovy = """plugins { id 'org.springframework.boot' version '3.2.0' }
dependencies {
    implementation 'org.springframework.boot:spring-boot-starter-web'
    testImplementation "junit:junit:4.13.2"
}
"""
    assert names("build.gradle", groovy) == [
        "org.springframework.boot:spring-boot-starter-web",
        "junit:junit",
        "org.springframework.boot:org.springframework.boot.gradle.plugin",
    ]
    kotlin = 'dependencies {\n    implementation("io.ktor:ktor-server-core:$ktorVersion")\n}\n'
    assert names("build.gradle.kts", kotlin) == ["io.ktor:ktor-server-core"]


def test_gemfile_composer_cargo_csproj():
    assert names(
        "Gemfile", "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem \"pg\"\n"
    ) == [
        "rails",
        "pg",
    ]
    composer = json.dumps(
        {"require": {"php": ">=8.2", "ext-json": "*", "laravel/framework": "^11"}}
    )
    assert names("composer.json", composer) == ["laravel/framework"]
    cargo = """[dependencies]
tokio = { version = "1", features = ["full"] }
axum = "0.7"
web = { package = "actix-web", version = "4" }
[target.'cfg(unix)'.dependencies]
nix = "0.27"
"""
    assert names("Cargo.toml", cargo) == ["tokio", "axum", "actix-web", "nix"]
    csproj = """<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup><PackageReference Include="Microsoft.AspNetCore.SignalR" Version="1.1.0" /></ItemGroup>
</Project>"""
    assert names("src/Api/Api.csproj", csproj) == [
        "Microsoft.NET.Sdk.Web",
        "Microsoft.AspNetCore.SignalR",
    ]


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("web/package.json", b'{"dependencies": {"express": '),
        ("package.json", b"[1, 2]"),
        ("package.json", b'{"dependencies": ["express"]}'),
        ("pyproject.toml", b"[project\ndependencies = "),
        ("Cargo.toml", b"dependencies = 3\n[dependencies]\n"),
        ("pom.xml", b"<project><dependencies>"),
        ("setup.cfg", b"install_requires = x\n"),
        ("composer.json", b"\xff\xfe not utf-8"),
    ],
)
def test_a_broken_manifest_is_a_warning_naming_the_file(path, content):
    result = parse_manifest(path, content)
    assert result.dependencies == ()
    assert result.warning is not None
    assert result.warning.startswith(f"{path}: ")


def test_xml_entities_are_refused_not_expanded():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<project><dependencies><dependency><groupId>&lol2;</groupId>
<artifactId>x</artifactId></dependency></dependencies></project>"""
    result = parse_manifest("pom.xml", bomb)
    assert result.dependencies == ()
    assert result.warning is not None and "pom.xml" in result.warning
