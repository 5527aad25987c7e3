"""The project's own promises: README commands, CI, help texts, lint and types."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from analyzer.cli import cli
from tests.conftest import run_stackfit
from tests.gitrepo import GitRepo
from tests.gitrepo import git_env

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
LINTED = [name for name in ("analyzer", "tests", "bench", "scripts") if (ROOT / name).is_dir()]


def readme_commands() -> list[str]:
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:30])
    return re.findall(r"```sh\n(.+?)\n```", first_screen)


def test_readme_first_screen_has_run_and_test_commands():
    run, test = readme_commands()
    assert "pip install -e ." in run and "stackfit skills ." in run
    assert "pip install -e '.[test]'" in test and "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    _, test = readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test in ci_lines


def test_every_command_has_help():
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None and command.help, name
        result = run_stackfit(name, "--help")
        assert result.returncode == 0
        assert "Usage: stackfit" in result.stdout
    skills = cli.get_command(context, "skills")
    assert skills is not None
    for parameter in skills.params:
        if parameter.param_type_name == "option":
            assert parameter.help, parameter.name  # type: ignore[attr-defined]


def test_version():
    result = run_stackfit("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("stackfit, version ")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("ruff", ["check", *LINTED]),
        ("ruff", ["format", "--check", *LINTED]),
        ("mypy", []),  # pyproject.toml's python_version, the lowest supported: 3.10
        ("mypy", ["--python-version", "3.11"]),
    ],
)
def test_lint_and_types_are_clean(tool, arguments):
    executable = shutil.which(tool, path=str(Path(sys.executable).parent)) or shutil.which(tool)
    if executable is None:
        pytest.skip(f"{tool} is not installed")
    result = subprocess.run(
        [executable, *arguments], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_never_imports_the_outside():
    """Direction of imports: nothing in the core imports cli, report or rich."""
    core = [
        path
        for path in (ROOT / "analyzer").rglob("*.py")
        if not {"report", "cli"} & set(path.parts) and path.name != "__main__.py"
    ]
    for path in core:
        text = path.read_text()
        for forbidden in ("analyzer.cli", "analyzer.report", "import rich", "from rich"):
            assert forbidden not in text, (path, forbidden)


def own_hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    return {hook["id"]: hook for hook in config["repos"][0]["hooks"]}


def test_own_pre_commit_config_needs_no_network():
    """Every hook is local and installs nothing: pre-commit never downloads to run them."""
    hooks = own_hooks()
    assert list(hooks) == ["ruff", "ruff-format", "mypy", "mypy-3.11", "stackfit-guard"]
    for hook in hooks.values():
        assert hook["language"] == "system", hook["id"]
        assert "additional_dependencies" not in hook, hook["id"]
    assert hooks["mypy"]["entry"] == "mypy"  # pyproject.toml's python_version: 3.10
    assert hooks["mypy-3.11"]["entry"] == "mypy --python-version 3.11"
    assert 'python_version = "3.10"' in (ROOT / "pyproject.toml").read_text()
    result = subprocess.run(
        [PRE_COMMIT, "validate-config", str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_own_pre_commit_config_runs_the_published_guard():
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    guard = next(hook for hook in published if hook["id"] == "stackfit-guard")
    own = own_hooks()["stackfit-guard"]
    for key in ("name", "entry", "stages", "types_or", "require_serial"):
        assert own[key] == guard[key], key


def test_own_pre_commit_config_runs_offline(tmp_path):
    """The real pre-commit runs the config's ruff hook with an empty PRE_COMMIT_HOME."""
    repo = GitRepo(tmp_path / "repo")
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    repo.commit({".pre-commit-config.yaml": config, "bad.py": "import os\n"})
    tools = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        [PRE_COMMIT, "run", "ruff", "--all-files"],
        cwd=repo.path,
        env=git_env({"PRE_COMMIT_HOME": str(tmp_path / "home"), "PATH": tools}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ruff check" in result.stdout and "Failed" in result.stdout
    assert "F401" in result.stdout and "`os` imported but unused" in result.stdout


def test_licence_carries_linguists_notice():
    """LICENSE: stackfit's MIT licence, then Linguist's notice for the files derived from it."""
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 the stackfit authors\n")
    assert licence.endswith((ROOT / "third_party" / "linguist" / "LICENSE").read_text())
    for derived in (
        "analyzer/data/linguist.py",
        "analyzer/data/paths.py",
        "analyzer/languages/linguist.py",
    ):
        assert derived in licence and (ROOT / derived).is_file()
