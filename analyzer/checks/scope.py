"""Which files and languages the language policy judges: the code a team maintains.

Test fixtures, templates and examples are data a tool ships or reads (pre-commit's
`empty_template_main.go`, flask's `tests/static/index.html`), not code anyone maintains in that
language; and a language with a sliver of the code (gin's one Makefile) is not a staffing
question. Both would fail healthy repositories and get the check switched off.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

from analyzer.git.repository import Repository
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_tree_blobs
from analyzer.policy_config import Policy
from analyzer.skills.document import SkillsEvidence

# A path with one of these folders in it is a fixture, a template or an example (any case).
EXEMPT_FOLDERS = frozenset(
    {
        "__fixtures__",
        "__tests__",
        "example",
        "examples",
        "fixture",
        "fixtures",
        "sample",
        "samples",
        "spec",
        "specs",
        "template",
        "templates",
        "test",
        "test-data",
        "test_data",
        "testdata",
        "testing",
        "tests",
    }
)
EXEMPT_NAME_PART = "template"  # empty_template_main.go, template.html: a file stamped out


def exempt(path: str) -> bool:
    """True for a test fixture, template or example: outside the language policy."""
    parts = PurePosixPath(path.lower()).parts
    return any(part in EXEMPT_FOLDERS for part in parts[:-1]) or EXEMPT_NAME_PART in parts[-1]


def judged(
    languages: Mapping[str, list[str]],
    evidence: SkillsEvidence,
    policy: Policy,
    repo: Repository,
    head: HeadTree,
    *,
    small_too: bool,
    accepted: frozenset[str] | None = None,
) -> dict[str, list[str]]:
    """LANGUAGES (language → files) without exempt files, and, unless SMALL_TOO, without the
    languages that do not matter: under policy.min_share of the code and under
    policy.min_lines lines (counted only for those under the share). With a baseline's
    ACCEPTED languages, a language outside it is new and judged whatever its size."""
    found: dict[str, list[str]] = {}
    for language, paths in languages.items():
        kept = [path for path in paths if not exempt(path)]
        new = accepted is not None and language not in accepted
        if kept and (small_too or new or _matters(language, kept, evidence, policy, repo, head)):
            found[language] = kept
    return found


def _matters(
    language: str,
    paths: list[str],
    evidence: SkillsEvidence,
    policy: Policy,
    repo: Repository,
    head: HeadTree,
) -> bool:
    summary = evidence.languages.get(language)
    if summary is not None and summary.share >= policy.min_share:
        return True
    return count_lines(repo, head, paths) >= policy.min_lines


def count_lines(repo: Repository, head: HeadTree, paths: list[str]) -> int:
    """Lines in PATHS at the analysed revision (a last line without a newline counts)."""
    shas = [head.files[path].sha for path in paths if path in head.files]
    total = 0
    for _, content in read_tree_blobs(repo, head, shas):
        total += content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)
    return total
