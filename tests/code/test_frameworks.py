"""The framework catalog is data: its shape, and exact matching (never substrings)."""

from __future__ import annotations

import re

import pytest

from analyzer.code.frameworks import all_frameworks
from analyzer.code.frameworks import framework_for_import
from analyzer.code.frameworks import framework_for_package
from analyzer.data.catalog import CATEGORIES
from analyzer.data.catalog import ECOSYSTEMS
from analyzer.data.catalog import FRAMEWORKS
from analyzer.data.catalog import INFRA_FILE_NAMES
from analyzer.data.catalog import INFRA_FILE_SUFFIXES
from analyzer.data.catalog import NEEDS
from analyzer.data.catalog import PACKAGE_SCOPES

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_every_entry_has_a_valid_shape():
    ids = [entry.id for entry in all_frameworks().values()]
    assert len(ids) == len(set(ids))
    for entry in all_frameworks().values():
        assert ID.match(entry.id), entry.id
        assert entry.name.strip() == entry.name and entry.name
        assert entry.category in CATEGORIES, entry.id
        assert set(entry.needs) <= set(NEEDS), entry.id
        assert len(set(entry.needs)) == len(entry.needs)
        assert set(entry.packages) <= set(ECOSYSTEMS), entry.id
        assert set(entry.imports) <= set(ECOSYSTEMS), entry.id
        for names in (*entry.packages.values(), *entry.imports.values()):
            assert isinstance(names, tuple) and names, entry.id
            assert all(isinstance(name, str) and name == name.strip() and name for name in names)


def test_catalog_entries_with_packages_name_at_least_one():
    for entry in FRAMEWORKS:
        assert entry.packages, entry.id


def test_a_package_belongs_to_one_framework_per_ecosystem():
    seen: dict[tuple[str, str], str] = {}
    for entry in FRAMEWORKS:
        for ecosystem, names in entry.packages.items():
            for name in names:
                key = (ecosystem, name.lower())
                assert key not in seen, (key, seen.get(key), entry.id)
                seen[key] = entry.id


def test_the_issues_frameworks_are_all_there():
    wanted = {
        "django", "flask", "fastapi", "express", "fastify", "nestjs", "koa", "gin", "echo",
        "fiber", "spring-boot", "quarkus", "micronaut", "ktor", "rails", "sinatra", "laravel",
        "symfony", "aspnet-core", "actix-web", "axum", "socket-io", "ws", "websockets",
        "django-channels", "gorilla-websocket", "actioncable", "signalr", "numpy", "pandas",
        "polars", "scikit-learn", "pytorch", "tensorflow", "jax", "transformers", "openai",
        "langchain", "spark", "pillow", "opencv", "sharp", "ffmpeg", "kafka", "rabbitmq",
        "client-go", "controller-runtime", "terraform", "pulumi", "docker", "kubernetes", "helm",
    }  # fmt: skip
    assert wanted <= set(all_frameworks())


def test_infra_file_tables_name_known_frameworks():
    known = set(all_frameworks())
    assert set(INFRA_FILE_NAMES.values()) <= known
    assert set(INFRA_FILE_SUFFIXES.values()) <= known
    for scopes in PACKAGE_SCOPES.values():
        assert set(scopes.values()) <= known


@pytest.mark.parametrize(
    ("ecosystem", "name", "expected"),
    [
        ("node", "ws", "ws"),
        ("node", "aws-sdk", "boto3"),
        ("node", "aws", None),
        ("node", "wss", None),
        ("node", "@aws-sdk/client-s3", "boto3"),
        ("node", "socket.io", "socket-io"),
        ("node", "Express", "express"),
        ("python", "Django", "django"),
        ("python", "django_cors_headers", None),
        ("python", "djangorestframework", "django-rest-framework"),
        ("python", "Scikit_Learn", "scikit-learn"),
        ("python", "opencv-python-headless", "opencv"),
        ("go", "github.com/labstack/echo/v4", "echo"),
        ("go", "github.com/labstack/echo-contrib", None),
        ("go", "k8s.io/client-go", "client-go"),
        ("java", "org.springframework.boot:spring-boot-starter-web", "spring-boot"),
        ("java", "org.springframework.boot:spring-boot-starter-webflux", "spring-webflux"),
        ("java", "io.ktor:ktor-server-core", "ktor"),
        ("java", "io.ktorx:thing", None),
        ("ruby", "rails", "rails"),
        ("ruby", "rails-html-sanitizer", None),
        ("php", "laravel/framework", "laravel"),
        ("dotnet", "Microsoft.AspNetCore.SignalR", "signalr"),
        ("dotnet", "Microsoft.AspNetCore.Mvc", "aspnet-core"),
        ("rust", "actix-web", "actix-web"),
        ("rust", "actix", None),
    ],
)
def test_packages_match_exactly(ecosystem, name, expected):
    assert framework_for_package(ecosystem, name) == expected


@pytest.mark.parametrize(
    ("ecosystem", "module", "expected"),
    [
        ("python", "django.db.models", "django"),
        ("python", "djangox", None),
        ("python", "sklearn.linear_model", "scikit-learn"),
        ("python", "PIL.Image", "pillow"),
        ("python", "socketio", "socket-io"),
        ("node", "ws", "ws"),
        ("node", "aws-sdk", "boto3"),
        ("node", "@nestjs/core", "nestjs"),
        ("go", "github.com/gin-gonic/gin/binding", "gin"),
        ("go", "github.com/gin-gonic/ginx", None),
        ("java", "org.springframework.boot.autoconfigure.SpringBootApplication", "spring-boot"),
        ("java", "io.ktor.server.engine", "ktor"),
        ("ruby", "sinatra/base", "sinatra"),
        ("php", "Illuminate\\Support\\Facades\\Route", "laravel"),
        ("dotnet", "Microsoft.AspNetCore.SignalR", "signalr"),
        ("rust", "actix_web", "actix-web"),
        ("rust", "tokio", "tokio"),
    ],
)
def test_imports_match_at_name_boundaries(ecosystem, module, expected):
    assert framework_for_import(ecosystem, module) == expected
