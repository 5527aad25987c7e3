"""What a path is: its language, the language's kind, and whether it is excluded from evidence.

As GitHub Linguist decides it (analyzer/languages/linguist.py, analyzer/data/paths.py): names,
extensions and path rules first; shebangs, heuristics for ambiguous extensions and generated-file
markers from the analysed revision's blobs (paths that no longer exist are judged by name alone).
`.gitattributes` `linguist-*` attributes override both, as on GitHub.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Generator
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import NamedTuple

import pathspec

from analyzer.data import paths as path_rules
from analyzer.data.languages import LANGUAGE_KINDS
from analyzer.data.languages import SKILL_KINDS
from analyzer.git.repository import GitFailure
from analyzer.git.repository import Repository
from analyzer.git.repository import run_git
from analyzer.git.repository import stream_git
from analyzer.languages import linguist
from analyzer.languages.attributes import AttributeIndex
from analyzer.languages.attributes import AttributeRule
from analyzer.languages.attributes import parse_gitattributes

# Blobs larger than this are not read for shebangs or markers (huge files: judged by name).
MAX_CONTENT_BYTES = 1 << 20

VENDORED = "vendored"
GENERATED = "generated"
LOCKFILE = "lockfile"
DOCUMENTATION = "documentation"
CONFIG_EXCLUDED = "excluded"
EXCLUSION_REASONS = (VENDORED, GENERATED, LOCKFILE, DOCUMENTATION, CONFIG_EXCLUDED)


def _by_needle(patterns: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """One regex per needle: a path is searched only with the patterns whose needle it holds
    (and each regex is compiled, by `re`'s own cache, only once a path holds its needle)."""
    grouped: dict[str, list[str]] = {}
    for needle, pattern in patterns:
        grouped.setdefault(needle, []).append(f"(?:{pattern})")
    return tuple((needle, "|".join(group)) for needle, group in grouped.items())


_VENDORED_PATTERNS = _by_needle(path_rules.VENDORED_PATTERNS)
_DOCUMENTATION_PATTERNS = _by_needle(path_rules.DOCUMENTATION_PATTERNS)
_GENERATED_PATTERNS = _by_needle(path_rules.GENERATED_PATTERNS)
_LINGUIST_FLAGS = {
    "linguist-vendored": VENDORED,
    "linguist-generated": GENERATED,
    "linguist-documentation": DOCUMENTATION,
}


class FileClass(NamedTuple):
    language: str | None
    kind: str | None  # programming, markup, data or prose (Linguist's type)
    excluded: str | None  # one of EXCLUSION_REASONS, or None when the file counts

    @property
    def counts_for_skills(self) -> bool:
        return self.excluded is None and self.kind in SKILL_KINDS


class TreeFile(NamedTuple):
    """A regular file of the analysed revision (symlinks and submodules are never followed)."""

    path: str
    sha: str
    size_bytes: int

    @property
    def empty(self) -> bool:
        """An empty file: Linguist gives it no language (known by its id, even when a partial
        clone lacks the blobs and so their sizes)."""
        return self.sha in EMPTY_BLOB_IDS


# The ids of the empty blob, SHA-1 and SHA-256 repositories.
EMPTY_BLOB_IDS = frozenset(
    {
        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
        "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813",
    }
)


@dataclass
class HeadTree:
    """The analysed revision's files and the facts that need their content."""

    files: dict[str, TreeFile] = field(default_factory=dict)
    # languages the content settled (a shebang, a heuristic for an ambiguous extension)
    content_languages: dict[str, str] = field(default_factory=dict)
    generated_by_content: set[str] = field(default_factory=set)  # generated.rb's content rules
    attribute_rules: list[AttributeRule] = field(default_factory=list)
    blobs_missing: bool = False  # sizes and contents could not be read (partial clone)
    missing_files: int = 0  # files whose blob alone is missing (a damaged or partial mirror)
    missing_blobs: set[str] = field(default_factory=set)  # those files' blob ids
    unknown_languages: set[str] = field(default_factory=set)  # linguist-language= values ignored
    known: KnownBlobs | None = None  # what earlier runs read in these blobs (the cache)
    # The run's one snapshot of the revision: with `keep`, every blob read (here, or later by
    # `read_tree_blobs` for operations, frameworks per person and the scan) stays in `contents`
    # so that no blob is read from git twice in a run.
    keep: bool = False
    contents: dict[str, bytes] = field(default_factory=dict)
    content_blobs: frozenset[str] = frozenset()  # blobs read with the tree (a class, attributes)


@dataclass
class KnownBlobs:
    """Facts read from blob contents, by blob sha, so that a later run reads only new blobs.

    A blob's content never changes, so neither does what was read in it: `heads` holds, keyed
    "sha:path" (Linguist's content rules look at the name too), the language its content gives
    ("" for none) and whether it is generated; `imports` the framework ids its imports name,
    keyed "sha:grammar".
    """

    heads: dict[str, tuple[str, bool]] = field(default_factory=dict)
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    learned: bool = False  # something new was added: worth writing back


@functools.lru_cache(maxsize=1 << 16)
def language_from_name(path: str) -> str | None:
    """Linguist's language (grouped) for a path by name and extension alone, or None.

    An ambiguous extension (`.h`, `.m`, `.pl`) gets Linguist's likeliest candidate here; files
    of the analysed revision are settled by their content instead (`read_head_tree`).
    """
    candidates = linguist.name_candidates(path)
    if len(candidates) > 1:  # what the heuristics say of an empty file, if anything
        candidates = linguist.heuristic(path, "") or candidates
    found = linguist.best_guess(candidates)
    return linguist.group(found) if found else None


def _matches(path: str, patterns: tuple[tuple[str, str], ...]) -> bool:
    lowered = path.lower()
    return any(needle in lowered and re.search(regex, path) for needle, regex in patterns)


@functools.lru_cache(maxsize=1 << 16)
def builtin_exclusion(path: str) -> str | None:
    """Why Linguist's path rules set this path aside, or None (analyzer/data/paths.py)."""
    folder_path, _, name = path.rpartition("/")
    folders = folder_path.split("/") if folder_path else []
    if name in path_rules.LOCKFILES:
        return LOCKFILE
    if (
        (folders and folders[0] in path_rules.VENDORED_TOP_FOLDERS)
        or not path_rules.VENDORED_FOLDERS.isdisjoint(folders)
        or name in path_rules.VENDORED_NAMES
        or _matches(path, _VENDORED_PATTERNS)
    ):
        return VENDORED
    if not path_rules.GENERATED_FOLDERS.isdisjoint(folders) or _matches(path, _GENERATED_PATTERNS):
        return GENERATED
    if (
        (folders and folders[0] in path_rules.DOCUMENTATION_TOP_FOLDERS)
        or not path_rules.DOCUMENTATION_FOLDERS.isdisjoint(folders)
        or _matches(path, _DOCUMENTATION_PATTERNS)
    ):
        return DOCUMENTATION
    return None


class Classifier:
    """Classifies paths once each (a history names the same paths again and again)."""

    def __init__(self, head: HeadTree, exclude_globs: Iterable[str] = ()) -> None:
        self._head = head
        self._attributes = AttributeIndex(head.attribute_rules)
        self._exclude = pathspec.GitIgnoreSpec.from_lines(list(exclude_globs))
        self._cache: dict[str, FileClass] = {}

    def classify(self, path: str) -> FileClass:
        found = self._cache.get(path)
        if found is None:
            found = self._cache[path] = self._classify(path)
        return found

    def _classify(self, path: str) -> FileClass:
        attributes = self._attributes.attributes(path)
        forced = attributes.get("linguist-language")
        if isinstance(forced, str):
            language: str | None = linguist.group(forced)  # a known name: parse_gitattributes
        else:
            language = self._head.content_languages.get(path) or language_from_name(path)
        kind = LANGUAGE_KINDS.get(language, "programming") if language else None
        return FileClass(language, kind, self._exclusion(path, attributes))

    def _exclusion(self, path: str, attributes: dict[str, str | bool]) -> str | None:
        if self._exclude.patterns and self._exclude.match_file(path):
            return CONFIG_EXCLUDED
        reason = builtin_exclusion(path)
        if reason is None and path in self._head.generated_by_content:
            reason = GENERATED
        for attribute, flag_reason in _LINGUIST_FLAGS.items():
            value = attributes.get(attribute)
            if value is True:
                return flag_reason
            if value is False and reason == flag_reason:
                reason = None
        return reason


def unknown_languages_warning(head: HeadTree) -> list[str]:
    """One warning listing the linguist-language= values that name no language, or none."""
    if not head.unknown_languages:
        return []
    names = ", ".join(
        repr(name[:60]) if name.isprintable() else ascii(name[:60])
        for name in sorted(head.unknown_languages)
    )
    return [
        f".gitattributes: linguist-language= names no language Linguist knows: {names}; "
        "those files keep the language their names and contents give"
    ]


def read_head_tree(
    repo: Repository, known: KnownBlobs | None = None, *, keep: bool = False
) -> HeadTree:
    """List the analysed revision's files and read the blobs whose content decides a class.

    KEEP holds every blob read (here and by `read_tree_blobs` later), for a run that reads the
    code too (`scan`, `recommend`, `mine`): then each blob is read once. Without KEEP, KNOWN (the
    cache's) spares reading the blobs an earlier run read; either way it learns the new ones.
    """
    head = HeadTree(known=known, keep=keep)
    try:
        listing = run_git(repo.root, ["ls-tree", "-r", "-z", "-l", "--full-tree", repo.head])
    except GitFailure:  # sizes need the blobs, which a partial or damaged clone lacks
        listing = run_git(repo.root, ["ls-tree", "-r", "-z", "--full-tree", repo.head])
        head.blobs_missing = True
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, object_id, *size = meta.split()
        if kind != b"blob" or mode == b"120000":  # submodule or symlink: never followed
            continue
        path = raw_path.decode("utf-8", "backslashreplace")
        sized = bool(size) and size[0].isdigit()  # git says BAD for a missing blob's size
        if size and not sized:
            head.missing_files += 1
            head.missing_blobs.add(object_id.decode("ascii"))
        size_bytes = int(size[0]) if sized else 0
        head.files[path] = TreeFile(path, object_id.decode("ascii"), size_bytes)
    if head.blobs_missing:
        return head
    wanted: dict[str, str] = {}  # sha -> path (one path per blob is enough for its content)
    attribute_files: dict[str, str] = {}
    for tree_file in head.files.values():
        name = posixpath.basename(tree_file.path)
        if name == ".gitattributes":
            attribute_files[tree_file.sha] = tree_file.path
        elif (
            tree_file.size_bytes <= MAX_CONTENT_BYTES  # a larger one is judged by name
            and builtin_exclusion(tree_file.path) is None
            and _content_decides(tree_file.path)
        ):
            wanted.setdefault(tree_file.sha, tree_file.path)
    by_sha: dict[str, list[str]] = {}
    for tree_file in head.files.values():
        if tree_file.sha in wanted:
            by_sha.setdefault(tree_file.sha, []).append(tree_file.path)
    head.content_blobs = frozenset({**wanted, **attribute_files})
    if known is not None and not keep:
        for sha in list(wanted):
            recalled = [known.heads.get(f"{sha}:{path}") for path in by_sha[sha]]
            if all(facts is not None for facts in recalled):
                for path, facts in zip(by_sha[sha], recalled, strict=True):
                    _note_content(head, path, *facts)  # type: ignore[misc]
                del wanted[sha]
    for sha, content in read_tree_blobs(repo, head, {**wanted, **attribute_files}):
        if sha in attribute_files:
            folder = posixpath.dirname(attribute_files[sha])
            head.attribute_rules.extend(
                parse_gitattributes(
                    folder, content.decode("utf-8", "replace"), head.unknown_languages
                )
            )
            continue
        start = content[: linguist.CONTENT_BYTES]
        for path in by_sha.get(sha, ()):
            facts = _content_facts(path, start)
            _note_content(head, path, *facts)
            if known is not None and f"{sha}:{path}" not in known.heads:
                known.heads[f"{sha}:{path}"] = facts
                known.learned = True
    head.attribute_rules.sort(key=lambda rule: rule.folder.count("/") + bool(rule.folder))
    return head


def _content_facts(path: str, start: bytes) -> tuple[str, bool]:
    """What PATH's first bytes say: its language when the name leaves it open ("" for none),
    and whether the content is generated."""
    language = ""
    if len(linguist.name_candidates(path)) != 1:
        found = linguist.detect(path, start)
        language = linguist.group(found) if found else ""
    return language, linguist.generated_by_content(path, start)


def _note_content(head: HeadTree, path: str, language: str, generated: bool) -> None:
    if language:
        head.content_languages[path] = language
    if generated:
        head.generated_by_content.add(path)


def _content_decides(path: str) -> bool:
    """Content settles a nameless or ambiguous file's language and reveals generated code."""
    candidates = linguist.name_candidates(path)
    if len(candidates) != 1:
        return True
    return LANGUAGE_KINDS.get(linguist.group(candidates[0])) in SKILL_KINDS


def read_tree_blobs(
    repo: Repository, head: HeadTree, shas: Iterable[str], *, forget: bool = False
) -> Iterator[tuple[str, bytes]]:
    """Blobs of HEAD's revision in the order asked: those read before in this run from memory,
    the others from one `git cat-file --batch` (kept when HEAD keeps blobs). A blob git lacks
    is left out. FORGET hands each over for the last time (the scan), so memory is freed."""
    wanted = list(dict.fromkeys(shas))
    held = head.contents
    fresh = read_blobs(repo, [sha for sha in wanted if sha not in held])
    try:
        pending = next(fresh, None)
        for sha in wanted:
            content = held.pop(sha, None) if forget else held.get(sha)
            if content is None:
                if pending is None or pending[0] != sha:
                    continue  # git has no such blob
                content, pending = pending[1], next(fresh, None)
                if head.keep and not forget:
                    held[sha] = content
            yield sha, content
    finally:
        fresh.close()


def read_blobs(repo: Repository, shas: Iterable[str]) -> Generator[tuple[str, bytes], None, None]:
    """Contents of many blobs from one `git cat-file --batch` process."""
    wanted = list(shas)
    if not wanted:
        return
    stream = stream_git(repo.root, ["cat-file", "--batch"], stdin_lines=wanted)
    reader = stream.stdout
    try:
        for _ in wanted:
            header = reader.readline()
            if not header:
                break
            parts = header.split()
            if len(parts) != 3:  # "<sha> missing": a damaged repository
                continue
            size = int(parts[2])
            content = reader.read(size)
            reader.read(1)  # the newline after each object
            yield parts[0].decode("ascii"), content
    finally:
        stream.stop()
        stream.finish()
