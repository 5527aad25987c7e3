"""The code evidence of one revision (`stackfit scan`), and its JSON form (schema_version 1).

Keys in `to_json` are a contract other tools read: add freely, never rename or drop one
without bumping SCHEMA_VERSION. Everything is sorted so that the same tree gives the same JSON
for any number of workers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from analyzer.formatting import rounded
from analyzer.jsontext import document_header

# How many evidence items a framework, a construct or a need shows (the strongest first).
DEFAULT_MAX_FILE_BYTES = 1 << 20  # larger files are mostly data or bundles; Linguist skips them
MAX_EVIDENCE = 5


@dataclass(frozen=True)
class LanguageStats:
    files: int
    bytes: int
    lines: int
    share: float  # of the bytes of all counted files, as GitHub's language bar


@dataclass(frozen=True)
class FrameworkUse:
    """A framework found in one ecosystem, with where it was declared and where it is used."""

    id: str
    name: str
    ecosystem: str  # the catalog's ecosystem, or "files" for infrastructure files
    category: str
    needs: tuple[str, ...]
    declared_in: tuple[str, ...]  # manifest entries: "web/requirements.txt: Django==5.0.4"
    used_in: tuple[str, ...]  # first sites: "web/views.py:1 import django" or infra file paths
    files: int  # source files that import it (or infrastructure files of it)

    @property
    def evidence(self) -> tuple[str, ...]:
        """Manifest entries first (what the team chose), then where the code uses it."""
        return (*self.declared_in, *self.used_in)[:MAX_EVIDENCE]


@dataclass(frozen=True)
class ConstructUse:
    construct: str
    count: int
    files: int
    sites: tuple[str, ...]  # "path:line" of the files with the most, most first


@dataclass(frozen=True)
class WorkloadKind:
    score: float  # 0-1: how strongly the code base does this kind of work
    confidence: float  # 0-1: how much evidence the score rests on
    evidence: tuple[str, ...]  # the strongest few items, strongest first


@dataclass(frozen=True)
class FileCounts:
    tree: int  # regular files in the revision (symlinks and submodules are never followed)
    counted: int  # files of programming and markup languages that count
    excluded: Mapping[str, int]  # by reason: vendored, generated, lockfile, documentation, ...
    binary: int
    too_large: int
    parsed: int  # distinct blobs given to tree-sitter (a blob shared by paths: once)
    parsed_head_only: int  # no construct word: only the head holding the imports was parsed
    nothing_to_parse: int  # neither an import nor a construct word: not parsed at all
    parse_errors: int  # parsed with syntax errors (tree-sitter recovered)
    parse_failed: int  # could not be parsed at all
    parse_error_paths: tuple[str, ...]  # the first few, for a person to check


@dataclass(frozen=True)
class FileFrameworks:
    """Framework ids per current path, sorted (paths that use none are left out)."""

    paths: Mapping[str, tuple[str, ...]]
    warnings: tuple[str, ...] = ()  # why the map is empty or partial


@dataclass(frozen=True)
class ScanTarget:
    path: str
    head: str
    rev: str
    bare: bool


@dataclass(frozen=True)
class CodeEvidence:
    repository: ScanTarget
    languages: Mapping[str, LanguageStats]
    frameworks: tuple[FrameworkUse, ...]
    constructs: Mapping[str, ConstructUse]
    workload: Mapping[str, WorkloadKind]
    manifests: tuple[str, ...]  # paths of the manifests read
    dependencies: int  # declared dependencies across them
    files: FileCounts
    max_file_bytes: int
    warnings: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code_lines(self) -> int:
        """Lines of the counted files (the denominator of construct densities)."""
        return sum(stats.lines for stats in self.languages.values())


def to_json(evidence: CodeEvidence) -> dict[str, Any]:
    """The JSON document of `stackfit scan --format json`."""
    files = evidence.files
    return {
        **document_header(),
        "repository": {
            "path": evidence.repository.path,
            "head": evidence.repository.head,
            "rev": evidence.repository.rev,
            "bare": evidence.repository.bare,
        },
        "languages": {
            name: {
                "files": stats.files,
                "bytes": stats.bytes,
                "lines": stats.lines,
                "share": rounded(stats.share),
            }
            for name, stats in evidence.languages.items()
        },
        "frameworks": [
            {
                "id": use.id,
                "name": use.name,
                "ecosystem": use.ecosystem,
                "category": use.category,
                "needs": list(use.needs),
                "files": use.files,
                "evidence": list(use.evidence),
            }
            for use in evidence.frameworks
        ],
        "workload": {
            need: {
                "score": rounded(kind.score),
                "confidence": rounded(kind.confidence),
                "evidence": list(kind.evidence),
            }
            for need, kind in evidence.workload.items()
        },
        "constructs": {
            name: {"count": use.count, "files": use.files, "sites": list(use.sites)}
            for name, use in evidence.constructs.items()
        },
        "manifests": {"paths": list(evidence.manifests), "dependencies": evidence.dependencies},
        "files": {
            "tree": files.tree,
            "counted": files.counted,
            "excluded": dict(files.excluded),
            "binary": files.binary,
            "too_large": files.too_large,
            "max_file_bytes": evidence.max_file_bytes,
            "parsed": files.parsed,
            "parsed_head_only": files.parsed_head_only,
            "nothing_to_parse": files.nothing_to_parse,
            "parse_errors": files.parse_errors,
            "parse_failed": files.parse_failed,
            "parse_error_paths": list(files.parse_error_paths),
        },
        "warnings": list(evidence.warnings),
    }
