"""Policies for CI (`stackfit check`) and the pre-commit guard: evidence in, findings out.

A finding has a stable rule id (CI systems track findings by it), a severity, and a message that
says what to do. The policy comes from `[tool.stackfit.policy]` (or `[policy]` in
`.stackfit.toml`); every key is validated and an unknown one is an error that names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import NamedTuple

from analyzer.code.frameworks import all_frameworks
from analyzer.errors import StackfitError
from analyzer.formatting import plural
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import first_line
from analyzer.git.repository import read_blob
from analyzer.git.repository import run_git
from analyzer.history.rhythm import AFTER_HOURS_DEFINITION
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.policy_config import Policy
from analyzer.skills.document import SkillsEvidence
from analyzer.skills.model import EXPERT
from analyzer.skills.model import PROFICIENT

if TYPE_CHECKING:
    from analyzer.checks.baseline import Baseline
    from analyzer.code.manifests import Dependency
    from analyzer.recommend.scoring import Ranking

ERROR = "error"
WARNING = "warning"
NOTE = "note"
SEVERITIES = (NOTE, WARNING, ERROR)  # ascending

# The languages a person must hold at one of these levels to count as able to maintain them.
STAFFED_LEVELS = (EXPERT, PROFICIENT)
SKIP_HINT = "SKIP=stackfit-guard git commit"


class Rule(NamedTuple):
    id: str
    name: str
    summary: str
    help: str


# Rule ids are a contract: CI dashboards and SARIF consumers track findings by them.
UNSTAFFED = Rule(
    "stackfit/unstaffed-language",
    "UnstaffedLanguage",
    "Code in a language no active team member is proficient in",
    "Nobody active on the team writes this language at proficient level or above. Pair the "
    "change with someone who knows it, or accept the risk by adding the language to "
    "allowed_languages in [tool.stackfit.policy].",
)
TRUCK_FACTOR = Rule(
    "stackfit/truck-factor-below-minimum",
    "TruckFactorBelowMinimum",
    "A language's truck factor is under the policy's minimum",
    "Too few active people author this language's files (Avelino et al. 2016). Spread the "
    "knowledge (reviews, pairing), lower min_truck_factor, or add the language to "
    "allowed_languages in [tool.stackfit.policy].",
)
UNSTAFFED_FRAMEWORK = Rule(
    "stackfit/unstaffed-framework",
    "UnstaffedFramework",
    "A new dependency on a framework no active team member is proficient in",
    "Nobody active on the team has worked at proficient level or above in files that use this "
    "framework. Pair the change with someone who knows it, or accept the risk by adding the "
    "framework to allowed_frameworks in [tool.stackfit.policy].",
)
SHALLOW = Rule(
    "stackfit/shallow-clone",
    "ShallowClone",
    "The repository is a shallow clone, so skills undercount",
    "Fetch the whole history: actions/checkout with fetch-depth: 0 (GitHub Actions), "
    "GIT_DEPTH: 0 (GitLab CI), or git fetch --unshallow.",
)
AFTER_HOURS = Rule(
    "stackfit/after-hours-share",
    "AfterHoursShare",
    "More of the team's commits fall after hours than the policy allows",
    "A high or rising share of commits outside working hours is an early sign of overload. "
    "Look at the trend and the people behind it in `stackfit skills`, or raise "
    "max_after_hours_share in [tool.stackfit.policy].",
)
SERVICE_STACK = Rule(
    "stackfit/service-stack-off-ranking",
    "ServiceStackOffRanking",
    "The stack declared for the new service has fallen out of the policy's range",
    "The evidence no longer ranks the declared [service] stack within service_top_n or above "
    "service_min_score (see `stackfit recommend --explain`). Revisit the decision, or change "
    "the declared stack or the policy.",
)
RULES = (UNSTAFFED, UNSTAFFED_FRAMEWORK, TRUCK_FACTOR, SHALLOW, AFTER_HOURS, SERVICE_STACK)


class Finding(NamedTuple):
    rule: Rule
    severity: str
    message: str
    path: str | None = None  # repo-relative, '/'-separated; None for the repository as a whole
    language: str | None = None


def files_by_language(
    head: HeadTree, classifier: Classifier, paths: Iterable[str] | None = None
) -> dict[str, list[str]]:
    """PATHS (default: every file of the analysed revision) that count for skills, by language."""
    found: dict[str, list[str]] = {}
    for path in head.files if paths is None else paths:
        file_class = classifier.classify(path)
        if file_class.counts_for_skills and file_class.language is not None:
            found.setdefault(file_class.language, []).append(path)
    return {language: sorted(found[language]) for language in sorted(found)}


def added_paths(repo: Repository, diff: str, changed: str = "A") -> list[str]:
    """Files added in BASE..HEAD (a rename is a move, not an addition): the new code.

    CHANGED widens the filter (`AM`: modified files too, for manifests that gain dependencies).
    """
    base, head = _sides(diff)
    args = ["diff", "--name-only", "-z", "-M", f"--diff-filter={changed}", "--no-ext-diff"]
    out = _git_compare(repo, diff, [*args, "--no-textconv", "--end-of-options", f"{base}...{head}"])
    return sorted(item for item in out.decode("utf-8", "backslashreplace").split("\0") if item)


def diff_ends(repo: Repository, diff: str) -> tuple[str, str]:
    """The two revisions BASE..HEAD compares: the fork point (where HEAD left BASE, a sha)
    and HEAD as given."""
    base, head = _sides(diff)
    out = _git_compare(repo, diff, ["merge-base", "--end-of-options", base, head])
    return out.decode("ascii").strip(), head


def _sides(diff: str) -> tuple[str, str]:
    base, sep, head = diff.partition("..")
    head = head.removeprefix(".")  # BASE...HEAD means the same here: changes since the fork
    if not sep or not base or not head:
        raise StackfitError(f"--diff {diff!r} is not BASE..HEAD", "e.g. --diff origin/main..HEAD")
    return base, head


def _git_compare(repo: Repository, diff: str, args: list[str]) -> bytes:
    try:
        return run_git(repo.root, args)
    except GitFailure as failure:
        raise StackfitError(
            f"git cannot compare {diff}: {first_line(failure.stderr)}",
            "fetch both revisions (actions/checkout with fetch-depth: 0) and check their names",
        ) from None


def new_framework_dependencies(
    repo: Repository, paths: Iterable[str], before: str | None, after: str
) -> tuple[dict[str, list[Dependency]], list[str]]:
    """Dependencies that the manifests among PATHS add, by the framework they name (catalog
    id); and a warning per manifest that does not parse.

    A dependency is new when the manifest at BEFORE (a revision; None: there is none) does not
    declare it; AFTER is the revision read ("" for the index: what a commit stages). One that
    names no framework of the catalog brings nothing the team could be judged on.
    """
    from analyzer.code.frameworks import framework_for_package
    from analyzer.code.manifests import manifest_kind
    from analyzer.code.manifests import parse_manifest

    added: dict[str, list[Dependency]] = {}
    warnings = []
    for path in sorted({name.replace("\\", "/") for name in paths}):
        if manifest_kind(path) is None:
            continue
        now = parse_manifest(path, read_blob(repo, f"{after}:{path}") or b"")
        if now.warning:
            warnings.append(now.warning)
            continue
        old = read_blob(repo, f"{before}:{path}") if before is not None else None
        before_items = parse_manifest(path, old or b"").dependencies
        declared = {(item.ecosystem, item.name) for item in before_items}
        for item in now.dependencies:
            framework_id = framework_for_package(item.ecosystem, item.name)
            if framework_id is not None and (item.ecosystem, item.name) not in declared:
                added.setdefault(framework_id, []).append(item)
    return added, warnings


def evaluate(
    evidence: SkillsEvidence,
    policy: Policy,
    languages: Mapping[str, list[str]],
    skip_hint: str | None = None,
    baseline: Baseline | None = None,
) -> list[Finding]:
    """Findings for LANGUAGES (language → the files in scope), in a stable order.

    SKIP_HINT, when given, tells how to pass once (the pre-commit guard's SKIP=...). A
    BASELINE's languages are accepted as staffed; only their truck factors can regress.
    """
    findings: list[Finding] = []
    allow = _allow_text(skip_hint)
    for language, paths in languages.items():
        if language in policy.allowed_languages or not paths:
            continue
        accepted = baseline is not None and language in baseline.languages
        unstaffed = None if accepted else _unstaffed(evidence, language, paths, allow)
        if unstaffed is not None:
            findings.append(unstaffed)
            continue  # a truck factor adds nothing when nobody knows the language
        low = _low_truck_factor(evidence, policy, language, paths, allow, baseline)
        if low is not None:
            findings.append(low)
    for team_finding in (shallow_finding(evidence, policy), after_hours_finding(evidence, policy)):
        if team_finding is not None:
            findings.append(team_finding)
    return findings


def _allow_text(skip_hint: str | None) -> str:
    text = "allow it: add {language!r} to allowed_languages in [tool.stackfit.policy]"
    return f"{text} (once: {skip_hint})" if skip_hint else text


def _files_text(paths: list[str]) -> str:
    return paths[0] if len(paths) == 1 else f"{paths[0]} (and {len(paths) - 1} more files)"


def who_knows(
    evidence: SkillsEvidence, language: str, *, framework: bool = False
) -> list[tuple[str, str]]:
    """Active people with a level in LANGUAGE (a catalog id with FRAMEWORK), best first:
    (name, level)."""
    found = []
    for person in evidence.people:
        skill = (person.frameworks if framework else person.languages).get(language)
        if person.active and skill is not None:
            found.append((skill.score, person.name, skill.level))
    return [(name, level) for _, name, level in sorted(found, key=lambda item: -item[0])]


def _unstaffed(
    evidence: SkillsEvidence, language: str, paths: list[str], allow: str
) -> Finding | None:
    people = who_knows(evidence, language)
    if any(level in STAFFED_LEVELS for _, level in people):
        return None
    summary = evidence.languages.get(language)
    if summary is not None and 2 * summary.unknown_authorship_files > summary.files:
        # git.git's git-gui: maintained in its own history and merged in. Who knows it is not
        # in this history, so naming nobody (or a familiar person) would be a wrong verdict.
        message = (
            f"{_files_text(paths)}: {summary.unknown_authorship_files} of {summary.files} "
            f"{language} files came in through merges alone, so this history does not show who "
            "maintains them; if they are maintained elsewhere, " + allow.format(language=language)
        )
        return Finding(UNSTAFFED, WARNING, message, paths[0], language)
    if people:
        names = ", ".join(f"{name} ({level})" for name, level in people)
        known = f"only {names} {'knows' if len(people) == 1 else 'know'} it"
    else:
        known = "nobody active on the team has written it"
    message = (
        f"{_files_text(paths)}: {language} has no active team member at proficient level or "
        f"above ({known}); pair with someone who knows it, or " + allow.format(language=language)
    )
    return Finding(UNSTAFFED, ERROR, message, paths[0], language)


def _low_truck_factor(
    evidence: SkillsEvidence,
    policy: Policy,
    language: str,
    paths: list[str],
    allow: str,
    baseline: Baseline | None = None,
) -> Finding | None:
    minimum = policy.truck_factor_minimum(language)
    if baseline is not None:
        minimum = baseline.minimum(language, minimum)
    summary = evidence.languages.get(language)
    if minimum is None or summary is None or summary.truck_factor is None:
        return None
    if summary.truck_factor >= minimum:
        return None
    people = ", ".join(summary.truck_factor_people) or "no active author"
    message = (
        f"{_files_text(paths)}: {language} has truck factor {summary.truck_factor} "
        f"({people}), under the policy's minimum of {minimum}; spread the knowledge through "
        "reviews and pairing, or " + allow.format(language=language)
    )
    return Finding(TRUCK_FACTOR, ERROR, message, paths[0], language)


def framework_findings(
    evidence: SkillsEvidence,
    policy: Policy,
    added: Mapping[str, list[Dependency]],
    skip_hint: str | None = None,
    baseline: Baseline | None = None,
) -> list[Finding]:
    """Findings for frameworks that new dependencies bring in (framework id → dependencies);
    a BASELINE's frameworks are accepted.

    A framework is staffed when an active person works at proficient level or above in the
    files that import it (frameworks per person); its truck-factor minimum (min_truck_factor,
    by the framework's name or the default) is checked against how many active people do.
    """
    names = all_frameworks()
    findings = []
    for framework_id, dependencies in sorted(added.items()):
        name = names[framework_id].name
        if {framework_id, name.casefold()} & policy.allowed_frameworks:
            continue
        if baseline is not None and framework_id in baseline.frameworks:
            continue
        people = who_knows(evidence, framework_id, framework=True)
        staffed = [person for person, level in people if level in STAFFED_LEVELS]
        first = dependencies[0]
        where = f"{first.manifest}: adds {first.name}"
        allow = f"allow it: add {name!r} to allowed_frameworks in [tool.stackfit.policy]" + (
            f" (once: {skip_hint})" if skip_hint else ""
        )
        if not staffed:
            known = (
                "only " + ", ".join(f"{person} ({level})" for person, level in people)
                if people
                else "nobody active on the team has worked in files that use it"
            )
            message = (
                f"{where}, which is {name}; {name} has no active team member at proficient "
                f"level or above ({known}); pair with someone who knows it, or {allow}"
            )
            findings.append(Finding(UNSTAFFED_FRAMEWORK, ERROR, message, first.manifest, None))
            continue
        minimum = policy.truck_factor_minimum(name)
        if minimum is not None and len(staffed) < minimum:
            message = (
                f"{where}, which is {name}; {len(staffed)} active "
                f"{'person is' if len(staffed) == 1 else 'people are'} proficient in {name} "
                f"({', '.join(staffed)}), under the policy's minimum of {minimum}; spread the "
                f"knowledge through reviews and pairing, or {allow}"
            )
            findings.append(Finding(TRUCK_FACTOR, ERROR, message, first.manifest, None))
    return findings


def shallow_finding(evidence: SkillsEvidence, policy: Policy) -> Finding | None:
    if not evidence.repository.shallow:
        return None
    message = (
        f"shallow clone: only {evidence.repository.commits_analyzed} commits of history are "
        "present, so skills and truck factors undercount; fetch the whole history "
        "(GitHub Actions: actions/checkout with fetch-depth: 0; GitLab CI: GIT_DEPTH: 0; "
        "locally: git fetch --unshallow)"
    )
    return Finding(SHALLOW, ERROR if policy.fail_on_shallow else WARNING, message)


def after_hours_finding(evidence: SkillsEvidence, policy: Policy) -> Finding | None:
    """A warning when the team's after-hours share is over the policy's limit."""
    rhythm = evidence.rhythm
    limit = policy.max_after_hours_share
    if rhythm is None or limit is None or rhythm.after_hours_share <= limit:
        return None
    message = (
        f"{rhythm.after_hours_share:.0%} of commits are after hours ({AFTER_HOURS_DEFINITION}), "
        f"over the policy's {limit:.0%}"
    )
    if rhythm.trends:
        message += "; " + " ".join(rhythm.trends)
    return Finding(AFTER_HOURS, WARNING, message)


def service_stack_finding(stack: str, ranking: Ranking, policy: Policy) -> Finding | None:
    """An error when the declared stack ranks below service_top_n or under service_min_score."""
    order = [item.stack for item in ranking.ranking]
    if stack not in order:
        raise StackfitError(
            f"[service] stack {stack!r} is not a profiled stack",
            f"use one of: {', '.join(sorted(order))}",
        )
    place = order.index(stack) + 1
    score = ranking.ranking[place - 1].score
    too_low = policy.service_top_n is not None and place > policy.service_top_n
    too_weak = policy.service_min_score is not None and score < policy.service_min_score
    if not (too_low or too_weak):
        return None
    limits = []
    if policy.service_top_n is not None:
        limits.append(f"within the first {policy.service_top_n}")
    if policy.service_min_score is not None:
        limits.append(f"at least {policy.service_min_score:.2f}")
    leader = ranking.ranking[0]
    message = (
        f"the declared service stack {stack!r} ranks {place} of {len(order)} with {score:.2f} for "
        f"{', '.join(ranking.requirements.needs)} (policy: {' and '.join(limits)}); "
        f"{leader.name} leads with {leader.score:.2f}; revisit the decision "
        "(stackfit recommend --explain), or change [service] stack or the policy"
    )
    return Finding(SERVICE_STACK, ERROR, message)


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """FINDINGS, errors first, then warnings, then notes; in their own order within each."""
    return sorted(findings, key=lambda finding: -SEVERITIES.index(finding.severity))


def fails(findings: Iterable[Finding], fail_on: str) -> bool:
    """True when a finding is at or above FAIL_ON (one of SEVERITIES)."""
    threshold = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(finding.severity) >= threshold for finding in findings)


@dataclass(frozen=True)
class CheckResult:
    """What `stackfit check` found, and what renderers need to place it."""

    findings: list[Finding]
    head: str
    scope: str  # in words: "every file at HEAD", "files added in origin/main..HEAD"
    policy_file: str | None = None  # repo-relative config file: where repository findings point

    def location(self, finding: Finding) -> str | None:
        """The repo-relative file a finding belongs to (its own, else the policy's)."""
        return finding.path or self.policy_file

    def counts_text(self) -> str:
        """'2 errors, 1 warning': only the severities that occur."""
        parts = [
            f"{count} {plural(count, severity)}"
            for severity, count in self.counts().items()
            if count
        ]
        return ", ".join(parts) or "no findings"

    def counts(self) -> dict[str, int]:
        return {
            severity: sum(1 for item in self.findings if item.severity == severity)
            for severity in reversed(SEVERITIES)
        }
