"""What a path is: its language, the language's kind, and whether it is excluded from evidence.

Names and extensions go through identify; shebangs and generated-file markers are read from the
analysed revision's blobs (paths that no longer exist are judged by name alone). `.gitattributes`
`linguist-*` attributes override both, as on GitHub.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import NamedTuple

import pathspec
from identify import identify

from analyzer.data import paths as path_rules
from analyzer.data.languages import LANGUAGE_KINDS
from analyzer.data.languages import PROGRAMMING
from analyzer.data.languages import SKILL_KINDS
from analyzer.data.languages import TAG_LANGUAGES
from analyzer.repo import GitFailure
from analyzer.repo import Repository
from analyzer.repo import run_git
from analyzer.repo import stream_git

# Blobs larger than this are not read for shebangs or markers (huge files: judged by name).
MAX_CONTENT_BYTES = 1 << 20
_HEADER_BYTES = 1024

VENDORED = "vendored"
GENERATED = "generated"
LOCKFILE = "lockfile"
DOCUMENTATION = "documentation"
CONFIG_EXCLUDED = "excluded"
EXCLUSION_REASONS = (VENDORED, GENERATED, LOCKFILE, DOCUMENTATION, CONFIG_EXCLUDED)

_VENDORED_NAME = re.compile("|".join(path_rules.VENDORED_NAMES))
_VENDORED_PATH = re.compile("|".join(path_rules.VENDORED_PATHS))
_GENERATED_NAME = re.compile("|".join(path_rules.GENERATED_NAMES))
_GENERATED_PATH = re.compile("|".join(path_rules.GENERATED_PATHS))
_DOCUMENTATION_NAME = re.compile("|".join(path_rules.DOCUMENTATION_NAMES))
_TAG_ORDER = {tag: index for index, (tag, _) in enumerate(TAG_LANGUAGES)}
_TAG_LANGUAGE = dict(TAG_LANGUAGES)
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


@dataclass(frozen=True)
class AttributeRule:
    """One `.gitattributes` line: a pattern relative to its folder and the linguist-* it sets."""

    folder: str
    spec: pathspec.GitIgnoreSpec
    settings: tuple[tuple[str, str | bool], ...]


@dataclass
class HeadTree:
    """The analysed revision's files and the facts that need their content."""

    files: dict[str, TreeFile] = field(default_factory=dict)
    shebang_languages: dict[str, str] = field(default_factory=dict)
    generated_by_marker: set[str] = field(default_factory=set)
    attribute_rules: list[AttributeRule] = field(default_factory=list)
    skipped_large: int = 0
    blobs_missing: bool = False  # sizes and contents could not be read (partial clone)
    missing_files: int = 0  # files whose blob alone is missing (a damaged or partial mirror)
    known: KnownBlobs | None = None  # what earlier runs read in these blobs (the cache)


@dataclass
class KnownBlobs:
    """Facts read from blob contents, by blob sha, so that a later run reads only new blobs.

    A blob's content never changes, so neither does what was read in it: `heads` holds its
    shebang language ("" for none) and whether it carries a generated marker; `imports` the
    framework ids its imports name, keyed "sha:grammar".
    """

    heads: dict[str, tuple[str, bool]] = field(default_factory=dict)
    imports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    learned: bool = False  # something new was added: worth writing back


@functools.lru_cache(maxsize=1 << 16)
def language_from_name(path: str) -> str | None:
    """Linguist name of a path's language by file name and extension, or None."""
    tags = identify.tags_from_filename(posixpath.basename(path))
    known = [tag for tag in tags if tag in _TAG_ORDER]
    if not known:
        return None
    return _TAG_LANGUAGE[min(known, key=_TAG_ORDER.__getitem__)]


def language_from_shebang(head: bytes) -> str | None:
    """Linguist name of the interpreter in a `#!` line, or None."""
    if not head.startswith(b"#!"):
        return None
    command = identify.parse_shebang(io.BytesIO(head))
    if not command:
        return None
    tags = identify.tags_from_interpreter(posixpath.basename(command[0]))
    known = [tag for tag in tags if tag in _TAG_ORDER]
    return _TAG_LANGUAGE[min(known, key=_TAG_ORDER.__getitem__)] if known else None


def has_generated_marker(head: bytes) -> bool:
    return any(marker in head for marker in path_rules.GENERATED_MARKERS)


@functools.lru_cache(maxsize=1 << 16)
def builtin_exclusion(path: str) -> str | None:
    """Why Linguist-like path rules set this path aside, or None."""
    folder_path, _, name = path.rpartition("/")
    folders = folder_path.split("/") if folder_path else []
    if name in path_rules.LOCKFILES:
        return LOCKFILE
    if (
        not path_rules.VENDORED_FOLDERS.isdisjoint(folders)
        or _VENDORED_NAME.match(name)
        or (folders and _VENDORED_PATH.search(path))
    ):
        return VENDORED
    if (
        not path_rules.GENERATED_FOLDERS.isdisjoint(folders)
        or _GENERATED_NAME.match(name)
        or (folders and _GENERATED_PATH.search(path))
    ):
        return GENERATED
    if (
        (folders and folders[0] in path_rules.DOCUMENTATION_TOP_FOLDERS)
        or not path_rules.DOCUMENTATION_FOLDERS.isdisjoint(folders)
        or _DOCUMENTATION_NAME.match(name)
    ):
        return DOCUMENTATION
    return None


def parse_gitattributes(folder: str, text: str) -> list[AttributeRule]:
    """The linguist-* rules of one `.gitattributes` file found in FOLDER ('' at the root)."""
    rules = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        pattern, *attributes = line.split()
        settings: list[tuple[str, str | bool]] = []
        for attribute in attributes:
            name, value = _attribute_setting(attribute)
            if name.startswith("linguist-"):
                settings.append((name, value))
        if settings and not pattern.startswith("!"):
            spec = pathspec.GitIgnoreSpec.from_lines([pattern])
            rules.append(AttributeRule(folder, spec, tuple(settings)))
    return rules


def _attribute_setting(attribute: str) -> tuple[str, str | bool]:
    if attribute.startswith(("-", "!")):
        return attribute[1:], False
    name, sep, value = attribute.partition("=")
    if not sep:
        return name, True
    if value.lower() in ("true", "false"):
        return name, value.lower() == "true"
    return name, value


def attributes_for(path: str, rules: Iterable[AttributeRule]) -> dict[str, str | bool]:
    """linguist-* attributes of PATH; deeper files and later lines win, as in git."""
    found: dict[str, str | bool] = {}
    for rule in rules:
        if rule.folder:
            if not path.startswith(rule.folder + "/"):
                continue
            relative = path[len(rule.folder) + 1 :]
        else:
            relative = path
        if rule.spec.match_file(relative):
            found.update(rule.settings)
    return found


class Classifier:
    """Classifies paths once each (a history names the same paths again and again)."""

    def __init__(self, head: HeadTree, exclude_globs: Iterable[str] = ()) -> None:
        self._head = head
        self._exclude = pathspec.GitIgnoreSpec.from_lines(list(exclude_globs))
        self._cache: dict[str, FileClass] = {}

    def classify(self, path: str) -> FileClass:
        found = self._cache.get(path)
        if found is None:
            found = self._cache[path] = self._classify(path)
        return found

    def _classify(self, path: str) -> FileClass:
        attributes = attributes_for(path, self._head.attribute_rules)
        forced = attributes.get("linguist-language")
        if isinstance(forced, str):
            language: str | None = _linguist_name(forced)
        else:
            language = language_from_name(path) or self._head.shebang_languages.get(path)
        kind = LANGUAGE_KINDS.get(language, "programming") if language else None
        return FileClass(language, kind, self._exclusion(path, attributes))

    def _exclusion(self, path: str, attributes: dict[str, str | bool]) -> str | None:
        if self._exclude.patterns and self._exclude.match_file(path):
            return CONFIG_EXCLUDED
        reason = builtin_exclusion(path)
        if reason is None and path in self._head.generated_by_marker:
            reason = GENERATED
        for attribute, flag_reason in _LINGUIST_FLAGS.items():
            value = attributes.get(attribute)
            if value is True:
                return flag_reason
            if value is False and reason == flag_reason:
                reason = None
        return reason


def _linguist_name(value: str) -> str:
    """`linguist-language=typescript` names a language in any case; use Linguist's spelling."""
    wanted = value.replace("-", " ").lower()
    for language in LANGUAGE_KINDS:
        if language.lower() == wanted:
            return language
    return value


def read_head_tree(
    repo: Repository, contents: dict[str, bytes] | None = None, known: KnownBlobs | None = None
) -> HeadTree:
    """List the analysed revision's files and read the blobs whose content decides a class.

    CONTENTS, when given, receives every blob read here by sha, so that a caller that needs
    them too (`stackfit scan`) does not read them a second time. KNOWN (the cache's) spares
    reading the blobs an earlier run read, and learns the new ones.
    """
    head = HeadTree(known=known)
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
        head.missing_files += bool(size) and not sized
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
        elif tree_file.size_bytes > MAX_CONTENT_BYTES:
            head.skipped_large += 1
        elif builtin_exclusion(tree_file.path) is None and _content_decides(tree_file.path):
            wanted.setdefault(tree_file.sha, tree_file.path)
    by_sha: dict[str, list[str]] = {}
    for tree_file in head.files.values():
        if tree_file.sha in wanted:
            by_sha.setdefault(tree_file.sha, []).append(tree_file.path)
    if known is not None and contents is None:
        for sha in [sha for sha in wanted if sha in known.heads]:
            _note_head(head, by_sha[sha], *known.heads[sha])
            del wanted[sha]
    for sha, content in read_blobs(repo, {**wanted, **attribute_files}):
        if contents is not None:
            contents[sha] = content
        if sha in attribute_files:
            folder = posixpath.dirname(attribute_files[sha])
            head.attribute_rules.extend(
                parse_gitattributes(folder, content.decode("utf-8", "replace"))
            )
            continue
        start = content[:_HEADER_BYTES]
        facts = (language_from_shebang(start) or "", has_generated_marker(start))
        _note_head(head, by_sha.get(sha, ()), *facts)
        if known is not None:
            known.heads[sha] = facts
            known.learned = True
    head.attribute_rules.sort(key=lambda rule: rule.folder.count("/") + bool(rule.folder))
    return head


def _note_head(head: HeadTree, paths: Iterable[str], shebang: str, marker: bool) -> None:
    """What a blob's first bytes say, for each path of the tree that holds that blob."""
    for path in paths:
        if shebang and language_from_name(path) is None:
            head.shebang_languages[path] = shebang
        if marker:
            head.generated_by_marker.add(path)


def _content_decides(path: str) -> bool:
    """A shebang names a nameless file's language; markers reveal generated programs."""
    language = language_from_name(path)
    return language is None or LANGUAGE_KINDS.get(language) == PROGRAMMING


def read_blobs(repo: Repository, shas: Iterable[str]) -> Iterator[tuple[str, bytes]]:
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
