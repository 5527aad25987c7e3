"""The CI setups of docs/ci.md, run as their CI would run them, against a real repository.

A hosted runner is out of reach, so each test runs the setup's own commands: the action's
`run:` script with the inputs the documented workflow gives it, the GitLab template's
`variables` and `script` in one shell, and the documented pre-commit config through the real
pre-commit. `stackfit` on PATH is this checkout (`python -m analyzer`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.checks.test_hooks import local_config
from tests.checks.test_hooks import manifest
from tests.checks.test_hooks import pre_commit
from tests.checks.test_policy import build_team
from tests.gitrepo import ALICE
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env
from tests.gitrepo import identity_env
from tests.gitrepo import lines

PROJECT = Path(__file__).resolve().parents[2]
DOC = (PROJECT / "docs" / "ci.md").read_text()
CACHE = "${{ runner.temp }}/stackfit-cache"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)


def shim(folder: Path) -> Path:
    """A `stackfit` command that runs this checkout, as pip would install it."""
    folder.mkdir(exist_ok=True)
    command = folder / "stackfit"
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m analyzer "$@"\n')
    command.chmod(0o755)
    return folder


def run_bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=git_env(env),
                          capture_output=True, text=True, check=False)  # fmt: skip


def branch_with_rust(tmp_path: Path) -> tuple[GitRepo, str]:
    """A team whose main branch is accepted (--init), and a branch adding Rust nobody knows."""
    repo = build_team(tmp_path / "team")
    done = run_bash("stackfit check --init --quiet", repo.path, {"PATH": _path(tmp_path)})
    assert done.returncode == 0, done.stderr
    repo.commit({".stackfit-baseline.toml": (repo.path / ".stackfit-baseline.toml").read_text()})
    base = repo.head()
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit({"tools/deploy.rs": "fn main() {}\n"})
    return repo, base


def _path(tmp_path: Path) -> str:
    return f"{shim(tmp_path / 'bin')}:/usr/bin:/bin"


def test_github_action_runs_the_documented_workflow(tmp_path):
    workflow = yaml.safe_load(blocks("yaml")[0])
    step = workflow["jobs"]["check"]["steps"][0]
    assert step["uses"].startswith("stackfit/stackfit@")
    expression = step["with"]["diff"]
    assert "github.event.pull_request.base.sha" in expression
    action: dict[str, Any] = yaml.safe_load((PROJECT / "action.yml").read_text())
    steps = action["runs"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v4" and steps[0]["with"]["fetch-depth"] == 0
    assert steps[1]["uses"] == "actions/cache@v4" and steps[1]["with"]["path"] == CACHE
    assert "github.repository" in steps[1]["with"]["key"] and "ref_name" in steps[1]["with"]["key"]
    assert steps[-1]["uses"] == "github/codeql-action/upload-sarif@v3"
    check = next(item for item in steps if item.get("id") == "check")
    assert check["env"]["STACKFIT_CACHE_DIR"] == CACHE
    repo, base = branch_with_rust(tmp_path)
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["diff"] = f"{base}..{repo.head()}"  # the expression on a pull_request event
    summary = tmp_path / "summary.md"
    env = {
        "PATH": _path(tmp_path),
        "STACKFIT": "stackfit",
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        **{key: inputs[key.removeprefix("INPUT_").lower().replace("_", "-").replace("sarif", "sarif-file")]
           for key in check["env"] if key.startswith("INPUT_")},
    }  # fmt: skip
    result = run_bash(check["run"], repo.path, env)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::error file=tools/deploy.rs,")
    assert "stackfit/unstaffed-language" in summary.read_text()
    sarif = json.loads((repo.path / "stackfit.sarif").read_text())
    assert [item["ruleId"] for item in sarif["runs"][0]["results"]] == [
        "stackfit/unstaffed-language"
    ]
    inputs["diff"] = ""  # a push to main: the whole tree, accepted by the baseline
    repo.git("checkout", "-q", "main")
    env.update(INPUT_DIFF="")
    assert run_bash(check["run"], repo.path, env).returncode == 0


def test_gitlab_template_runs_its_script(tmp_path):
    include = yaml.safe_load(blocks("yaml")[1])
    assert include["include"][0]["remote"].endswith("/stackfit.gitlab-ci.yml")
    job = yaml.safe_load((PROJECT / "stackfit.gitlab-ci.yml").read_text())["stackfit"]
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert "$CI_COMMIT_REF_SLUG" in job["cache"]["key"]
    repo, base = branch_with_rust(tmp_path)
    variables = {"CI_PROJECT_DIR": str(repo.path), "CI_MERGE_REQUEST_DIFF_BASE_SHA": base}
    for name, value in job["variables"].items():
        variables[name] = value.replace("$CI_PROJECT_DIR", str(repo.path))
    env = {"PATH": _path(tmp_path), **variables}
    result = run_bash("\n".join(job["script"]), repo.path, env)
    assert result.returncode == 1, result.stderr
    report = json.loads((repo.path / "gl-code-quality.json").read_text())
    assert [item["location"]["path"] for item in report] == ["tools/deploy.rs"]
    assert any((repo.path / ".stackfit-cache").iterdir())  # the folder the job caches
    repo.git("checkout", "-q", "main")
    env["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = ""  # the default branch: the whole tree
    assert run_bash("\n".join(job["script"]), repo.path, env).returncode == 0


def test_documented_pre_commit_config_passes_ordinary_commits(tmp_path):
    config = yaml.safe_load(blocks("yaml")[2])
    hooks = config["repos"][0]["hooks"]
    assert {hook["id"] for hook in hooks} <= {hook["id"] for hook in manifest()}
    args = {hook["id"]: hook["args"] for hook in hooks if "args" in hook}
    repo = build_team(tmp_path / "team")
    repo.commit({".pre-commit-config.yaml": local_config(args)})
    assert pre_commit(repo, "install").returncode == 0
    (repo.path / "docs").mkdir()
    first = pre_commit(repo, "run", "stackfit-report", "--all-files")
    assert first.returncode == 1 and (repo.path / "docs" / "TEAM-SKILLS.md").is_file()
    repo.git("add", "docs/TEAM-SKILLS.md")
    env = {"PRE_COMMIT_HOME": str(repo.path.parent / "pre-commit-home")}
    for number in range(2):
        if number:
            repo.write({"app/mod_1.py": lines(150, "more")})
            repo.git("add", "app/mod_1.py")
        commit = subprocess.run(
            ["git", "commit", "-q", "-m", f"docs {number}"], cwd=repo.path,
            env=git_env({**env, **identity_env(ALICE, None)}),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert commit.returncode == 0, commit.stdout + commit.stderr
