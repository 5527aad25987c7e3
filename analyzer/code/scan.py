"""From a repository's tree to its code evidence: languages, frameworks, constructs, workload.

One pass over the analysed revision: list it (languages/tree.py), decide per path what it is
and what must be read, stream exactly those blobs through one `git cat-file --batch` (so bare
repositories and any --rev work, and the work tree is never touched), count lines, read the
manifests, and hand source files to the parser pool as they arrive.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from pathlib import Path

from analyzer.code.document import DEFAULT_MAX_FILE_BYTES
from analyzer.code.document import MAX_EVIDENCE
from analyzer.code.document import CodeEvidence
from analyzer.code.document import ConstructUse
from analyzer.code.document import FileCounts
from analyzer.code.document import FrameworkUse
from analyzer.code.document import LanguageStats
from analyzer.code.document import ScanTarget
from analyzer.code.frameworks import all_frameworks
from analyzer.code.frameworks import framework_for_import
from analyzer.code.frameworks import framework_for_package
from analyzer.code.imports import FileFacts
from analyzer.code.imports import ParseJob
from analyzer.code.manifests import Dependency
from analyzer.code.manifests import manifest_kind
from analyzer.code.manifests import parse_manifest
from analyzer.code.pool import ParsePool
from analyzer.code.queries import GRAMMAR_ECOSYSTEMS
from analyzer.code.queries import LANGUAGE_GRAMMARS
from analyzer.code.workload import workload_kinds
from analyzer.config import load_settings
from analyzer.data.catalog import CATEGORIES
from analyzer.data.catalog import INFRA_FILE_NAMES
from analyzer.data.catalog import INFRA_FILE_SUFFIXES
from analyzer.data.catalog import KUBERNETES_MARKERS
from analyzer.git.repository import Repository
from analyzer.git.repository import open_repository
from analyzer.languages.tree import EXCLUSION_REASONS
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import TreeFile
from analyzer.languages.tree import read_head_tree
from analyzer.languages.tree import read_tree_blobs
from analyzer.languages.tree import unknown_languages_warning
from analyzer.machine import available_cpus
from analyzer.progress import Watch
from analyzer.progress import unwatched

POOL_MIN_BYTES = 1 << 20  # less source than this parses faster than worker processes start
BINARY_PROBE_BYTES = 8000  # git's own heuristic: a NUL byte in the first 8,000 bytes
MAX_ERROR_PATHS = 10
_YAML_SUFFIXES = (".yaml", ".yml")

# Told (files parsed, files to parse) as parsing goes: a source file whose blob is binary counts
# as done at once, and two paths with the same content are one file to parse.
ScanProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class ScanSettings:
    exclude: tuple[str, ...] = ()  # gitignore-style globs left out, as `stackfit skills`
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    jobs: int | None = None  # parser processes; None: every available CPU
    pool_min_bytes: int = POOL_MIN_BYTES


@dataclass
class TreePlan:
    """What each path of the tree is and which blobs must be read, decided from names alone."""

    counted: dict[str, str] = field(default_factory=dict)  # path -> language
    parse: dict[str, str] = field(default_factory=dict)  # path -> grammar key
    manifests: list[str] = field(default_factory=list)
    yaml: list[str] = field(default_factory=list)  # Kubernetes manifest candidates
    infra: dict[str, str] = field(default_factory=dict)  # path -> infra framework id, by name
    excluded: Counter[str] = field(default_factory=Counter)
    too_large: int = 0
    manifests_too_large: list[str] = field(default_factory=list)  # each one a warning


@dataclass
class _Reading:
    """What reading the blobs found."""

    lines: dict[str, int] = field(default_factory=dict)  # sha -> lines
    binary: set[str] = field(default_factory=set)
    dependencies: list[Dependency] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kubernetes: list[str] = field(default_factory=list)
    facts: dict[tuple[str, str], FileFacts] = field(default_factory=dict)  # (sha, grammar)


@dataclass
class _ParseProgress:
    """Files parsed of the total, for ON_PROGRESS."""

    total: int
    on_progress: ScanProgress | None
    done: int = 0

    def advance(self, count: int) -> None:
        self.done += count
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)


def scan_path(
    path: str,
    rev: str,
    config_path: Path | None,
    settings: ScanSettings,
    *,
    watch: Watch = unwatched,
    warn: Callable[[str], None],
) -> CodeEvidence:
    """`stackfit scan`: the code evidence of PATH at REV, the config's excludes added first."""
    repo = open_repository(path, rev)
    excluded = (*load_settings(repo, config_path).exclude, *settings.exclude)
    with watch(None) as shown:
        evidence = scan_repository(
            repo, replace(settings, exclude=excluded), shown.files if shown else None
        )
    for warning in evidence.warnings:
        warn(warning)
    return evidence


def scan_repository(
    repo: Repository,
    settings: ScanSettings | None = None,
    on_progress: ScanProgress | None = None,
    head: HeadTree | None = None,
) -> CodeEvidence:
    """Say what the code is and does, from the run's snapshot of the revision (HEAD: the blobs
    it holds are not read again) or from a new one."""
    settings = settings or ScanSettings()
    if head is None:
        head = read_head_tree(repo, keep=True)
    classifier = Classifier(head, settings.exclude)
    files = head.files
    plan = plan_tree(files.items(), classifier, settings.max_file_bytes)
    parse_bytes = sum(files[path].size_bytes for path in plan.parse)
    workers = settings.jobs or available_cpus()
    if parse_bytes < settings.pool_min_bytes:
        workers = 1
    reading = _Reading()
    reading.warnings.extend(unknown_languages_warning(head))
    reading.warnings.extend(
        f"{path}: larger than the {settings.max_file_bytes} bytes read (--max-file-bytes); "
        "its dependencies were not read"
        for path in plan.manifests_too_large
    )
    progress = _ParseProgress(
        len({(files[path].sha, key) for path, key in plan.parse.items()}), on_progress
    )
    progress.advance(0)
    with ParsePool(workers, progress.advance if on_progress else None) as pool:
        _read(repo, plan, head, pool, reading, progress)
        for found in pool.results():
            reading.facts[(found.sha, found.grammar)] = found
    if head.blobs_missing:
        reading.warnings.append(
            "file contents are missing (a partial clone?): languages, frameworks and constructs "
            "are unknown; fix: git fetch --refetch"
        )
    shas = {path: tree_file.sha for path, tree_file in files.items()}
    per_path = {
        path: reading.facts[(shas[path], grammar)]
        for path, grammar in sorted(plan.parse.items())
        if (shas[path], grammar) in reading.facts
    }
    counts = _file_counts(len(files), plan, reading, per_path, shas)
    evidence = CodeEvidence(
        repository=ScanTarget(str(repo.path), repo.head, repo.rev, repo.bare),
        languages=_languages(plan, reading, shas, {p: f.size_bytes for p, f in files.items()}),
        frameworks=_frameworks(plan, reading, per_path),
        constructs=_constructs(per_path),
        workload={},
        manifests=tuple(sorted({dependency.manifest for dependency in reading.dependencies})),
        dependencies=len(reading.dependencies),
        files=counts,
        max_file_bytes=settings.max_file_bytes,
        warnings=tuple(reading.warnings + _parse_warnings(counts)),
    )
    return replace(evidence, workload=workload_kinds(evidence))


def plan_tree(
    files: Iterable[tuple[str, TreeFile]], classifier: Classifier, max_file_bytes: int
) -> TreePlan:
    """Decide from names, sizes and the classifier what each path is and what to read."""
    plan = TreePlan()
    for path, tree_file in files:
        size = tree_file.size_bytes
        file_class = classifier.classify(path)
        if file_class.excluded is not None:
            plan.excluded[file_class.excluded] += 1
            continue
        infra = infra_by_name(path)
        if infra is not None:
            plan.infra[path] = infra
        if size > max_file_bytes:
            plan.too_large += int(file_class.counts_for_skills)
            if manifest_kind(path) is not None:
                plan.manifests_too_large.append(path)
            continue
        if manifest_kind(path) is not None:
            plan.manifests.append(path)
        if path.endswith(_YAML_SUFFIXES) and infra is None:
            plan.yaml.append(path)
        if file_class.counts_for_skills and file_class.language is not None:
            plan.counted[path] = file_class.language
            grammar = LANGUAGE_GRAMMARS.get(file_class.language)
            if grammar == "typescript" and path.endswith(".tsx"):
                grammar = "tsx"
            if grammar is not None:
                plan.parse[path] = grammar
    return plan


def infra_by_name(path: str) -> str | None:
    name = posixpath.basename(path)
    found = INFRA_FILE_NAMES.get(name)
    if found is None and name.startswith("Dockerfile."):
        found = "docker"
    if found is None:
        suffix = posixpath.splitext(name)[1]
        found = INFRA_FILE_SUFFIXES.get(suffix)
    return found


def _read(
    repo: Repository,
    plan: TreePlan,
    head: HeadTree,
    pool: ParsePool,
    reading: _Reading,
    progress: _ParseProgress,
) -> None:
    """Stream the blobs the plan needs, each once, and act on each as it arrives."""
    paths_of: dict[str, list[str]] = {}
    for path in (*plan.counted, *plan.manifests, *plan.yaml):
        paths_of.setdefault(head.files[path].sha, []).append(path)
    manifests = set(plan.manifests)
    yaml = set(plan.yaml)
    for sha, content in _blobs(repo, head, paths_of):
        paths = paths_of[sha]
        grammars = sorted({plan.parse[path] for path in paths if path in plan.parse})
        if b"\0" in content[:BINARY_PROBE_BYTES]:
            reading.binary.add(sha)
            if grammars:
                progress.advance(len(grammars))  # nothing to parse: done
            continue
        reading.lines[sha] = content.count(b"\n") + (not content.endswith(b"\n") and bool(content))
        for grammar in grammars:
            pool.add(ParseJob(sha, grammar, content))
        for path in paths:
            if path in manifests:
                result = parse_manifest(path, content)
                reading.dependencies.extend(result.dependencies)
                if result.warning:
                    reading.warnings.append(result.warning)
            if path in yaml and _is_kubernetes(content):
                reading.kubernetes.append(path)


def _blobs(repo: Repository, head: HeadTree, shas: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """The blobs read with the tree first, then the others, each in the order asked (so the
    warnings come in one order however much an earlier reader left in memory)."""
    ordered = list(shas)
    first = [sha for sha in ordered if sha in head.content_blobs]
    rest = [sha for sha in ordered if sha not in head.content_blobs]
    yield from read_tree_blobs(repo, head, first, forget=True)
    yield from read_tree_blobs(repo, head, rest, forget=True)
    head.contents.clear()


def _is_kubernetes(content: bytes) -> bool:
    api, kind = KUBERNETES_MARKERS
    starts = (content.startswith(api) or b"\n" + api in content) and (
        content.startswith(kind) or b"\n" + kind in content
    )
    return bool(starts)


def _languages(
    plan: TreePlan, reading: _Reading, shas: Mapping[str, str], sizes: Mapping[str, int]
) -> dict[str, LanguageStats]:
    files: Counter[str] = Counter()
    size: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    for path, language in plan.counted.items():
        sha = shas[path]
        if sha in reading.binary or sha not in reading.lines or not sizes[path]:
            continue  # binary or empty: Linguist gives such files no language
        files[language] += 1
        size[language] += sizes[path]
        lines[language] += reading.lines[sha]
    total = sum(size.values())
    ranked = sorted(files, key=lambda language: (-size[language], language))
    return {
        language: LanguageStats(
            files[language],
            size[language],
            lines[language],
            size[language] / total if total else 0.0,
        )
        for language in ranked
    }


@dataclass
class _FrameworkFound:
    declared_in: list[str] = field(default_factory=list)
    used_in: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)


def _frameworks(
    plan: TreePlan, reading: _Reading, per_path: Mapping[str, FileFacts]
) -> tuple[FrameworkUse, ...]:
    found: dict[tuple[str, str], _FrameworkFound] = {}
    for dependency in sorted(reading.dependencies, key=lambda item: (item.manifest, item.name)):
        framework_id = framework_for_package(dependency.ecosystem, dependency.name)
        if framework_id is not None:
            key = (framework_id, dependency.ecosystem)
            found.setdefault(key, _FrameworkFound()).declared_in.append(dependency.evidence)
    for path, facts in per_path.items():
        ecosystem = GRAMMAR_ECOSYSTEMS[facts.grammar]
        for module, line in facts.imports:
            framework_id = framework_for_import(ecosystem, module)
            if framework_id is not None:
                item = found.setdefault((framework_id, ecosystem), _FrameworkFound())
                if path not in item.files:
                    item.used_in.append(f"{path}:{line} import {module}")
                item.files.add(path)
    infra = [*plan.infra.items(), *((path, "kubernetes") for path in reading.kubernetes)]
    for path, framework_id in sorted(infra):
        item = found.setdefault((framework_id, "files"), _FrameworkFound())
        item.used_in.append(path)
        item.files.add(path)
    catalog = all_frameworks()
    uses = [
        FrameworkUse(
            id=framework_id,
            name=catalog[framework_id].name,
            ecosystem=ecosystem,
            category=catalog[framework_id].category,
            needs=catalog[framework_id].needs,
            declared_in=tuple(item.declared_in[:MAX_EVIDENCE]),
            used_in=tuple(item.used_in[:MAX_EVIDENCE]),
            files=len(item.files),
        )
        for (framework_id, ecosystem), item in found.items()
    ]
    uses.sort(key=lambda use: (CATEGORIES.index(use.category), -use.files, use.id, use.ecosystem))
    return tuple(uses)


def _constructs(per_path: Mapping[str, FileFacts]) -> dict[str, ConstructUse]:
    sites: dict[str, list[tuple[int, str]]] = {}
    for path, facts in per_path.items():
        for construct, count, first_line in facts.constructs:
            sites.setdefault(construct, []).append((count, f"{path}:{first_line}"))
    uses = {}
    for construct, found in sorted(sites.items()):
        found.sort(key=lambda site: (-site[0], site[1]))
        uses[construct] = ConstructUse(
            construct=construct,
            count=sum(count for count, _ in found),
            files=len(found),
            sites=tuple(site for _, site in found[:MAX_EVIDENCE]),
        )
    return uses


def _file_counts(
    tree: int,
    plan: TreePlan,
    reading: _Reading,
    per_path: Mapping[str, FileFacts],
    shas: Mapping[str, str],
) -> FileCounts:
    errors = sorted(path for path, facts in per_path.items() if facts.has_errors)
    failed = sum(1 for facts in per_path.values() if facts.failed)
    return FileCounts(
        tree=tree,
        counted=sum(1 for path in plan.counted if shas[path] in reading.lines),
        excluded={reason: plan.excluded[reason] for reason in EXCLUSION_REASONS},
        binary=sum(1 for path in plan.counted if shas[path] in reading.binary),
        too_large=plan.too_large,
        parsed=len(reading.facts),
        parsed_head_only=sum(1 for facts in reading.facts.values() if facts.parsed_bytes > 0),
        nothing_to_parse=sum(1 for facts in reading.facts.values() if facts.parsed_bytes == 0),
        parse_errors=len(errors),
        parse_failed=failed,
        parse_error_paths=tuple(errors[:MAX_ERROR_PATHS]),
    )


def _parse_warnings(counts: FileCounts) -> list[str]:
    if not counts.parse_errors:
        return []
    first = counts.parse_error_paths[0]
    return [
        f"{counts.parse_errors} source files have syntax tree-sitter cannot read (first: "
        f"{first}); their imports and constructs may be incomplete"
    ]
