"""The project's own promises: README commands, CI, help texts, lint and types."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.cli import cli
from tests.conftest import run_stackfit

ROOT = Path(__file__).resolve().parent.parent
LINTED = [name for name in ("analyzer", "tests", "bench") if (ROOT / name).is_dir()]


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
    for name, command in cli.commands.items():
        assert command.help, name
        result = run_stackfit(name, "--help")
        assert result.returncode == 0
        assert "Usage: stackfit" in result.stdout
    for parameter in cli.commands["skills"].params:
        if parameter.param_type_name == "option":
            assert parameter.help, parameter.name  # type: ignore[attr-defined]


def test_version():
    result = run_stackfit("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("stackfit, version ")


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_lint_and_types_are_clean(tool):
    executable = shutil.which(tool, path=str(Path(sys.executable).parent)) or shutil.which(tool)
    if executable is None:
        pytest.skip(f"{tool} is not installed")
    commands = {"ruff": [executable, "check", *LINTED], "mypy": [executable]}
    result = subprocess.run(commands[tool], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_never_imports_the_outside():
    """Direction of imports: nothing in the core imports cli, report or rich."""
    outside = ("cli.py", "__main__.py")
    core = [
        path
        for path in (ROOT / "analyzer").rglob("*.py")
        if "report" not in path.parts and path.name not in outside
    ]
    for path in core:
        text = path.read_text()
        for forbidden in ("analyzer.cli", "analyzer.report", "import rich", "from rich"):
            assert forbidden not in text, (path, forbidden)
