"""The folder listing tells the data flow: a stage imports only the stages below it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "analyzer"
# Lowest first, as design.md draws them; `team` sits beside `history` in the picture but combines
# finished skills, so it comes after `skills`. Top-level modules (errors, safe_files, ...) and
# data/ are shared by every stage and import none; config.py reads the repository's settings
# through git, so it stands with git; __main__ is the entry point, above everything.
STAGES = (
    "git",
    "languages",
    "code",
    "history",
    "skills",
    "team",
    "recommend",
    "checks",
    "report",
    "cli",
)


def _stage(module: str) -> int:
    if module == "analyzer.__main__":
        return len(STAGES) + 1
    if module == "analyzer.config":
        return STAGES.index("git") + 1
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1]) + 1
    return 0


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analyzer"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("analyzer"))
    return found


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts): path
        for path in PACKAGE.rglob("*.py")
    }


def test_no_import_runs_upward():
    upward = sorted(
        f"{module} imports {imported}"
        for module, path in _modules().items()
        for imported in _imports(path)
        if _stage(imported) > _stage(module)
    )
    assert upward == []


def test_every_stage_is_a_package_that_says_what_it_owns():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text()))
        assert docstring and len(docstring.splitlines()) == 1, stage


def test_the_rule_catches_an_upward_import():
    assert _stage("analyzer.cli.options") > _stage("analyzer.git.repository")
    assert _stage("analyzer.errors") == 0
    assert _stage("analyzer.config") == _stage("analyzer.git.log")
