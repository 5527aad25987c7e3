"""`stackfit scan` on real repositories: languages, frameworks, workload leaders, traps, CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from analyzer.code.document import to_json
from analyzer.code.scan import ScanSettings
from analyzer.code.scan import scan_repository
from analyzer.git.repository import open_repository
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo

DJANGO_VIEWS = '''"""Views."""
from django.http import JsonResponse
from rest_framework.decorators import api_view


@api_view(["GET"])
def orders(request):
    return JsonResponse({"orders": []})
'''

NODE_SERVER = """// A chat server; socket.io is mentioned in this comment only in the API app.
const express = require("express");
const { WebSocketServer } = require("ws");

const app = express();
const wss = new WebSocketServer({ port: 8080 });
wss.on("connection", async (socket) => {
  for await (const message of socket) {
    await Promise.all([broadcast(message)]);
  }
});
"""

GO_WORKER = """package main

import (
\t"net/http"

\t"github.com/gin-gonic/gin"
)

func main() {
\tjobs := make(chan int, 100)
\tfor i := 0; i < 8; i++ {
\t\tgo worker(jobs)
\t}
\tr := gin.Default()
\tr.GET("/", func(c *gin.Context) { jobs <- 1; c.Status(http.StatusOK) })
\tr.Run()
}

func worker(jobs <-chan int) {
\tfor j := range jobs {
\t\t_ = j
\t}
}
"""

ML_TRAIN = """import numpy as np
import pandas as pd
import torch
from sklearn.linear_model import LogisticRegression


def train(path):
    frame = pd.read_csv(path)
    model = LogisticRegression().fit(frame.values, np.zeros(len(frame)))
    return torch.tensor(model.coef_)
"""


def scan(path: Path, **settings):
    repo = open_repository(path, settings.pop("rev", "HEAD"))
    return scan_repository(repo, ScanSettings(**settings))


def framework_ids(evidence) -> set[str]:
    return {use.id for use in evidence.frameworks}


def leader(evidence) -> str:
    return max(evidence.workload, key=lambda need: evidence.workload[need].score)


@pytest.fixture
def polyglot(repo: GitRepo) -> GitRepo:
    repo.commit(
        {
            "api/requirements.txt": "Django==5.0.4\ndjangorestframework==3.15\n",
            "api/orders/views.py": DJANGO_VIEWS,
            "chat/package.json": json.dumps(
                {"dependencies": {"express": "^4.19.2", "ws": "^8.16.0", "aws-sdk": "^2"}}
            ),
            "chat/server.js": NODE_SERVER,
            "chat/node_modules/socket.io/package.json": json.dumps({"name": "socket.io"}),
            "chat/node_modules/socket.io/index.js": 'module.exports = require("engine.io");\n',
            "vendor/fastapi/main.py": "import fastapi\nimport starlette\n",
            "worker/go.mod": "module example.com/worker\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n",
            "worker/main.go": GO_WORKER,
            "ml/train.py": ML_TRAIN,
            "deploy/Dockerfile": "FROM python:3.12-slim\n",
            "deploy/k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n",
            "deploy/values.yaml": "replicas: 2\n",
            "docs/guide.md": "# Guide\nUse socket.io and Flask.\n",
            "README.md": "# Polyglot\n",
            "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00binary",
        }
    )
    return repo


def test_frameworks_of_a_polyglot_repository(polyglot):
    evidence = scan(polyglot.path)
    found = {(use.id, use.ecosystem) for use in evidence.frameworks}
    assert found == {
        ("django", "python"),
        ("django-rest-framework", "python"),
        ("express", "node"),
        ("ws", "node"),
        ("gin", "go"),
        ("numpy", "python"),
        ("pandas", "python"),
        ("pytorch", "python"),
        ("scikit-learn", "python"),
        ("boto3", "node"),
        ("docker", "files"),
        ("kubernetes", "files"),
    }
    django = next(use for use in evidence.frameworks if use.id == "django")
    assert django.evidence == (
        "api/requirements.txt: Django==5.0.4",
        "api/orders/views.py:2 import django.http",
    )
    ws = next(use for use in evidence.frameworks if use.id == "ws")
    assert ws.evidence == ("chat/package.json: ws ^8.16.0", "chat/server.js:3 import ws")


def test_traps_comment_vendored_copy_and_aws_are_not_frameworks(polyglot):
    ids = framework_ids(scan(polyglot.path))
    assert "socket-io" not in ids  # only in a comment, a doc and a vendored node_modules copy
    assert "fastapi" not in ids and "starlette" not in ids  # vendored copy
    assert "flask" not in ids  # documentation


def test_languages_follow_linguist(polyglot):
    evidence = scan(polyglot.path)
    assert set(evidence.languages) == {"Python", "Go", "JavaScript", "Dockerfile"}
    sizes = [stats.bytes for stats in evidence.languages.values()]
    assert sizes == sorted(sizes, reverse=True)  # most bytes first, as GitHub's bar
    python = evidence.languages["Python"]
    assert python.files == 2
    assert python.lines == DJANGO_VIEWS.count("\n") + ML_TRAIN.count("\n")
    assert python.bytes == len(DJANGO_VIEWS) + len(ML_TRAIN)
    assert sum(stats.share for stats in evidence.languages.values()) == pytest.approx(1.0)
    excluded = evidence.files.excluded
    assert excluded["vendored"] == 3 and excluded["documentation"] == 2


def test_workload_leaders_per_ecosystem(tmp_path):
    cases = {
        "api": {"requirements.txt": "Django==5.0\n", "app/views.py": DJANGO_VIEWS},
        "realtime": {
            "package.json": json.dumps({"dependencies": {"ws": "8"}}),
            "server.js": NODE_SERVER.replace('require("express")', "null"),
        },
        "high-throughput": {"main.go": GO_WORKER.replace("github.com/gin-gonic/gin", "x/y")},
        "data-ml": {"requirements.txt": "pandas\nnumpy\n", "train.py": ML_TRAIN},
        "infra": {
            "main.tf": 'resource "aws_s3_bucket" "b" {}\n',
            "go.mod": "module x\n\nrequire k8s.io/client-go v0.29.0\n",
            "op.go": 'package op\n\nimport "k8s.io/client-go/kubernetes"\n\nvar _ = kubernetes.NewForConfig\n',
        },
        "cpu-heavy": {
            "package.json": json.dumps({"dependencies": {"sharp": "0.33"}}),
            "resize.js": 'const sharp = require("sharp");\nnew Worker("./w.js");\nnew Worker("./v.js");\n',
        },
    }
    for need, files in cases.items():
        repo = GitRepo(tmp_path / need)
        repo.commit(files)
        evidence = scan(repo.path)
        assert leader(evidence) == need, (need, {k: v.score for k, v in evidence.workload.items()})
        assert evidence.workload[need].evidence


def test_json_has_the_contract_keys(polyglot):
    result = run_stackfit("scan", str(polyglot.path), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert set(document["languages"]["Python"]) >= {"files", "bytes", "lines", "share"}
    for framework in document["frameworks"]:
        assert set(framework) >= {"id", "name", "ecosystem", "category", "evidence"}
    assert set(document["workload"]) == {
        "api", "realtime", "data-ml", "cpu-heavy", "high-throughput", "infra",
    }  # fmt: skip
    for kind in document["workload"].values():
        assert set(kind) >= {"score", "confidence", "evidence"}
        assert 0 <= kind["score"] <= 1 and 0 <= kind["confidence"] <= 1
    assert document["warnings"] == []


def test_broken_manifest_and_unparseable_file_are_warnings(repo):
    repo.commit(
        {
            "web/package.json": '{"dependencies": {"express": ',
            "web/app.py": "import flask\nasync def broken(:\n    pass\n",
            "ok/requirements.txt": "flask\n",
        }
    )
    evidence = scan(repo.path)
    assert any(w.startswith("web/package.json: does not parse") for w in evidence.warnings)
    assert evidence.files.parse_errors == 1
    assert evidence.files.parse_error_paths == ("web/app.py",)
    assert "flask" in framework_ids(evidence)
    result = run_stackfit("scan", str(repo.path), "--format", "json")
    assert result.returncode == 0
    assert "stackfit: warning: web/package.json: does not parse" in result.stderr


def test_bare_repository_and_rev(tmp_path, repo):
    first = repo.commit({"app.py": "import flask\n"})
    repo.commit({"app.py": "import fastapi\n", "server.go": "package main\n"})
    bare = tmp_path / "bare.git"
    repo.git("clone", "-q", "--bare", str(repo.path), str(bare))
    head = scan(bare)
    assert head.repository.bare
    assert framework_ids(head) == {"fastapi"}
    assert set(head.languages) == {"Python", "Go"}
    old = scan(bare, rev=first)
    assert framework_ids(old) == {"flask"}
    assert set(old.languages) == {"Python"}
    result = run_stackfit("scan", str(bare), "--rev", first, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [f["id"] for f in json.loads(result.stdout)["frameworks"]] == ["flask"]


def test_symlinks_binaries_and_large_files_are_skipped(repo):
    (repo.path / "outside.py").write_text("import torch\n")
    repo.git("add", "outside.py")
    repo.commit({"big.py": "import pandas\n" + "x = 1\n" * 200, "blob.js": b"var a;\x00\x01"})
    (repo.path / "link.py").symlink_to("outside.py")
    repo.git("add", "link.py")
    repo.commit()
    evidence = scan(repo.path, max_file_bytes=1000)
    assert evidence.files.too_large == 1 and evidence.files.binary == 1
    assert framework_ids(evidence) == {"pytorch"}
    assert evidence.languages["Python"].files == 1


def test_same_result_for_any_number_of_workers(polyglot):
    one = to_json(scan(polyglot.path, jobs=1))
    two = to_json(scan(polyglot.path, jobs=2, pool_min_bytes=0))
    assert one == two


def test_exclude_globs_and_config(repo):
    repo.commit(
        {
            "app.py": "import flask\n",
            "scripts/tool.py": "import pandas\n",
            ".stackfit.toml": 'exclude = ["legacy/"]\n',
            "legacy/old.py": "import django\n",
        }
    )
    assert framework_ids(scan(repo.path)) == {"flask", "pandas", "django"}
    result = run_stackfit("scan", str(repo.path), "--format", "json", "--exclude", "scripts/")
    assert result.returncode == 0, result.stderr
    assert [f["id"] for f in json.loads(result.stdout)["frameworks"]] == ["flask"]


@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_human_formats(polyglot, tmp_path, output_format):
    target = tmp_path / f"scan.{output_format}"
    result = run_stackfit("scan", str(polyglot.path), "--format", output_format, "-o", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text()
    for expected in ("Languages", "Workload", "Frameworks", "Django", "realtime"):
        assert expected in text
    assert "\ufffd" not in text  # several evidence lines in one cell stay separate lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/path"], "path does not exist"),
        (["{repo}", "--rev", "nope"], "revision not found"),
        (["{repo}", "--format", "csv"], "Invalid value for '--format'"),
        (["{repo}", "--max-file-bytes", "0"], "Invalid value for '--max-file-bytes'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(repo, args, message):
    repo.commit({"a.py": "import os\n"})
    result = run_stackfit("scan", *[arg.format(repo=repo.path) for arg in args])
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if "stackfit: error:" in result.stderr:
        assert result.stderr.count("\n") == 1


def test_not_a_repository(tmp_path):
    result = run_stackfit("scan", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("stackfit: error: not a git repository")


JAVA_OWNER = "package org.example.samples;\n\npublic class Owner {\n    int id;\n}\n"
PY_HELPER = "def helper():\n    return 1\n"
RUBY_PAGE = "class Page\nend\n"
ERB_VIEW = "<h1><%= title %></h1>\n"
CPP_HEADER = "#include <vector>\nstd::vector<int> values();\n"
PY_TOOL = "#!/usr/bin/env python3\nprint('tool')\n"


def linguist_traps() -> dict[str, str | bytes]:
    """A tree whose paths sit on each side of Linguist's anchored and unanchored rules."""
    return {
        "src/main/java/org/example/samples/Owner.java": JAVA_OWNER,  # ^samples/ only at the top
        "pkg/examples/helper.py": PY_HELPER,  # ^examples/ only at the top
        "lib/docs/page.rb": RUBY_PAGE,  # ^docs/ only at the top
        "views/index.html.erb": ERB_VIEW,  # HTML+ERB counts as HTML
        "include/values.h": CPP_HEADER,  # .h settled by Linguist's heuristics: C++
        "bin/tool": PY_TOOL,  # no extension: the shebang says Python
        "examples/demo.py": "print('demo')\n",
        "docs/conf.py": "project = 'x'\n",
        "samples/Sample.java": "class Sample {}\n",
        "CHANGELOG.md": "# 1.0\n",
        "web/node_modules/pkg/deep/index.js": "module.exports = 1;\n",
        "web/types/api.d.ts": "export declare const x: number;\n",
        "web/app.min.js": "var a=1;\n",
        "test/fixtures/page.html": "<p>fixture</p>\n",
        "gen/api.pb.go": "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage gen\n",
        "web/bundle.js": "var a=" + "1+" * 200 + "1;\n",  # minified (lines over 110): generated
        "pkg/__init__.py": "",  # empty: no language
        "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00binary",
    }


def test_languages_follow_linguist_path_rules(repo):
    repo.commit(linguist_traps())
    evidence = scan(repo.path)
    expected = {
        "Java": (1, len(JAVA_OWNER), 5),
        "Python": (2, len(PY_HELPER) + len(PY_TOOL), 4),
        "C++": (1, len(CPP_HEADER), 2),
        "HTML": (1, len(ERB_VIEW), 1),
        "Ruby": (1, len(RUBY_PAGE), 2),
    }
    found = {
        name: (stats.files, stats.bytes, stats.lines) for name, stats in evidence.languages.items()
    }
    assert found == expected
    assert list(evidence.languages) == ["Java", "Python", "C++", "HTML", "Ruby"]
    total = sum(size for _, size, _ in expected.values())
    assert evidence.languages["Java"].share == pytest.approx(len(JAVA_OWNER) / total)
    assert evidence.files.excluded == {
        "vendored": 4,
        "generated": 2,
        "lockfile": 0,
        "documentation": 4,
        "excluded": 0,
    }


@pytest.mark.skipif(
    shutil.which("github-linguist") is None,
    reason="github-linguist is not installed (Debian: apt-get install ruby-github-linguist)",
)
def test_shares_equal_github_linguist(repo):
    repo.commit(
        {
            **linguist_traps(),
            **{
                "api/orders/views.py": DJANGO_VIEWS,
                "chat/server.js": NODE_SERVER,
                "worker/main.go": GO_WORKER,
                "ml/train.py": ML_TRAIN,
                "deploy/Dockerfile": "FROM python:3.12-slim\n",
                "web/style.css": "body { margin: 0; }\n",
                "web/app.ts": "export const answer: number = 42;\n",
                "web/App.tsx": "export const App = () => <div />;\n",
                "scripts/build.sh": "#!/bin/sh\necho build\n",
                "scripts/report.pl": "use strict;\nprint 1;\n",
                "include/plain.h": "int add(int a, int b);\n",
                "vendor/lib/copy.go": "package lib\n",
                "third_party/x.c": "int x;\n",
                "config.yaml": "a: 1\n",
            },
        }
    )
    result = subprocess.run(
        ["github-linguist", "--json", str(repo.path)], capture_output=True, text=True, check=True
    )
    sizes = {name: entry["size"] for name, entry in json.loads(result.stdout).items()}
    linguist = {name: size / sum(sizes.values()) for name, size in sizes.items()}
    ours = {name: stats.share for name, stats in scan(repo.path).languages.items()}
    assert set(ours) == set(linguist)
    for name, share in linguist.items():
        assert abs(ours[name] - share) < 0.001, (name, ours[name], share)
