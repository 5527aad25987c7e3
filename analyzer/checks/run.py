"""The `stackfit check` use case: the policy's findings for every file at a revision, or for the
files a pull request adds (BASE..HEAD)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from analyzer.checks.baseline import Baseline
from analyzer.checks.baseline import read_baseline
from analyzer.checks.baseline import write_baseline
from analyzer.checks.policy import CheckResult
from analyzer.checks.policy import added_paths
from analyzer.checks.policy import by_severity
from analyzer.checks.policy import diff_ends
from analyzer.checks.policy import evaluate
from analyzer.checks.policy import files_by_language
from analyzer.checks.policy import framework_findings
from analyzer.checks.policy import new_framework_dependencies
from analyzer.checks.scope import judged
from analyzer.code.manifests import Dependency
from analyzer.config import Settings
from analyzer.config import load_settings
from analyzer.config import override
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_head_tree
from analyzer.progress import Watch
from analyzer.progress import unwatched
from analyzer.skills.analyse import analyse_cached
from analyzer.skills.analyse import open_store
from analyzer.skills.document import SkillsEvidence


def run_check(
    path: str,
    rev: str,
    config_path: Path | None,
    diff: str | None,
    no_cache: bool,
    *,
    as_of: date | str | None = None,
    warn: Callable[[str], None],
    watch: Watch = unwatched,
    init: bool = False,
) -> CheckResult:
    """Evaluate [policy] against the evidence of PATH at REV; with DIFF, only what it adds.

    AS_OF (--as-of) wins over the config's `as_of`: the same clock as every command. With INIT,
    first write what is in use as the baseline: from then on only regressions fail.
    """
    repo = open_repository(path, rev)
    settings = override(load_settings(repo, config_path), as_of=as_of)
    baseline = None if init else read_baseline(repo)
    added = added_paths(repo, diff) if diff else None
    new_frameworks: dict[str, list[Dependency]] = {}
    if diff and settings.frameworks:  # what a pull request's manifests add
        changed = added_paths(repo, diff, changed="AM")
        new_frameworks, warnings = new_framework_dependencies(repo, changed, *diff_ends(repo, diff))
        for warning in warnings:
            warn(warning)
    store = open_store(repo, no_cache)
    head = read_head_tree(repo, known=store.known_blobs() if store is not None else None)
    evidence = analyse_cached(
        repo, settings, store, warn=warn, head=head, watch=watch, frameworks=bool(new_frameworks)
    )
    classifier = Classifier(head, settings.exclude)
    if init:
        baseline = accepted_state(repo, head, classifier, evidence)
        written = write_baseline(repo, baseline)
        warn(f"wrote {written}, the accepted state: commit it; only regressions fail from now on")
    for warning in evidence.history.warnings:
        if not warning.startswith("shallow clone"):  # a finding of its own
            warn(warning)
    scope = f"files added in {diff}" if diff else f"every file at {rev}"
    languages = judged(
        files_by_language(head, classifier, added), evidence, settings.policy, repo, head,
        small_too=diff is not None,
        accepted=baseline.languages if baseline is not None else None,
    )  # fmt: skip
    findings = evaluate(evidence, settings.policy, languages, baseline=baseline)
    findings += framework_findings(evidence, settings.policy, new_frameworks, baseline=baseline)
    if settings.service_stack and settings.policy.judges_service:
        from analyzer.checks.policy import service_stack_finding
        from analyzer.recommend.rank import rank_evidence  # loads the scan: only when needed

        with watch(None) as shown:
            progress = shown.files if shown else None
            ranking = rank_evidence(repo, settings, evidence, head, on_scan_progress=progress)
        finding = service_stack_finding(settings.service_stack, ranking, settings.policy)
        findings += [finding] if finding else []
    return CheckResult(by_severity(findings), repo.head, scope, _policy_file(settings))


def accepted_state(
    repo: Repository, head: HeadTree, classifier: Classifier, evidence: SkillsEvidence
) -> Baseline:
    """What is in use at HEAD: its languages, the frameworks its manifests declare, and the
    truck factors of its languages."""
    languages = files_by_language(head, classifier)
    frameworks, _ = new_framework_dependencies(repo, head.files, None, repo.head)
    factors = {
        name: item.truck_factor
        for name, item in evidence.languages.items()
        if item.truck_factor is not None and name in languages
    }
    return Baseline(frozenset(languages), frozenset(frameworks), factors)


def _policy_file(settings: Settings) -> str | None:
    """The repository file that holds the policy, where repository-wide findings point."""
    for name in (".stackfit.toml", "pyproject.toml"):
        if settings.source.startswith(name):
            return name
    return None
