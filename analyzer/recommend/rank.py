"""From a repository and the new service's needs to a ranking of stacks.

Requirements come from, in order: `--needs`, `--service FILE`, the config's [service] table, or
the code base's own workload; the ranking says which one it used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from pathlib import Path
from typing import Any
from typing import NamedTuple
from typing import TypeGuard

from analyzer.code.document import WorkloadKind
from analyzer.code.scan import ScanProgress
from analyzer.code.scan import ScanSettings
from analyzer.code.scan import scan_repository
from analyzer.config import Settings
from analyzer.data.catalog import NEEDS
from analyzer.errors import StackfitError
from analyzer.git.repository import Repository
from analyzer.history.cache import CommitCache
from analyzer.history.mine import CodeFacts
from analyzer.history.mine import MinedRepository
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_head_tree
from analyzer.recommend.operations import operational_facts
from analyzer.recommend.profiles import Catalog
from analyzer.recommend.profiles import load_catalog
from analyzer.recommend.scoring import CRITERIA
from analyzer.recommend.scoring import Ranking
from analyzer.recommend.scoring import Requirements
from analyzer.recommend.scoring import WhatIf
from analyzer.recommend.scoring import score_stacks
from analyzer.safe_files import USER_FILE_MAX_BYTES
from analyzer.safe_files import ParseError
from analyzer.safe_files import loads
from analyzer.safe_files import read_user_file
from analyzer.skills.combine import analyse_skills
from analyzer.skills.combine import repository_labels
from analyzer.skills.document import SkillsEvidence

DEFAULT_NEEDS = ("api",)
INFERRED_MIN_SCORE = 0.5  # a workload kind at least this strong becomes a need


def parse_needs(items: Iterable[str], origin: str) -> tuple[str, ...]:
    """Needs in the design's vocabulary, in the order given, without repeats (a trailing `!`,
    the must-have mark, is read by must_needs)."""
    needs: list[str] = []
    for item in items:
        need = item.strip().lower().removesuffix("!")
        if not need:
            continue
        if need not in NEEDS:
            raise StackfitError(
                f"unknown need {need!r} in {origin}", f"use some of: {', '.join(NEEDS)}"
            )
        if need not in needs:
            needs.append(need)
    if not needs:
        raise StackfitError(f"no needs in {origin}", f"name at least one of: {', '.join(NEEDS)}")
    return tuple(needs)


def must_needs(items: Iterable[str]) -> tuple[str, ...]:
    """The needs marked must-have with a trailing `!` (`--needs data-ml!,api`)."""
    return tuple(
        dict.fromkeys(
            item.strip().lower().removesuffix("!") for item in items if item.strip().endswith("!")
        )
    )


class ServiceFile(NamedTuple):
    needs: tuple[str, ...]
    must: tuple[str, ...]  # needs marked `!` or listed in `must = [...]`


def read_service_file(path: Path) -> ServiceFile:
    """`needs = [...]` and `must = [...]` from a TOML or YAML file (top level or under
    [service]), spelt as in the config's [service]; a trailing `!` on a need makes it must-have."""
    raw = read_user_file(path, USER_FILE_MAX_BYTES, "--service")
    try:
        table: Any = loads(raw, "yaml" if path.suffix in (".yaml", ".yml") else "toml")
    except ParseError as error:
        raise StackfitError(f"{path} does not parse: {error}", "fix its syntax") from None
    if isinstance(table, dict) and isinstance(table.get("service"), dict):
        table = table["service"]
    needs = table.get("needs") if isinstance(table, dict) else None
    if not _strings(needs):
        raise StackfitError(f"{path} has no 'needs' list", 'write: needs = ["realtime", "api"]')
    listed = parse_needs(needs, str(path))
    must = table.get("must", [])
    if not _strings(must):
        raise StackfitError(f"'must' in {path} must list needs", 'write: must = ["data-ml"]')
    named = parse_needs(must, f"'must' in {path}") if must else ()
    outside = [need for need in named if need not in listed]
    if outside:
        raise StackfitError(
            f"'must' in {path} names {', '.join(outside)}, not among its needs",
            f"add {', '.join(outside)} to needs or drop it from must",
        )
    return ServiceFile(listed, tuple(dict.fromkeys((*must_needs(needs), *named))))


def _strings(value: Any) -> TypeGuard[list[str]]:
    """Whether VALUE is a list of strings (as TOML and YAML give them)."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def resolve_requirements(
    needs_flag: str | None, service_file: Path | None, settings: Settings
) -> Requirements | None:
    """The new service's needs and where they came from; None when nobody stated them."""
    must = parse_needs(settings.service_must, settings.source) if settings.service_must else ()
    if needs_flag is not None:
        items = needs_flag.split(",")
        needs = parse_needs(items, "--needs")
        must = tuple(dict.fromkeys((*must_needs(items), *must)))
        return Requirements(_with(needs, must), "flag", "from --needs", must)
    if service_file is not None:
        service = read_service_file(service_file)
        must = tuple(dict.fromkeys((*service.must, *must)))
        return Requirements(_with(service.needs, must), "file", f"from {service_file}", must)
    if settings.service_needs:
        needs = parse_needs(settings.service_needs, settings.source)
        must = tuple(dict.fromkeys((*must_needs(settings.service_needs), *must)))
        detail = f"from [service] in {settings.source}"
        return Requirements(_with(needs, must), "config", detail, must)
    if must:
        return Requirements(must, "config", f"from [service] must in {settings.source}", must)
    return None


def _with(needs: tuple[str, ...], must: tuple[str, ...]) -> tuple[str, ...]:
    """NEEDS, and any must-have need not among them."""
    return tuple(dict.fromkeys((*needs, *must)))


def infer_requirements(
    repo: Repository,
    settings: Settings,
    on_progress: ScanProgress | None = None,
    head: HeadTree | None = None,
) -> Requirements:
    """The code base's own workload kinds (those scoring INFERRED_MIN_SCORE or more) as needs."""
    code = scan_repository(repo, ScanSettings(exclude=settings.exclude), on_progress, head)
    return requirements_from_workload(code.workload)


def requirements_from_workload(workload: Mapping[str, WorkloadKind] | None) -> Requirements:
    """Needs from workload kinds; an ordinary business API when none is strong (or unknown)."""
    if workload is None:
        return Requirements(
            DEFAULT_NEEDS,
            "default",
            "no needs were given (--needs, --service or [service] in the config) and the "
            "evidence holds no code scan: assuming an ordinary business API",
        )
    kinds = sorted(
        ((need, kind) for need, kind in workload.items() if kind.score >= INFERRED_MIN_SCORE),
        key=lambda item: (-item[1].score, item[0]),
    )
    if not kinds:
        return Requirements(
            DEFAULT_NEEDS,
            "default",
            "no needs were given (--needs, --service or [service] in the config) and no workload "
            f"kind in the code base scores {INFERRED_MIN_SCORE} or more: assuming an ordinary "
            "business API",
        )
    reasons = "; ".join(
        f"{need} {kind.score:.2f}" + (f" ({kind.evidence[0]})" if kind.evidence else "")
        for need, kind in kinds
    )
    return Requirements(
        tuple(need for need, _ in kinds),
        "inferred",
        f"inferred from what the code base does, since no needs were given: {reasons}",
    )


def code_facts(
    repo: Repository, head: HeadTree, settings: Settings, catalog: Catalog, *, scan: bool
) -> CodeFacts:
    """What a repository offers each stack, and (with SCAN) what its code does; both read
    HEAD's blobs (the scan last: it frees them)."""
    operations = operational_facts(repo, head, catalog)
    workload = None
    if scan:  # one process: a fleet of repositories is already parallel
        scanning = ScanSettings(exclude=settings.exclude, jobs=1)
        workload = scan_repository(repo, scanning, head=head).workload
    return CodeFacts({stack: tuple(facts) for stack, facts in operations.items()}, workload)


@dataclass(frozen=True)
class CodeReader:
    """code_facts for the map step: what each mined repository offers each stack, and (with
    SCAN) what its code does. Plain data, so a process pool or a Dask worker can take it."""

    profiles_dir: Path | None
    scan: bool

    @property
    def reads_every_blob(self) -> bool:
        return self.scan  # the scan parses every source blob: keep them as the tree is read

    def __call__(self, repo: Repository, head: HeadTree, settings: Settings) -> CodeFacts:
        return code_facts(repo, head, settings, load_catalog(self.profiles_dir), scan=self.scan)


def team_code(mined: Sequence[MinedRepository]) -> CodeFacts:
    """Several repositories' code facts as one: facts joined (named by repository), and each
    workload kind as strong as in the repository that does it most."""
    found = [item for item in mined if item.error is None and item.code is not None]
    labels = repository_labels(found)
    several = len(found) > 1
    operations: dict[str, list[str]] = {}
    workload: dict[str, tuple[WorkloadKind, str]] = {}
    scanned = bool(found)
    for item in sorted(found, key=lambda item: item.key):
        assert item.code is not None
        label = labels[item.key]
        for stack, facts in item.code.operations.items():
            named = (f"{fact} in {label}" if several else fact for fact in facts)
            operations.setdefault(stack, []).extend(named)
        if item.code.workload is None:
            scanned = False
            continue
        for need, kind in item.code.workload.items():
            strongest = workload.get(need)
            if strongest is None or kind.score > strongest[0].score:
                workload[need] = (kind, label)
    kinds = {
        need: replace(kind, evidence=tuple(f"{label}: {item}" for item in kind.evidence))
        if several
        else kind
        for need, (kind, label) in sorted(workload.items())
    }
    return CodeFacts(
        {stack: tuple(facts) for stack, facts in sorted(operations.items())},
        kinds if scanned else None,
    )


def parse_weights(items: Iterable[str]) -> dict[str, float]:
    """`team_fit=0.5` pairs; names from the model's criteria, values from 0 to 1."""
    weights: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in CRITERIA:
            raise StackfitError(
                f"bad --weight {item!r}", f"use NAME=VALUE with NAME one of: {', '.join(CRITERIA)}"
            )
        try:
            number = float(value)
        except ValueError:
            raise StackfitError(
                f"bad --weight {item!r}: {value!r} is not a number", "use a number from 0 to 1"
            ) from None
        if not 0 <= number <= 1:
            raise StackfitError(f"bad --weight {item!r}: out of range", "use a number from 0 to 1")
        weights[name] = number
    return weights


def check_weights(weights: Mapping[str, float], origin: str) -> dict[str, float]:
    """Weights from the config: names must be the model's criteria (values were checked there)."""
    for name in weights:
        if name not in CRITERIA:
            raise StackfitError(
                f"unknown criterion 'weights.{name}' in {origin}",
                f"use some of: {', '.join(CRITERIA)}",
            )
    return dict(weights)


MAX_HIRES = 1000  # planned hires per stack: a team, not a typo's 1e23
_HIRES = re.compile(r"[0-9]{1,4}")


def parse_hires(items: Iterable[str], catalog: Catalog) -> dict[str, int]:
    """`go:2` pairs: planned hires at proficient level per stack."""
    hires: dict[str, int] = {}
    for item in items:
        stack, sep, count = item.partition(":")
        stack = stack.strip().lower()
        count = count.strip()
        if (
            not sep
            or stack not in catalog.profiles
            or not _HIRES.fullmatch(count)
            or int(count) > MAX_HIRES
        ):
            known = ", ".join(sorted(catalog.profiles))
            raise StackfitError(
                f"bad --hire {item!r}",
                f"use STACK:N with N from 0 to {MAX_HIRES} and STACK one of: {known}",
            )
        hires[stack] = hires.get(stack, 0) + int(count)
    return hires


def recommend(
    repo: Repository,
    settings: Settings,
    requirements: Requirements | None,
    *,
    weights: Mapping[str, float],
    without: Iterable[str] = (),
    hires: Iterable[str] = (),
    profiles_dir: Path | None = None,
    on_progress: Callable[[int], None] | None = None,
    cache: CommitCache | None = None,
    on_scan_progress: ScanProgress | None = None,
    frameworks: bool = False,
) -> tuple[SkillsEvidence, Ranking]:
    """Read the team's evidence once and rank every profile for REQUIREMENTS.

    Without requirements, the code base's own workload decides them (and the ranking says so).
    ON_PROGRESS counts commits read (see analyse_skills), ON_SCAN_PROGRESS files parsed.
    FRAMEWORKS also reads frameworks per person (the report shows them).
    """
    catalog = load_catalog(profiles_dir)  # a bad profile fails before the history is read
    what_if = WhatIf(without=tuple(without), hires=parse_hires(hires, catalog))
    head = read_head_tree(repo, keep=True)  # the run's one snapshot of the revision
    evidence = analyse_skills(repo, settings, on_progress, cache, head=head, frameworks=frameworks)
    _check_people(evidence, what_if.without)
    ranking = rank_evidence(
        repo, settings, evidence, head, catalog, requirements, weights, what_if, on_scan_progress
    )
    return evidence, ranking


def rank_evidence(
    repo: Repository,
    settings: Settings,
    evidence: SkillsEvidence,
    head: HeadTree,
    catalog: Catalog | None = None,
    requirements: Requirements | None = None,
    weights: Mapping[str, float] | None = None,
    what_if: WhatIf | None = None,
    on_scan_progress: ScanProgress | None = None,
) -> Ranking:
    """Rank the stacks on evidence already read (CI's check reuses its own), and on HEAD,
    the snapshot of the revision that evidence was read from."""
    catalog = catalog or load_catalog()
    operations = operational_facts(repo, head, catalog)
    requirements = requirements or resolve_requirements(None, None, settings)
    requirements = requirements or infer_requirements(repo, settings, on_scan_progress, head)
    return score_stacks(evidence, catalog, requirements, operations, weights, what_if)


def rank_team(
    evidence: SkillsEvidence,
    code: CodeFacts,
    settings: Settings,
    requirements: Requirements | None,
    *,
    weights: Mapping[str, float],
    without: Iterable[str] = (),
    hires: Iterable[str] = (),
    profiles_dir: Path | None = None,
) -> Ranking:
    """Rank every profile on a team's evidence from several repositories (or evidence files)."""
    catalog = load_catalog(profiles_dir)
    what_if = WhatIf(without=tuple(without), hires=parse_hires(hires, catalog))
    _check_people(evidence, what_if.without)
    requirements = requirements or resolve_requirements(None, None, settings)
    requirements = requirements or requirements_from_workload(code.workload)
    operations = {stack: list(facts) for stack, facts in code.operations.items()}
    return score_stacks(evidence, catalog, requirements, operations, weights, what_if)


def _check_people(evidence: SkillsEvidence, names: Iterable[str]) -> None:
    known = {
        item.lower()
        for person in evidence.people
        for item in (person.id, person.name, *person.emails, *person.names)
    }
    for name in names:
        if name.lower() not in known:
            raise StackfitError(
                f"--without {name!r}: nobody of that name or email", "see stackfit skills"
            )
