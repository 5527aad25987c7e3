"""The pre-commit hooks' core: what staged files bring in, and a stable report.

`stackfit-guard` looks only at files the commit adds (a file already in HEAD brings in nothing
new) and at the dependencies its staged manifests add that name a framework; `stackfit-report`
names the repository by its folder (and a config file relative to it). Both judge activity by
the same clock as every command: today, or `as_of` in the config (`"head"`: HEAD's day, which
makes regenerating the committed report without a new commit change nothing).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from pathlib import PurePosixPath
from typing import NamedTuple

from analyzer.checks.baseline import Baseline
from analyzer.checks.baseline import read_baseline
from analyzer.checks.policy import SKIP_HINT
from analyzer.checks.policy import CheckResult
from analyzer.checks.policy import Finding
from analyzer.checks.policy import evaluate
from analyzer.checks.policy import files_by_language
from analyzer.checks.policy import framework_findings
from analyzer.checks.policy import new_framework_dependencies
from analyzer.checks.scope import exempt
from analyzer.code.manifests import Dependency
from analyzer.config import Settings
from analyzer.config import load_settings
from analyzer.errors import StackfitError
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.history.cache import CommitCache
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_head_tree
from analyzer.policy_config import Policy
from analyzer.recommend.scoring import Ranking
from analyzer.skills.analyse import analyse_cached
from analyzer.skills.document import SkillsEvidence

DEFAULT_REPORT = "TEAM-SKILLS.md"  # the committed report of `stackfit-report`


def guard_staged(
    filenames: Iterable[str], config_path: Path | None, *, warn: Callable[[str], None]
) -> CheckResult | None:
    """`stackfit-guard`: the findings on what the staged FILENAMES bring in; None when none.

    The history is read only when something new is staged.
    """
    repo = open_repository(".")
    check_staged_names(repo, filenames)
    settings = load_settings(repo, config_path)
    store = CommitCache(repo)
    head = read_head_tree(repo, known=store.known_blobs())
    new_files = new_files_by_language(head, settings, filenames)
    new_frameworks: dict[str, list[Dependency]] = {}
    if settings.frameworks:
        new_frameworks, warnings = new_framework_dependencies(repo, filenames, repo.head, "")
        for warning in warnings:
            warn(warning)
    if not new_files and not new_frameworks:
        store.save_known_blobs(head)
        return None  # nothing new: no history to read
    evidence = analyse_cached(
        repo, settings, store, warn=warn, head=head, frameworks=bool(new_frameworks)
    )
    baseline = read_baseline(repo)
    findings = [
        *guard_findings(evidence, settings.policy, new_files, baseline),
        *framework_findings(evidence, settings.policy, new_frameworks, SKIP_HINT, baseline),
    ]
    if not findings:
        return None
    for warning in evidence.history.warnings:  # an old HEAD explains a block: say it
        if not warning.startswith("shallow clone"):  # a clone's business, not a commit's
            warn(warning)
    return CheckResult(findings, repo.head, "files this commit adds")


class CommittedReport(NamedTuple):
    """What `stackfit-report` renders, and where it goes."""

    target: Path
    evidence: SkillsEvidence  # the repository named by its folder
    ranking: Ranking
    settings: Settings


def committed_report(
    output: str, config_path: Path | None, *, warn: Callable[[str], None]
) -> CommittedReport:
    """`stackfit-report`: the evidence and ranking of the current repository as of HEAD's date,
    needs from [service] or inferred from the code, and the checked OUTPUT path."""
    from analyzer.recommend.rank import check_weights  # loads the scan: only for this hook
    from analyzer.recommend.rank import recommend
    from analyzer.recommend.rank import resolve_requirements

    repo = open_repository(".")
    settings = report_settings(repo, load_settings(repo, config_path))
    store = CommitCache(repo)
    evidence, ranking = recommend(
        repo, settings, resolve_requirements(None, None, settings),
        weights=check_weights(settings.weights, settings.source), cache=store,
        frameworks=settings.frameworks,
    )  # fmt: skip
    for warning in store.warnings:
        warn(warning)
    target = report_target(repo, output)
    return CommittedReport(target, for_committed_report(evidence, repo), ranking, settings)


def new_files_by_language(
    head: HeadTree, settings: Settings, filenames: Iterable[str]
) -> dict[str, list[str]]:
    """Of FILENAMES (as pre-commit passes them), the ones not in HEAD, by language; test
    fixtures, templates and examples are outside the language policy."""
    added = sorted({name.replace("\\", "/") for name in filenames} - set(head.files))
    added = [path for path in added if not exempt(path)]
    return files_by_language(head, Classifier(head, settings.exclude), added)


def check_staged_names(repo: Repository, filenames: Iterable[str]) -> None:
    """Every name pre-commit passes is a file in the work tree; anything else came from `args:`.

    The entry's `--` makes pre-commit's `args:` file names too: say so rather than ignore them.
    """
    for name in filenames:
        if not os.path.lexists(repo.root / name):
            raise StackfitError(
                f"stackfit-guard: {name!r} is not a file in the repository",
                "the guard takes no `args:` in .pre-commit-config.yaml (they arrive as file "
                "names); put settings in .stackfit.toml, or override the hook's entry: "
                "`entry: stackfit hook guard --config PATH --`",
            )


def report_target(repo: Repository, output: str) -> Path:
    """Where the report hook may write OUTPUT: a regular file or a new one inside the work
    tree, reached through no symlink, and never in a git directory or a bare repository."""
    if repo.bare:
        raise StackfitError(
            "stackfit-report needs a work tree; this repository is bare",
            "run it in a clone with a work tree",
        )
    relative = PurePosixPath(output.replace("\\", "/"))
    parts = relative.parts
    if not parts or relative.is_absolute() or ".." in parts:
        raise StackfitError(
            f"stackfit-report: --output {output!r} must be a path inside the repository",
            "give a path relative to the repository's top, such as docs/TEAM-SKILLS.md",
        )
    if any(part.lower() == ".git" for part in parts):
        raise StackfitError(
            f"stackfit-report: --output {output!r} is inside a git directory",
            "give a path in the work tree, such as docs/TEAM-SKILLS.md",
        )
    target = repo.root
    for part in parts:
        target = target / part
        if target.is_symlink():
            raise StackfitError(
                f"stackfit-report: {target.relative_to(repo.root).as_posix()} is a symbolic "
                "link; the report is never written through one",
                "replace the link with a regular file or folder, or choose another --output",
            )
    if target.exists() and not target.is_file():
        raise StackfitError(
            f"stackfit-report: {output!r} is not a regular file", "choose another --output"
        )
    return target


def guard_findings(
    evidence: SkillsEvidence,
    policy: Policy,
    new_files: dict[str, list[str]],
    baseline: Baseline | None = None,
) -> list[Finding]:
    """Findings for the new files only; a shallow clone is CI's business, not a commit's."""
    findings = evaluate(evidence, policy, new_files, skip_hint=SKIP_HINT, baseline=baseline)
    return [finding for finding in findings if finding.path]


def report_settings(repo: Repository, settings: Settings) -> Settings:
    """The settings with the config file named relative to the repository's top (or by its
    name alone, outside it), since the report states where its settings came from.

    The clock is every command's (today, `as_of` in config): the guard judges by the same one,
    so the report never shows a team the guard does not see. `as_of = "head"` in the config
    makes the report a function of HEAD.
    """
    return replace(settings, source=_relative_source(settings.source, repo.root))


def _relative_source(source: str, root: Path) -> str:
    path = Path(source)
    if not path.is_absolute():
        return source
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def for_committed_report(evidence: SkillsEvidence, repo: Repository) -> SkillsEvidence:
    """The evidence with the repository named by its folder: every clone writes the same file."""
    facts = replace(evidence.repository, path=repo.root.name)
    return replace(evidence, repository=facts)
