"""Which current files use which framework: the map that frameworks per person are joined on.

A file uses a framework when its own imports name it (matched exactly, as the scan matches
them, analyzer/code/frameworks.py) or when it is an infrastructure file of it by name (a
Dockerfile). A folder whose manifest declares a framework is not enough: a person who only
edits a README next to requirements.txt has not written Django. Only the imports are needed,
so each file's head is parsed, never its constructs (the scan's `parsed_head_only` path).
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures.process import BrokenProcessPool

from analyzer.code.document import FileFrameworks
from analyzer.code.frameworks import framework_for_import
from analyzer.code.imports import ParseJob
from analyzer.code.pool import ParsePool
from analyzer.code.queries import GRAMMAR_ECOSYSTEMS
from analyzer.code.scan import BINARY_PROBE_BYTES
from analyzer.code.scan import ScanSettings
from analyzer.code.scan import plan_tree
from analyzer.errors import StackfitError
from analyzer.git.repository import Repository
from analyzer.languages.tree import Classifier
from analyzer.languages.tree import HeadTree
from analyzer.languages.tree import read_tree_blobs
from analyzer.machine import available_cpus

# Heads parse fast (4,300 Python heads: 0.5 s in one process), so worker processes pay off only
# for trees with more files than this; --jobs is not consulted below it.
POOL_MIN_FILES = 10_000
MISSING_BLOBS_WARNING = (
    "file contents are missing (a partial clone?): frameworks per person are unknown; "
    "fix: git fetch --refetch"
)


def read_file_frameworks(
    repo: Repository, head: HeadTree, classifier: Classifier, settings: ScanSettings
) -> FileFrameworks:
    """The frameworks of each current file, or none and a warning: skills never fail on them."""
    if head.blobs_missing:
        return FileFrameworks({}, (MISSING_BLOBS_WARNING,))
    try:
        return _read(repo, head, classifier, settings)
    except (StackfitError, OSError, BrokenProcessPool) as error:
        return FileFrameworks({}, (f"frameworks per person are unknown: {error}",))


def _read(
    repo: Repository, head: HeadTree, classifier: Classifier, settings: ScanSettings
) -> FileFrameworks:
    """Read the imports of the analysed revision's counted source files, heads only."""
    plan = plan_tree(head.files.items(), classifier, settings.max_file_bytes)
    found: dict[str, set[str]] = {path: {framework} for path, framework in plan.infra.items()}
    paths_of: dict[tuple[str, str], list[str]] = {}  # a blob shared by paths is parsed once
    for path, grammar in plan.parse.items():
        paths_of.setdefault((head.files[path].sha, grammar), []).append(path)
    known = head.known
    recalled: dict[tuple[str, str], set[str]] = {}
    if known is not None:
        for sha, grammar in paths_of:
            remembered = known.imports.get(f"{sha}:{grammar}")
            if remembered is not None:
                recalled[(sha, grammar)] = set(remembered)
    unread = {key: paths for key, paths in paths_of.items() if key not in recalled}
    workers = settings.jobs or available_cpus()
    with ParsePool(workers if len(unread) >= POOL_MIN_FILES else 1) as pool:
        parsed = _imported_frameworks(repo, head, pool, unread) if unread else []
    if known is not None:
        for (sha, grammar), ids in parsed:
            known.imports[f"{sha}:{grammar}"] = tuple(sorted(ids))
        known.learned |= bool(parsed)
    for key, ids in [*recalled.items(), *parsed]:
        for path in paths_of[key]:
            found.setdefault(path, set()).update(ids)
    return FileFrameworks({path: tuple(sorted(ids)) for path, ids in sorted(found.items()) if ids})


def _imported_frameworks(
    repo: Repository, head: HeadTree, pool: ParsePool, paths_of: Mapping[tuple[str, str], list[str]]
) -> list[tuple[tuple[str, str], set[str]]]:
    """Per (blob, grammar): the framework ids its imports name."""
    grammars: dict[str, list[str]] = {}
    for sha, grammar in paths_of:
        grammars.setdefault(sha, []).append(grammar)
    for sha, content in read_tree_blobs(repo, head, grammars):
        if b"\0" not in content[:BINARY_PROBE_BYTES]:  # binary: git's own heuristic
            for grammar in grammars[sha]:
                pool.add(ParseJob(sha, grammar, content, imports_only=True))
    results = []
    for facts in pool.results():
        ecosystem = GRAMMAR_ECOSYSTEMS[facts.grammar]
        ids = {framework_for_import(ecosystem, module) for module, _ in facts.imports}
        results.append(((facts.sha, facts.grammar), {item for item in ids if item is not None}))
    return results
